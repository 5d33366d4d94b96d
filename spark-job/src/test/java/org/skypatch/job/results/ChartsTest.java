package org.skypatch.job.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.jfree.data.statistics.HistogramDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @Test
    void aLinePlotIsWrittenAtItsSizeWithItsSeriesColours(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("spectra.png");
        double[] ell = {2, 5, 10, 20, 50, 100};
        new Charts.Lines("residual BB", "multipole l", "C_l^BB [uK^2]", true, true)
                .add("total", ell, new double[] {1e-3, 5e-4, 2e-4, 1e-4, 5e-5, 2e-5}, false)
                .add("lensing", ell, new double[] {1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 2e-4}, true)
                .write(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
        assertTrue(pixels(img, Charts.color(0)) > 300, "first series' pixels: " + pixels(img, Charts.color(0)));
        assertTrue(pixels(img, Charts.color(1)) > 200, "second series' pixels: " + pixels(img, Charts.color(1)));
        assertTrue(colours(img) > 20, "a drawn chart, not a blank image: " + colours(img) + " colours");
    }

    @Test
    void aLogAxisRefusesValuesAtOrBelowZeroNamingTheSeriesAndGapsAtNaN() {
        Charts.Lines lines = new Charts.Lines("t", "l", "C_l", true, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lines.add("systematic residual", new double[] {2, 3, 4}, new double[] {1e-5, 0, 2e-5}, false));
        assertTrue(e.getMessage().contains("'systematic residual'") && e.getMessage().contains("y[1]")
                && e.getMessage().contains("log"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> lines.add("x", new double[] {-1, 3}, new double[] {1, 2}, false));
        // NaN is a gap: accepted and drawn around
        lines.add("gap", new double[] {2, 3, 4}, new double[] {1e-5, Double.NaN, 2e-5}, false);
        XYPlot plot = lines.chart().getXYPlot();
        Range y = plot.getDataRange(plot.getRangeAxis());
        assertEquals(1e-5, y.getLowerBound(), 1e-20);
        // a linear axis takes them
        new Charts.Lines("t", "r", "L", false, false).add("c", new double[] {-1, 0}, new double[] {0, -2}, false);
    }

    @Test
    void logAxisTicksAreDecadesLabelledPlainlyOrAsPowers() {
        Charts.DecadeFormat f = new Charts.DecadeFormat();
        assertEquals(List.of("10", "100", "1000", "0.01", "1", "1e-5", "1e4", "2.5e-7"),
                java.util.stream.DoubleStream.of(10, 100, 1000, 0.01, 1, 1e-5, 1e4, 2.5e-7).mapToObj(f::format).toList());
    }

    /** The marker stretches the x axis to show itself: a curve on [0, 1] and a marker at 1.5. */
    @Test
    void aMarkerOutsideTheCurvesStretchesTheAxis() {
        JFreeChart chart = new Charts.Lines("t", "r", "L", false, false)
                .add("c", new double[] {0, 1}, new double[] {0, 1}, false).rug(new double[] {0.2, 0.4})
                .marker(1.5, "input r").chart();
        XYPlot plot = chart.getXYPlot();
        Range x = plot.getDomainAxis().getRange();
        assertTrue(x.contains(0) && x.contains(1.5) && x.getUpperBound() < 2, "x axis " + x);
        assertEquals(1, plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).size());
        assertEquals(2, plot.getDataset(1).getItemCount(0), "two rug ticks");
    }

    @Test
    void histogramsCountEverySampleOverCommonBins(@TempDir Path dir) throws IOException {
        double[] a = {1.0, 1.1, 1.2, 1.25, 1.3};
        double[] b = {2.0, 2.2, 2.4};
        JFreeChart chart = Charts.histograms("t", "spatial_variance", List.of("chosen", "single"), List.of(a, b), 10);
        HistogramDataset data = (HistogramDataset) chart.getXYPlot().getDataset();
        for (int s = 0; s < 2; s++) {
            double count = 0;
            for (int i = 0; i < data.getItemCount(s); i++) {
                count += data.getYValue(s, i);
            }
            assertEquals(s == 0 ? 5 : 3, count, 1e-12);
        }
        assertEquals(1.0, data.getStartXValue(0, 0), 1e-12);
        assertEquals(2.4, data.getEndXValue(1, 9), 1e-12);
        Path png = dir.resolve("h.png");
        Charts.write(chart, png, 600, 400);
        assertTrue(colours(ImageIO.read(png.toFile())) > 10);
    }

    @Test
    void aHeatMapOutlinesItsLowestCellAndGreysNaN(@TempDir Path dir) throws IOException {
        double[][] v = {{3, 2}, {Double.NaN, 1}};
        JFreeChart chart = Charts.heatMap("t", "K beta_d", new String[] {"100", "300"}, "K T_d / K beta_s",
                new String[] {"1/1", "5/5"}, v, "spatial_variance [uK_CMB^2]");
        Charts.Viridis scale = (Charts.Viridis) ((org.jfree.chart.renderer.xy.XYBlockRenderer) chart.getXYPlot()
                .getRenderer()).getPaintScale();
        assertEquals(1, scale.getLowerBound());
        assertEquals(3, scale.getUpperBound());
        assertEquals(Color.LIGHT_GRAY, scale.getPaint(Double.NaN));
        assertEquals(new Color(68, 1, 84), scale.getPaint(1));
        // three values and the outline of the lowest (row 1, column 1)
        assertEquals(4, chart.getXYPlot().getAnnotations().size());
        Path png = dir.resolve("hm.png");
        Charts.write(chart, png, 500, 400);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(pixels(img, Color.RED) > 100, "the red outline");
        assertTrue(pixels(img, Color.LIGHT_GRAY) > 1000, "the NaN cell");
    }

    @Test
    void errorBarsSpanTheirBoundsAndTheMarker() {
        JFreeChart chart = Charts.errorBars("t", "beta_d clusters", true, "r-hat",
                List.of(new Charts.Points("kmeans", new double[] {600, 6000}, new double[] {0.004, 0.002},
                        new double[] {0.001, 0.001}, new double[] {0.002, 0.001})), 0, "input r = 0");
        Range y = chart.getXYPlot().getRangeAxis().getRange();
        assertTrue(y.contains(0) && y.contains(0.006), "y axis " + y);
        assertThrows(IllegalArgumentException.class, () -> Charts.errorBars("t", "x", true, "y",
                List.of(new Charts.Points("p", new double[] {0}, new double[] {1}, new double[] {0}, new double[] {0})),
                0, "m"));
    }

    private static int pixels(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff) ? 1 : 0;
            }
        }
        return n;
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
