package org.skypatch.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleToIntFunction;
import javax.imageio.ImageIO;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.Ordering;

/**
 * Pictures of full-sky HEALPix RING maps in the Mollweide projection, as healpy's mollview draws
 * them: longitude 0 at the centre increasing to the left, the equator of the map's frame (the
 * Galactic plane for Galactic maps) horizontal through the centre. Values follow viridis (a
 * perceptually uniform map) with a colour bar; categories (cluster or zone labels) get distinct colours
 * and, when named, a legend. NaN, infinite and UNSEEN pixels are grey. Headless (java.awt without a display).
 */
public final class MollweidePlot {
    /** healpy's marker for a missing pixel. */
    public static final double UNSEEN = Healpix.UNSEEN;

    private static final Color MISSING = new Color(0x80, 0x80, 0x80);
    private static final Color BACKGROUND = Color.WHITE;
    /** matplotlib's viridis at 0, 0.1, ..., 1. */
    private static final int[] VIRIDIS = {0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884,
        0x44bf70, 0x7ad151, 0xbddf26, 0xfde725};
    /** matplotlib's tab10, the first categories' colours. */
    private static final int[] TAB10 = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private MollweidePlot() {
    }

    /** Writes a PNG of the map with the colour range spanning its finite values. */
    public static void write(Path png, double[] map, String title, String unit) {
        double[] range = finiteRange(map);
        write(png, map, title, unit, range[0], range[1]);
    }

    /** Writes a PNG of the map, colours spanning [min, max] (values outside are clipped), 800 pixels wide. */
    public static void write(Path png, double[] map, String title, String unit, double min, double max) {
        writeImage(png, render(map, title, unit, min, max, 800));
    }

    /**
     * Writes a PNG of categories: label k >= 0 of each pixel in its own colour ({@link #categoryColour}), -1 grey;
     * with names (label k named names[k]) a legend below the map, else a line saying how many categories there are.
     */
    public static void writeCategories(Path png, int[] labels, String title, String[] names) {
        writeImage(png, renderCategories(labels, title, names, 800));
    }

    /** Writes an image as a PNG, creating its folder. */
    public static void writeImage(Path png, BufferedImage image) {
        try {
            Path dir = png.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PNG " + png + ": " + e.getMessage(), e);
        }
    }

    /**
     * The picture: title on top, the Mollweide ellipse (width x width/2), a horizontal colour bar below
     * with its min and max labelled, in the given unit.
     */
    public static BufferedImage render(double[] map, String title, String unit, double min, double max, int width) {
        int nside = Nside.fromNpix(map.length);
        if (width < 100) {
            throw new IllegalArgumentException("plot width " + width + " px is too small: use at least 100");
        }
        if (!(max >= min) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("colour range [" + min + ", " + max + "] is not a finite interval");
        }
        Frame f = Frame.of(width);
        BufferedImage image = f.blank();
        Graphics2D g = textGraphics(image);
        double span = max > min ? max - min : 1;
        project(image, nside, f.titleHeight(), v -> Healpix.isUnseen(v) ? MISSING.getRGB() : viridis((v - min) / span), map);
        drawText(g, title, unit, min, max, width, f.titleHeight(), f.mapHeight(), f.footerHeight());
        g.dispose();
        return image;
    }

