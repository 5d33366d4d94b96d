package org.skypatch.job.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.math.BigDecimal;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's charts (PNG), drawn by JFreeChart in one style: line plots on linear or log axes with optional rug
 * ticks and a labelled vertical marker, overlaid histograms, points with error bars and a heat map with its colour
 * scale. The sky maps are {@code org.skypatch.plot.MollweidePlot}'s.
 */
final class Charts {
    /** matplotlib's tab10, so the report's colours read as the paper's. */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)};
    static final int WIDTH = 1000;
    static final int HEIGHT = 650;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
            new float[] {8f, 6f}, 0f);

    private Charts() {
    }

    /** A line plot: named series, each solid or dashed, optional rug ticks, one optional vertical marker. */
    static final class Lines {
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

        Lines(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
            this.title = title;
            this.xLabel = xLabel;
            this.yLabel = yLabel;
            this.logX = logX;
            this.logY = logY;
        }

        /**
         * A series; NaN values are gaps. On a log axis a finite value at or below 0 is refused (an
         * IllegalArgumentException naming the series and the point): the caller says what to leave out.
         */
        Lines add(String name, double[] x, double[] y, boolean dashed) {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values, " + y.length + " y");
            }
            checkPositive(name, "x", x, logX);
            checkPositive(name, "y", y, logY);
            series.add(new Series(name, x.clone(), y.clone(), dashed, new double[0]));
            return this;
        }

        /** Marks these x values with short ticks at the bottom of the data, in the colour of the series added last. */
        Lines rug(double[] x) {
            Series last = series.remove(series.size() - 1);
            checkPositive(last.name + " (rug)", "x", x, logX);
            series.add(new Series(last.name, last.x, last.y, last.dashed, x.clone()));
            return this;
        }

        /** A vertical dashed line at x, labelled; the x axis stretches to show it. */
        Lines marker(double x, String label) {
            markerX = x;
            markerLabel = label;
            return this;
        }

        JFreeChart chart() {
            XYSeriesCollection lines = new XYSeriesCollection();
            XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
            XYSeriesCollection rugs = new XYSeriesCollection();
            XYLineAndShapeRenderer rugRenderer = new XYLineAndShapeRenderer(false, true);
            double yLow = Double.POSITIVE_INFINITY;
            for (Series s : series) {
                for (double v : s.y) {
                    yLow = Double.isFinite(v) ? Math.min(yLow, v) : yLow;
                }
            }
            for (int i = 0; i < series.size(); i++) {
                Series s = series.get(i);
                XYSeries xy = new XYSeries(s.name, false, true);
                for (int k = 0; k < s.x.length; k++) {
                    xy.add(s.x[k], Double.isFinite(s.x[k]) ? s.y[k] : Double.NaN);
                }
                lines.addSeries(xy);
                lineRenderer.setSeriesPaint(i, color(i));
                lineRenderer.setSeriesStroke(i, s.dashed ? DASHED : new BasicStroke(2f));
                if (s.rug.length > 0) {
                    XYSeries ticks = new XYSeries(s.name + " rug", false, true);
                    for (double v : s.rug) {
                        ticks.add(v, yLow);
                    }
                    int r = rugs.getSeriesCount();
                    rugs.addSeries(ticks);
                    rugRenderer.setSeriesPaint(r, color(i));
                    rugRenderer.setSeriesShape(r, new Line2D.Double(0, 0, 0, -14));
                    rugRenderer.setSeriesStroke(r, new BasicStroke(1.5f));
                    rugRenderer.setSeriesVisibleInLegend(r, false);
                }
            }
            rugRenderer.setDefaultShapesFilled(false);
            rugRenderer.setDrawOutlines(true);
            rugRenderer.setUseOutlinePaint(false);
            rugRenderer.setDefaultOutlineStroke(new BasicStroke(1.5f));
            XYPlot plot = new XYPlot(lines, axis(xLabel, logX), axis(yLabel, logY), lineRenderer);
            if (rugs.getSeriesCount() > 0) {
                plot.setDataset(1, rugs);
                plot.setRenderer(1, rugRenderer);
            }
            if (markerX != null) {
                plot.addDomainMarker(labelledMarker(markerX, markerLabel, RectangleAnchor.TOP_RIGHT, TextAnchor.TOP_LEFT,
                        new RectangleInsets(8, 6, 0, 0)));
                Range data = plot.getDataRange(plot.getDomainAxis());
                double lo = data == null ? markerX : Math.min(data.getLowerBound(), markerX);
                double hi = data == null ? markerX : Math.max(data.getUpperBound(), markerX);
                double pad = hi > lo ? 0.05 * (hi - lo) : 1;
                plot.getDomainAxis().setRange(lo - pad, hi + pad);
            }
            return styled(title, plot, true);
        }

        void write(Path png) {
            Charts.write(chart(), png, WIDTH, HEIGHT);
        }

        private static void checkPositive(String name, String axis, double[] v, boolean log) {
            if (!log) {
                return;
            }
            for (int k = 0; k < v.length; k++) {
                if (Double.isFinite(v[k]) && v[k] <= 0) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "series '%s': %s[%d] = %.6g on a log %s axis (leave it out as NaN)", name, axis, k, v[k], axis));
                }
            }
        }
    }

    /**
     * Overlaid histograms of several samples over common bins (frequency), semi-transparent, each with a dashed
     * line at its mean.
     */
    static JFreeChart histograms(String title, String xLabel, List<String> names, List<double[]> samples, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : samples) {
            for (double v : s) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            double pad = lo == 0 || !Double.isFinite(lo) ? 1 : Math.abs(lo) * 1e-3;
            lo -= pad;
            hi += pad;
        }
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.FREQUENCY);
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(true);
        NumberAxis x = (NumberAxis) axis(xLabel, false);
        x.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, axis("noise realizations", false), renderer);
        for (int i = 0; i < samples.size(); i++) {
            data.addSeries(names.get(i), samples.get(i), bins, lo, hi);
            Color c = color(i);
            renderer.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
            renderer.setSeriesOutlinePaint(i, c);
            double mean = java.util.Arrays.stream(samples.get(i)).average().orElse(Double.NaN);
            plot.addDomainMarker(new ValueMarker(mean, c, DASHED));
        }
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return styled(title, plot, true);
    }

    /** A series of points with error bars: x, y and the bounds y - minus, y + plus. */
    record Points(String name, double[] x, double[] y, double[] minus, double[] plus) {
    }

    /** Points with vertical error bars, each series joined by a thin line; a dashed horizontal line at yMarker. */
    static JFreeChart errorBars(String title, String xLabel, boolean logX, String yLabel, List<Points> series,
                                double yMarker, String markerLabel) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDrawYError(true);
        renderer.setDefaultLinesVisible(true);
        renderer.setErrorStroke(new BasicStroke(1.5f));
        renderer.setCapLength(8);
        for (int i = 0; i < series.size(); i++) {
            Points p = series.get(i);
            YIntervalSeries s = new YIntervalSeries(p.name());
            for (int k = 0; k < p.x().length; k++) {
                if (logX && p.x()[k] <= 0) {
                    throw new IllegalArgumentException("series '" + p.name() + "': x = " + p.x()[k] + " on a log axis");
                }
                s.add(p.x()[k], p.y()[k], p.y()[k] - p.minus()[k], p.y()[k] + p.plus()[k]);
            }
            data.addSeries(s);
            renderer.setSeriesPaint(i, color(i));
            renderer.setSeriesStroke(i, new BasicStroke(1f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
        }
        renderer.setErrorPaint(null);
        XYPlot plot = new XYPlot(data, axis(xLabel, logX), axis(yLabel, false), renderer);
        plot.addRangeMarker(labelledMarker(yMarker, markerLabel, RectangleAnchor.BOTTOM_LEFT, TextAnchor.BOTTOM_LEFT,
                new RectangleInsets(4, 8, 4, 8)));
        if (logX) {
            // room for the first and last points' markers
            Range r = plot.getDataRange(plot.getDomainAxis());
            if (r != null) {
                plot.getDomainAxis().setRange(r.getLowerBound() / 1.5, r.getUpperBound() * 1.5);
            }
        }
        Range y = plot.getDataRange(plot.getRangeAxis());
        if (y != null) {
            double lo = Math.min(y.getLowerBound(), yMarker);
            double hi = Math.max(y.getUpperBound(), yMarker);
            double pad = hi > lo ? 0.08 * (hi - lo) : 1e-3;
            plot.getRangeAxis().setRange(lo - pad, hi + pad);
        }
        return styled(title, plot, true);
    }

    /**
     * A heat map of values[row][column] (NaN: grey), viridis from low (dark) to high, with its colour scale; each cell
     * shows its value to 4 digits, and the lowest cell is outlined in red.
     */
    static JFreeChart heatMap(String title, String rowLabel, String[] rows, String columnLabel, String[] columns,
                              double[][] values, String scaleLabel) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        int n = rows.length * columns.length;
        double[][] xyz = new double[3][n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < columns.length; j++) {
                int k = i * columns.length + j;
                xyz[0][k] = j;
                xyz[1][k] = i;
                xyz[2][k] = values[i][j];
                if (Double.isFinite(values[i][j])) {
                    if (values[i][j] < lo) {
                        best = k;
                    }
                    lo = Math.min(lo, values[i][j]);
                    hi = Math.max(hi, values[i][j]);
                }
            }
        }
        data.addSeries("values", xyz);
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 0.5 : 0;
            hi = lo + 1;
        }
        Viridis scale = new Viridis(lo, hi);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        SymbolAxis x = new SymbolAxis(columnLabel, columns);
        SymbolAxis y = new SymbolAxis(rowLabel, rows);
        for (SymbolAxis a : List.of(x, y)) {
            a.setGridBandsVisible(false);
            a.setLabelFont(LABEL);
            a.setTickLabelFont(TICK);
        }
        x.setVerticalTickLabels(columns.length > 12);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, columns.length > 16 ? 10 : 12);
        for (int k = 0; k < n; k++) {
            if (Double.isFinite(xyz[2][k])) {
                XYTextAnnotation t = new XYTextAnnotation(String.format(Locale.ROOT, "%.4g", xyz[2][k]), xyz[0][k],
                        xyz[1][k]);
                t.setFont(cellFont);
                t.setPaint((xyz[2][k] - lo) / (hi - lo) < 0.6 ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(t);
            }
        }
        if (best >= 0) {
            plot.addAnnotation(new XYShapeAnnotation(new Rectangle2D.Double(xyz[0][best] - 0.5, xyz[1][best] - 0.5, 1, 1),
                    new BasicStroke(3f), Color.RED));
        }
        JFreeChart chart = styled(title, plot, false);
        NumberAxis scaleAxis = new NumberAxis(scaleLabel);
        scaleAxis.setRange(lo, hi);
        scaleAxis.setLabelFont(LABEL);
        scaleAxis.setTickLabelFont(TICK);
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(18);
        legend.setMargin(new RectangleInsets(10, 10, 10, 10));
        legend.setSubdivisionCount(128);
        chart.addSubtitle(legend);
        return chart;
    }

    /** Writes a chart as a PNG of this size. */
    static void write(JFreeChart chart, Path png, int width, int height) {
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** A thin black dashed line at a value, its label placed by the anchors on a transparent background. */
    private static ValueMarker labelledMarker(double value, String label, RectangleAnchor anchor, TextAnchor text,
                                              RectangleInsets offset) {
        ValueMarker m = new ValueMarker(value, Color.BLACK, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 4f}, 0f));
        m.setLabel(label);
        m.setLabelFont(LABEL);
        m.setLabelAnchor(anchor);
        m.setLabelTextAnchor(text);
        m.setLabelOffset(offset);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        return m;
    }

    private static ValueAxis axis(String label, boolean log) {
        ValueAxis a;
        if (log) {
            LogAxis l = new LogAxis(label);
            l.setBase(10);
            l.setSmallestValue(1e-300);
            // a tick at every decade (or every n-th), labelled 0.01, 10, 100 or 1e-5
            l.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            l.setNumberFormatOverride(new DecadeFormat());
            l.setMinorTickMarksVisible(true);
            a = l;
        } else {
            NumberAxis n = new NumberAxis(label);
            n.setAutoRangeIncludesZero(false);
            a = n;
        }
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
        return a;
    }

    private static JFreeChart styled(String title, XYPlot plot, boolean legend) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlinePaint(Color.BLACK);
        JFreeChart chart = new JFreeChart(null, TITLE, plot, legend);
        TextTitle t = new TextTitle(title, TITLE);
        t.setMaximumLinesToDisplay(4);
        t.setPadding(new RectangleInsets(6, 10, 6, 10));
        chart.setTitle(t);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        LegendTitle l = chart.getLegend();
        if (l != null) {
            l.setItemFont(LABEL);
            l.setFrame(BlockBorder.NONE);
        }
        return chart;
    }

    /** Decade tick labels: plain from 0.01 to 10^4, else 1e-5. */
    static final class DecadeFormat extends NumberFormat {
        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            double a = Math.abs(v);
            if (a >= 1e-2 * (1 - 1e-9) && a < 1e4 * (1 - 1e-9)) {
                return to.append(new BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString());
            }
            long e = (long) Math.floor(Math.log10(a) + 1e-9);
            double m = v / Math.pow(10, e);
            String mantissa = Math.abs(m - Math.rint(m)) < 1e-6 ? String.valueOf(Math.round(m))
                    : String.format(Locale.ROOT, "%.2g", m);
            return to.append(mantissa).append('e').append(e);
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("labels only");
        }
    }

    /** A viridis-like ramp from dark purple (lower bound) to yellow (upper); NaN is light grey. */
    record Viridis(double lowerBound, double upperBound) implements PaintScale {
        private static final double[][] STOPS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98},
            {253, 231, 37}};

        @Override
        public double getLowerBound() {
            return lowerBound;
        }

        @Override
        public double getUpperBound() {
            return upperBound;
        }

        @Override
        public Paint getPaint(double value) {
            if (!Double.isFinite(value)) {
                return Color.LIGHT_GRAY;
            }
            double t = Math.max(0, Math.min(1, (value - lowerBound) / (upperBound - lowerBound)));
            double x = t * (STOPS.length - 1);
            int i = Math.min((int) x, STOPS.length - 2);
            double f = x - i;
            return new Color((int) (STOPS[i][0] + f * (STOPS[i + 1][0] - STOPS[i][0])),
                    (int) (STOPS[i][1] + f * (STOPS[i + 1][1] - STOPS[i][1])),
                    (int) (STOPS[i][2] + f * (STOPS[i + 1][2] - STOPS[i][2])));
        }
    }
}
