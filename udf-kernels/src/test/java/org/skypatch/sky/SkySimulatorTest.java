package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's recipe, with white-noise stand-ins for the harmonic synthesis and the clustering. */
class SkySimulatorTest {
    private static final int NSIDE = 16;
    private static final int NPIX = 12 * NSIDE * NSIDE;

    private final List<CmbSpectra> requested = new ArrayList<>();

    private final GaussianFields whiteFields = (spectra, nside, lmax, seed) -> {
        requested.add(spectra);
        return TestSkies.whiteMaps(nside, seed);
    };

    private final SkySimulator simulator = new SkySimulator(whiteFields, TestSkies.RUNS);

    @Test
    void followsTheFixtureRecipe() {
        SkyOptions o = SkyOptions.defaults(NSIDE, 7);
        SimulatedSky sky = simulator.simulate(o);
        assertNull(sky.clusters());
        // parameter fields: exact mean and spread
        assertMoments(sky.betaDust(), 1.54, 0.1);
        assertMoments(sky.tempDust(), 20, 2);
        assertMoments(sky.betaSync(), -3, 0.1);
        // amplitudes: unit-rms field times amplitude times envelope
        double[] env = SkySimulator.envelope(o);
        double dustSq = 0;
        double syncSq = 0;
        for (int p = 0; p < NPIX; p++) {
            for (int s = 0; s < 2; s++) {
                dustSq += Math.pow(sky.dust()[s][p] / env[p], 2);
                syncSq += Math.pow(sky.sync()[s][p] / env[p], 2);
            }
        }
        assertEquals(2e-6, Math.sqrt(dustSq / (2 * NPIX)), 1e-12 * 2e-6);
        assertEquals(15e-6, Math.sqrt(syncSq / (2 * NPIX)), 1e-12 * 15e-6);
        // spectra asked of the synthesis: CMB C_ell(r = 0), dust EE ~ (l/80)^-2.42 with BB = EE/2, sync ~ (l/80)^-3
        assertEquals(6, requested.size());
        assertArrayEquals(CmbSpectra.total(0).upTo(3 * NSIDE - 1).bb(), requested.get(0).bb(), 0);
        assertEquals(1, requested.get(1).ee()[40] * Math.pow(40 / 80.0, 2.42), 1e-12);
        assertEquals(0.5 * requested.get(1).ee()[17], requested.get(1).bb()[17], 1e-15);
        assertEquals(Math.pow(30 / 80.0, -3), requested.get(2).ee()[30], 1e-12);
        assertEquals(0, requested.get(1).ee()[1], 0);
        assertEquals(Math.pow(11, -2.5), requested.get(3).tt()[10], 1e-15);
        // frequency maps = mix of the truths; foreground maps without the CMB
        double[][][] again = ForegroundModel.PAPER.mix(o.instrument(), sky.cmb(), sky.dust(), sky.sync(),
                sky.betaDust(), sky.tempDust(), sky.betaSync());
        for (int b = 0; b < 15; b++) {
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(again[b][s], sky.frequencyMaps()[b][s], 0);
                for (int p = 0; p < NPIX; p += 97) {
                    assertEquals(sky.frequencyMaps()[b][s][p] - sky.cmb()[s][p], sky.foregroundMaps()[b][s][p],
                            1e-12 * Math.abs(sky.frequencyMaps()[b][s][p]));
                }
            }
        }
    }

    @Test
    void changingROnlyChangesTheCmbAndSeedsChangeEverything() {
        SkyOptions o = SkyOptions.defaults(NSIDE, 7);
        SimulatedSky a = simulator.simulate(o);
        SimulatedSky same = simulator.simulate(o);
        SimulatedSky withR = simulator.simulate(o.withR(0.1));
        SimulatedSky other = simulator.simulate(SkyOptions.defaults(NSIDE, 8));
        assertArrayEquals(a.frequencyMaps()[3][1], same.frequencyMaps()[3][1], 0);
        assertArrayEquals(a.dust()[0], withR.dust()[0], 0);
        assertArrayEquals(a.betaSync(), withR.betaSync(), 0);
        assertArrayEquals(a.foregroundMaps()[14][0], withR.foregroundMaps()[14][0], 0);
        assertEquals(0.1, requested.get(12).bb()[20] / CmbSpectra.tensorR1().bb()[20]
                - CmbSpectra.lensedScalar().bb()[20] / CmbSpectra.tensorR1().bb()[20], 1e-12);
        assertNotEquals(a.dust()[0][5], other.dust()[0][5]);
        assertNotEquals(a.dust()[0][5] / 2e-6, a.sync()[0][5] / 15e-6, 1e-3); // independent streams per component
    }

    @Test
    void piecewiseParametersAreConstantOnClusters() {
        SkyOptions o = SkyOptions.defaults(NSIDE, 3).withPiecewise(new int[] {100, 20, 5});
        SimulatedSky sky = simulator.simulate(o);
        double[][] params = {sky.betaDust(), sky.tempDust(), sky.betaSync()};
        int[] counts = {100, 20, 5};
        for (int i = 0; i < 3; i++) {
            int[] labels = sky.clusters()[i];
            double[] value = new double[counts[i]];
            java.util.Arrays.fill(value, Double.NaN);
            for (int p = 0; p < NPIX; p++) {
                if (Double.isNaN(value[labels[p]])) {
                    value[labels[p]] = params[i][p];
                }
                assertEquals(value[labels[p]], params[i][p], 0, "parameter " + i + " pixel " + p);
            }
            assertEquals(counts[i], java.util.Arrays.stream(value).distinct().count());
        }
        assertMomentsLoose(java.util.Arrays.stream(params[0]).distinct().toArray(), 1.54, 0.1);
        assertThrows(IllegalArgumentException.class, () -> o.withPiecewise(new int[] {0, 1, 1}));
        Zone a = new Zone("A", new int[] {1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> o.withPiecewiseZones(List.of(a, new Zone("B", new int[] {3, 4}))));
        assertTrue(e.getMessage().contains("pixel 3 is in another zone"), e.getMessage());
        // a 3-pixel zone holds at most 3 clusters (capped, logged), the rest of the sky its own 100
        SimulatedSky capped = simulator.simulate(o.withPiecewiseZones(List.of(a)));
        assertEquals(3, java.util.Arrays.stream(a.pixels()).map(p -> capped.clusters()[0][p]).distinct().count());
        assertEquals(103, java.util.Arrays.stream(capped.clusters()[0]).distinct().count());
        assertThrows(IllegalArgumentException.class, () -> o.withPiecewise(new int[] {NPIX + 1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> o.withR(-1));
    }

    @Test
    void noisyMapsAddTheCounterBasedNoise() {
        SkyOptions o = SkyOptions.defaults(NSIDE, 7);
        SimulatedSky sky = simulator.simulate(o);
        double[] sigma = o.instrument().sigmaPerPixel(NSIDE);
        WhiteNoise noise = new WhiteNoise(42, sigma, 1);
        double[][][] d = sky.noisy(noise, 2);
        for (int p = 0; p < NPIX; p += 101) {
            assertEquals(sky.frequencyMaps()[4][1][p] + sigma[4] * WhiteNoise.gaussian(42, 2, 4, 1, p), d[4][1][p], 1e-20);
        }
        assertTrue(sky.polarizedForegroundIntensity(0)[0] > 0);
    }

    private static void assertMoments(double[] x, double mean, double sd) {
        double m = java.util.Arrays.stream(x).average().orElseThrow();
        double v = java.util.Arrays.stream(x).map(t -> (t - m) * (t - m)).average().orElseThrow();
        assertEquals(mean, m, 1e-12 * Math.abs(mean));
        assertEquals(sd, Math.sqrt(v), 1e-10 * sd);
    }

    /** Mean within 5 standard errors and spread within 50% for a few dozen draws. */
    private static void assertMomentsLoose(double[] x, double mean, double sd) {
        double m = java.util.Arrays.stream(x).average().orElseThrow();
        double v = java.util.Arrays.stream(x).map(t -> (t - m) * (t - m)).average().orElseThrow();
        assertEquals(mean, m, 5 * sd / Math.sqrt(x.length));
        assertEquals(sd, Math.sqrt(v), 0.5 * sd);
    }
}