    /** The picture of categories: title, map, and a legend of the named ones (or their count). */
    public static BufferedImage renderCategories(int[] labels, String title, String[] names, int width) {
        int nside = Nside.fromNpix(labels.length);
        Frame f = Frame.of(width);
        int titleHeight = f.titleHeight();
        int mapHeight = f.mapHeight();
        int legendHeight = f.footerHeight();
        BufferedImage image = f.blank();
        Graphics2D g = textGraphics(image);
        double[] asDoubles = new double[labels.length];
        int count = 0;
        for (int p = 0; p < labels.length; p++) {
            asDoubles[p] = labels[p];
            count = Math.max(count, labels[p] + 1);
        }
        project(image, nside, titleHeight, v -> v < 0 ? MISSING.getRGB() : categoryColour((int) v), asDoubles);
        drawTitle(g, title, width, titleHeight);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, legendHeight / 5)));
        FontMetrics fm = g.getFontMetrics();
        int y = titleHeight + mapHeight + legendHeight / 3;
        if (names == null) {
            String text = count + " categories, each its own colour";
            g.setColor(Color.BLACK);
            g.drawString(text, (width - fm.stringWidth(text)) / 2, y + fm.getAscent());
        } else {
            int box = fm.getAscent();
            int total = 0;
            for (String n : names) {
                total += box + 6 + fm.stringWidth(n) + 18;
            }
            int x = Math.max(4, (width - total) / 2);
            for (int k = 0; k < names.length; k++) {
                g.setColor(new Color(categoryColour(k)));
                g.fillRect(x, y, box, box);
                g.setColor(Color.BLACK);
                g.drawString(names[k], x + box + 6, y + box - 1);
                x += box + 6 + fm.stringWidth(names[k]) + 18;
            }
        }
        g.dispose();
        return image;
    }

    /**
     * A colour per category, neighbouring labels far apart: the ten of matplotlib's tab10 first, then hues
     * stepped by the golden ratio with alternating saturation and brightness.
     */
    public static int categoryColour(int k) {
        if (k < TAB10.length) {
            return TAB10[k];
        }
        float hue = (float) ((k * 0.6180339887498949) % 1.0);
        float saturation = 0.45f + 0.2f * (k % 3);
        float brightness = 0.95f - 0.25f * ((k / 3) % 2);
        return Color.HSBtoRGB(hue, saturation, brightness) & 0xffffff;
    }

    /** The bands of a picture: the title on top, the Mollweide map (width x width/2), a colour bar or legend. */
    private record Frame(int width, int titleHeight, int mapHeight, int footerHeight) {
        static Frame of(int width) {
            return new Frame(width, width / 16, width / 2, width / 10);
        }

        BufferedImage blank() {
            return MollweidePlot.blank(width, titleHeight + mapHeight + footerHeight);
        }
    }

    private static Graphics2D textGraphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Paints the Mollweide ellipse below the title: each image pixel takes the colour of its map pixel's value. */
    private static void project(BufferedImage image, int nside, int titleHeight, DoubleToIntFunction colour,
                                double[] map) {
        int width = image.getWidth();
        int mapHeight = width / 2;
        double halfW = width / 2.0;
        double halfH = mapHeight / 2.0;
        for (int y = 0; y < mapHeight; y++) {
            // Mollweide plane: x in [-2 sqrt2, 2 sqrt2], y in [-sqrt2, sqrt2]
            double py = (halfH - y - 0.5) / halfH * Math.sqrt(2);
            double aux = Math.asin(Math.max(-1, Math.min(1, py / Math.sqrt(2))));
            double lat = Math.asin(Math.max(-1, Math.min(1, (2 * aux + Math.sin(2 * aux)) / Math.PI)));
            double theta = Math.PI / 2 - lat;
            for (int x = 0; x < width; x++) {
                double px = (x + 0.5 - halfW) / halfW * 2 * Math.sqrt(2);
                if (px * px / 8 + py * py / 2 > 1) {
                    continue;
                }
                double lon = Math.PI * px / (2 * Math.sqrt(2) * Math.cos(aux));
                double v = map[(int) Healpix.ang2pix(nside, Ordering.RING, theta, -lon)];
                image.setRGB(x, titleHeight + y, colour.applyAsInt(v));
            }
        }
    }

    /** [min, max] of the finite, non-UNSEEN values; [0, 1] when there are none. */
    public static double[] finiteRange(double[] map) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : map) {
            if (!Healpix.isUnseen(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {0, 1};
    }

    /** The viridis colour of t in [0, 1] (clipped), as 0xRRGGBB. */
    static int viridis(double t) {
        double s = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) s, VIRIDIS.length - 2);
        double f = s - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int gr = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return (r << 16) | (gr << 8) | bl;
    }

    /** The title centred on top, fitted to its band ({@link Title}). */
    private static void drawTitle(Graphics2D g, String title, int width, int titleHeight) {
        g.setColor(Color.BLACK);
        Title.draw(g, title, 4, width - 8, 0, titleHeight, Math.max(10, titleHeight / 2), true);
    }

    private static void drawText(Graphics2D g, String title, String unit, double min, double max,
                                 int width, int titleHeight, int mapHeight, int barHeight) {
        drawTitle(g, title, width, titleHeight);
        FontMetrics fm;
        int barLeft = width / 5;
        int barWidth = width * 3 / 5;
        int barTop = titleHeight + mapHeight + barHeight / 8;
        int barH = barHeight / 4;
        for (int x = 0; x < barWidth; x++) {
            g.setColor(new Color(viridis(x / (barWidth - 1.0))));
            g.drawLine(barLeft + x, barTop, barLeft + x, barTop + barH);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(barLeft, barTop, barWidth, barH);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, barHeight / 5)));
        fm = g.getFontMetrics();
        int textY = barTop + barH / 2 + fm.getAscent() / 2;
        String lo = label(min);
        g.drawString(lo, barLeft - fm.stringWidth(lo) - 6, textY);
        g.drawString(label(max), barLeft + barWidth + 6, textY);
        g.drawString(unit, (width - fm.stringWidth(unit)) / 2, barTop + barH + fm.getAscent() + 2);
    }

    private static String label(double v) {
        return String.format(Locale.ROOT, v != 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4) ? "%.3g" : "%.3f", v);
    }
}
