package org.skypatch.job.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {
    @Test
    void linearTicksAreRoundMultiplesWithAsManyDecimalsAsTheStepNeeds() {
        double[] likelihood = {-0.05, 1.05};
        double step = LinePlot.linearStep(likelihood);
        assertEquals(0.25, step, 1e-15);
        assertEquals(List.of("0.00", "0.25", "0.50", "0.75", "1.00"),
                LinePlot.linearTicks(likelihood, step).stream().map(t -> LinePlot.label(t, step)).toList());
        double[] r = {0.0637, 0.285};
        double rStep = LinePlot.linearStep(r);
        assertEquals(0.05, rStep, 1e-15);
        assertEquals(List.of("0.10", "0.15", "0.20", "0.25"),
                LinePlot.linearTicks(r, rStep).stream().map(t -> LinePlot.label(t, rStep)).toList());
    }

    /** The marker stretches the x axis to show itself: a curve on [0, 1] and a marker at 1.5. */
    @Test
    void aMarkerOutsideTheCurvesStretchesTheAxisAndIsDrawn(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("m.png");
        new LinePlot("t", "r", "L", false, false).add("c", new double[] {0, 1}, new double[] {0, 0}, false)
                .marker(1.5, "input r").write(png);
        BufferedImage img = ImageIO.read(png.toFile());
        // the plot area spans x pixels 90..870 for r in [-0.075, 1.575] (5% margins): the marker at 835, the curve
        // ending at 598
        int marker = (int) Math.round(90 + 780 * 1.575 / 1.65);
        assertTrue(darkPixels(img, marker) > 100, "dashed marker pixels: " + darkPixels(img, marker));
        assertEquals(0, darkPixels(img, 700), "nothing else right of the curve");
    }

    private static int darkPixels(BufferedImage img, int x) {
        int dark = 0;
        for (int y = 120; y < 520; y++) {
            for (int dx = -1; dx <= 1; dx++) {
                int rgb = img.getRGB(x + dx, y);
                dark += ((rgb >> 16) & 0xff) < 128 && ((rgb >> 8) & 0xff) < 128 && (rgb & 0xff) < 128 ? 1 : 0;
            }
        }
        return dark;
    }

    @Test
    void logTicksAreOneTwoFiveWithinAFewDecadesAndDecadesBeyond() {
        // multipoles 2..65
        List<String> ell = LinePlot.logTicks(new double[] {Math.log10(2), Math.log10(65)}).stream()
                .map(t -> LinePlot.label(Math.pow(10, t), 0)).toList();
        assertEquals(List.of("2", "5", "10", "20", "50"), ell);
        // multipoles 2..129 (nside 64): 100 keeps its zeros
        assertEquals(List.of("2", "5", "10", "20", "50", "100"), LinePlot.logTicks(new double[] {Math.log10(2),
                Math.log10(129)}).stream().map(t -> LinePlot.label(Math.pow(10, t), 0)).toList());
        assertEquals("2.5", LinePlot.label(2.5, 0));
        // C_l from 5e-8 to 6e-2 uK^2: every other decade
        List<String> cl = LinePlot.logTicks(new double[] {-7.3, -1.2}).stream()
                .map(t -> LinePlot.label(Math.pow(10, t), 0)).toList();
        assertEquals(List.of("1e-6", "1e-4", "1e-2"), cl);
    }
}
