package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForegroundModelTest {

    /**
     * Re-mixes the shared fixture's true amplitudes and parameters (1024 of its pixels, see
     * tools/make_compsep_subset.py) and compares with fgbuster's noiseless frequency maps: 1e-10 relative per
     * pixel (the foreground-only maps to 1e-10 of the band's rms).
     */
    @Test
    void reproducesTheFixtureFrequencyMaps() throws IOException {
        double[][] rows = readSubset();
        int n = rows.length;
        double[][] col = new double[rows[0].length][n];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < rows[p].length; c++) {
                col[c][p] = rows[p][c];
            }
        }
        Instrument lb = Instrument.liteBird();
        double[][][] d = ForegroundModel.PAPER.mix(lb, new double[][] {col[4], col[5]}, new double[][] {col[6], col[7]},
                new double[][] {col[8], col[9]}, col[1], col[2], col[3]);
        double[][][] fg = ForegroundModel.PAPER.mix(lb, null, new double[][] {col[6], col[7]},
                new double[][] {col[8], col[9]}, col[1], col[2], col[3]);
        for (int b = 0; b < 15; b++) {
            for (int s = 0; s < 2; s++) {
                double[] expected = col[10 + 2 * b + s];
                double rms = Math.sqrt(Arrays.stream(expected).map(v -> v * v).sum() / n);
                for (int p = 0; p < n; p++) {
                    assertEquals(expected[p], d[b][s][p], 1e-10 * Math.abs(expected[p]), "band " + b + " stokes " + s + " row " + p);
                    assertEquals(expected[p] - col[4 + s][p], fg[b][s][p], 1e-10 * rms);
                }
            }
        }
        assertEquals(1024, n);
    }

    @Test
    void flatBandpassAveragesTheSed() {
        Instrument withBand = new Instrument(new String[] {"B"}, new double[] {100}, new double[] {5},
                new Bandpass[] {new Bandpass(new double[] {90, 95, 100, 105, 110}, new double[] {1, 1, 1, 1, 1})});
        double[] fd = new double[1];
        ForegroundModel.PAPER.dustColumn(withBand, 1.5, 20, fd);
        double trapezoid = 0;
        for (int i = 0; i < 4; i++) {
            double a = 90 + 5 * i;
            trapezoid += 2.5 * (Seds.dust(a, 150, 1.5, 20) + Seds.dust(a + 5, 150, 1.5, 20));
        }
        assertEquals(trapezoid / 20, fd[0], 1e-14);
        assertTrue(Math.abs(fd[0] - Seds.dust(100, 150, 1.5, 20)) > 1e-4 * fd[0], "the band average differs from the delta value");
    }

    private static double[][] readSubset() throws IOException {
        try (InputStream in = ForegroundModelTest.class.getResourceAsStream("/sky/compsep_subset.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#")).toList();
            return lines.stream().map(l -> Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                    .toArray(double[][]::new);
        }
    }
}
