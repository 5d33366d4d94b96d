package org.skypatch.job.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.skypatch.plot.Title;

/**
 * A small line plot (PNG, java.awt): several named series, linear or log axes, a legend, optional rug ticks and a
 * labelled vertical marker (say, the true value of a parameter).
 */
public final class LinePlot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)};
    private static final int W = 900;
    private static final int H = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private record Series(String name, double[] x, double[] y, boolean dashed, double[] rug) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private Double markerX;
    private String markerLabel;

    public LinePlot(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
        this.logY = logY;
    }

    public LinePlot add(String name, double[] x, double[] y, boolean dashed) {
        series.add(new Series(name, x, y, dashed, new double[0]));
        return this;
    }

    /** Marks these x values with short ticks on the x axis, in the colour of the series added last. */
    public LinePlot rug(double[] x) {
        Series last = series.remove(series.size() - 1);
        series.add(new Series(last.name, last.x, last.y, last.dashed, x.clone()));
        return this;
    }

    /** A vertical dashed line at x, labelled; the x axis stretches to show it. */
    public LinePlot marker(double x, String label) {
        markerX = x;
        markerLabel = label;
        return this;
    }

    public void write(Path png) {
        double[] xr = range(true);
        double[] yr = range(false);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        Title.draw(g, title, LEFT, W - LEFT - 10, 0, TOP - 6, 18, false);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
        ticks(g, xr, true);
        ticks(g, yr, false);
        g.drawString(xLabel, LEFT + (W - LEFT - RIGHT) / 2 - 4 * xLabel.length(), H - 20);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        gy.drawString(yLabel, -(TOP + (H - TOP - BOTTOM) / 2) - 4 * yLabel.length(), 20);
        gy.dispose();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            g.setColor(COLORS[i % COLORS.length]);
            g.setStroke(s.dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {8f, 6f}, 0f) : new BasicStroke(2f));
            Path2D.Double path = new Path2D.Double();
            boolean started = false;
            for (int k = 0; k < s.x.length; k++) {
                if (!usable(s.x[k], logX) || !usable(s.y[k], logY)) {
                    started = false;
                    continue;
                }
                double px = px(s.x[k], xr);
                double py = py(s.y[k], yr);
                if (started) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    started = true;
                }
            }
            g.draw(path);
            g.setStroke(new BasicStroke(1.5f));
            for (double v : s.rug) {
                double px = px(v, xr);
                if (usable(v, logX) && px >= LEFT && px <= W - RIGHT) {
                    g.draw(new Line2D.Double(px, H - BOTTOM, px, H - BOTTOM - 12));
                }
            }
            int ly = TOP + 20 + 20 * i;
            g.drawLine(W - RIGHT - 230, ly - 5, W - RIGHT - 200, ly - 5);
            g.setColor(Color.BLACK);
            g.drawString(s.name, W - RIGHT - 192, ly);
        }
        if (markerX != null && usable(markerX, logX)) {
            double px = px(markerX, xr);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 4f}, 0f));
            g.draw(new Line2D.Double(px, TOP, px, H - BOTTOM));
            int width = g.getFontMetrics().stringWidth(markerLabel);
            g.drawString(markerLabel, (float) (px > W / 2.0 ? px - 5 - width : px + 5), TOP + 15);
        }
        g.dispose();
        try {
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static boolean usable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean log = x ? logX : logY;
        for (Series s : series) {
            for (double v : x ? s.x : s.y) {
                if (usable(v, log)) {
                    double t = log ? Math.log10(v) : v;
                    lo = Math.min(lo, t);
                    hi = Math.max(hi, t);
                }
            }
        }
        boolean marked = x && markerX != null && usable(markerX, log);
        if (marked) {
            double t = log ? Math.log10(markerX) : markerX;
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        // a marker keeps off the frame
        double pad = x && !marked ? 0 : 0.05 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    private double px(double x, double[] r) {
        double t = logX ? Math.log10(x) : x;
        return LEFT + (t - r[0]) / (r[1] - r[0]) * (W - LEFT - RIGHT);
    }

    private double py(double y, double[] r) {
        double t = logY ? Math.log10(y) : y;
        return H - BOTTOM - (t - r[0]) / (r[1] - r[0]) * (H - TOP - BOTTOM);
    }

    private void ticks(Graphics2D g, double[] r, boolean x) {
        boolean log = x ? logX : logY;
        double step = log ? 0 : linearStep(r);
        for (double t : log ? logTicks(r) : linearTicks(r, step)) {
            String label = label(log ? Math.pow(10, t) : t, step);
            if (x) {
                int p = (int) Math.round(LEFT + (t - r[0]) / (r[1] - r[0]) * (W - LEFT - RIGHT));
                g.drawLine(p, H - BOTTOM, p, H - BOTTOM + 5);
                g.drawString(label, p - 3 * label.length(), H - BOTTOM + 20);
            } else {
                int p = (int) Math.round(H - BOTTOM - (t - r[0]) / (r[1] - r[0]) * (H - TOP - BOTTOM));
                g.drawLine(LEFT - 5, p, LEFT, p);
                g.drawString(label, LEFT - 10 - 7 * label.length(), p + 5);
            }
        }
    }

    /** About five ticks' spacing on a linear axis: 1, 2, 2.5 or 5 x 10^k. */
    static double linearStep(double[] r) {
        double raw = (r[1] - r[0]) / 5;
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / decade;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * decade;
    }

    /** The multiples of step inside the range r. */
    static List<Double> linearTicks(double[] r, double step) {
        List<Double> out = new ArrayList<>();
        for (long k = (long) Math.ceil(r[0] / step - 1e-9); k * step <= r[1] + 1e-9 * step; k++) {
            out.add(k * step);
        }
        return out;
    }

    /**
     * Ticks of a log axis given in log10 units: 1, 2 and 5 x 10^k over less than three decades, else
     * every decade (every n-th over many).
     */
    static List<Double> logTicks(double[] r) {
        double span = r[1] - r[0];
        double[] mantissas = span < 3 ? new double[] {1, 2, 5} : new double[] {1};
        long every = Math.max(1, (long) Math.ceil(span / 6));
        List<Double> out = new ArrayList<>();
        for (long k = (long) Math.floor(r[0]); k <= Math.ceil(r[1]); k++) {
            if (Math.floorMod(k, every) != 0) {
                continue;
            }
            for (double m : mantissas) {
                double t = k + Math.log10(m);
                if (t >= r[0] - 1e-9 && t <= r[1] + 1e-9) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** A tick label with as many decimals as a linear step needs; step 0: a log axis's 1, 2, 5 x 10^k. */
    static String label(double v, double step) {
        if (step == 0 && (Math.abs(v) >= 1e4 || Math.abs(v) <= 1e-2 * (1 + 1e-9))) {
            long e = (long) Math.floor(Math.log10(Math.abs(v)) + 1e-9);
            return Math.round(v / Math.pow(10, e)) + "e" + e;
        }
        if (step == 0) {
            return String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        if (Math.abs(v) >= 1e5 || step < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        int decimals = 0;
        while (Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6 && decimals < 6) {
            decimals++;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < 1e-12 * step ? 0.0 : v);
    }
}
