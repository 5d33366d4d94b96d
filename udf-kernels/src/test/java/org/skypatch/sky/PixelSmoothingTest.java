package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.skypatch.sphere.RingTable;

class PixelSmoothingTest {
    private static final int NSIDE = 16;

    @Test
    void keepsConstantsAndIgnoresMissingPixels() {
        double[] map = new double[12 * NSIDE * NSIDE];
        java.util.Arrays.fill(map, 3.5);
        map[100] = Double.NaN;
        map[2000] = -1.6375e30;
        double[] s = PixelSmoothing.gaussian(map, 10);
        for (double v : s) {
            assertEquals(3.5, v, 1e-12);
        }
    }

    /**
     * A spot on the 4 polar pixels: relative to the polar pixel, the smoothed value at ring r is the ratio of
     * the Gaussian weights summed over the spot (the weight normalisation is the same everywhere to ~1%).
     */
    @Test
    void spreadsASpotAsAGaussian() {
        double[] map = new double[12 * NSIDE * NSIDE];
        for (int p = 0; p < 4; p++) {
            map[p] = 1; // the 4 pixels around the north pole
        }
        double fwhm = 20;
        double[] s = PixelSmoothing.gaussian(map, fwhm);
        RingTable rings = RingTable.healpix(NSIDE);
        double sigma = fwhm / Math.sqrt(8 * Math.log(2));
        for (int r : new int[] {2, 4, 6}) { // within 3 sigma = 25.5 deg
            double expected = spotWeight(rings, r, sigma) / spotWeight(rings, 0, sigma);
            double got = s[(int) rings.firstPixel()[r]] / s[0];
            assertEquals(expected, got, 0.02 * expected, "ring " + r);
        }
        assertEquals(0, s[12 * NSIDE * NSIDE - 1], 0); // beyond 3 sigma
        assertTrue(s[0] > 0 && s[0] < 1);
        assertThrows(IllegalArgumentException.class, () -> PixelSmoothing.gaussian(map, 0));
    }

    /** Sum of kernel weights between the first pixel of ring r and the 4 polar pixels. */
    private static double spotWeight(RingTable rings, int r, double sigmaDeg) {
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            double dphi = rings.phi0()[r] - (rings.phi0()[0] + k * Math.PI / 2);
            double c = rings.cosTheta()[r] * rings.cosTheta()[0] + rings.sinTheta()[r] * rings.sinTheta()[0] * Math.cos(dphi);
            double sigma = Math.toRadians(sigmaDeg);
            sum += Math.exp((c - 1) / (sigma * sigma)); // the documented Fisher kernel
        }
        return sum;
    }
}
