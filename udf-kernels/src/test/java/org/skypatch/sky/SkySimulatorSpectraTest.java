package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skypatch.harmonics.PowerSpectra;

/** The standard simulator (real harmonic synthesis and K-means) at nside 32. */
class SkySimulatorSpectraTest {
    private static final int NSIDE = 32;

    /**
     * The CMB's TT and EE follow the requested C_ell(r): the band powers over
     * ell 20..60 within 4 standard errors of cosmic variance (sqrt(2 / sum(2l+1)) ~ 3.5%).
     */
    @Test
    void cmbHasTheRequestedSpectrum() {
        SkyOptions o = SkyOptions.defaults(NSIDE, 11).withR(0.1);
        SimulatedSky sky = SkySimulator.standard().simulate(o);
        double[][] uK = {scale(sky.cmbTemperature(), 1e6), scale(sky.cmb()[0], 1e6), scale(sky.cmb()[1], 1e6)};
        double[][] cl = PowerSpectra.anafast(uK, null, 3 * NSIDE - 1, 3);
        CmbSpectra expected = CmbSpectra.total(0.1);
        double[][] pairs = {cl[PowerSpectra.TT], expected.tt(), cl[PowerSpectra.EE], expected.ee()};
        for (int s = 0; s < pairs.length; s += 2) {
            double measured = 0;
            double model = 0;
            int modes = 0;
            for (int l = 20; l <= 60; l++) {
                measured += (2 * l + 1) * pairs[s][l];
                model += (2 * l + 1) * pairs[s + 1][l];
                modes += 2 * l + 1;
            }
            assertEquals(1, measured / model, 4 * Math.sqrt(2.0 / modes), s == 0 ? "TT" : "EE");
        }
    }

    @Test
    void piecewiseSkyHasTheRequestedClusterCounts() {
        SkyOptions o = SkyOptions.defaults(NSIDE, 4).withPiecewise(new int[] {30, 8, 5});
        SimulatedSky sky = SkySimulator.standard().simulate(o);
        int[] counts = {30, 8, 5};
        double[][] params = {sky.betaDust(), sky.tempDust(), sky.betaSync()};
        for (int i = 0; i < 3; i++) {
            assertEquals(counts[i], Arrays.stream(sky.clusters()[i]).distinct().count());
            assertEquals(counts[i], Arrays.stream(params[i]).distinct().count());
        }
        // the same seed reproduces the sky; clusters are spatially compact (K-means, not random labels)
        assertTrue(Arrays.equals(sky.clusters()[0], SkySimulator.standard().simulate(o).clusters()[0]));
        int sameAsNext = 0;
        for (int p = 0; p + 1 < sky.clusters()[0].length; p++) {
            sameAsNext += sky.clusters()[0][p] == sky.clusters()[0][p + 1] ? 1 : 0;
        }
        assertTrue(sameAsNext > 0.8 * sky.clusters()[0].length, "ring neighbours share a cluster: " + sameAsNext);
    }

    /** Clustered zone by zone, every paper zone holds exactly the requested counts and no cluster crosses zones. */
    @Test
    void piecewiseZonesHoldTheirOwnClusters() {
        List<Zone> zones = GalacticZones.paperZonesByLatitude(NSIDE);
        SkyOptions o = SkyOptions.defaults(NSIDE, 4).withPiecewise(new int[] {12, 3, 2}).withPiecewiseZones(zones);
        SimulatedSky sky = SkySimulator.standard().simulate(o);
        int[] zoneOf = new int[12 * NSIDE * NSIDE];
        Arrays.fill(zoneOf, -1);
        for (int z = 0; z < zones.size(); z++) {
            for (int p : zones.get(z).pixels()) {
                zoneOf[p] = z;
            }
        }
        int[][] zoneOfCluster = new int[3][];
        for (int i = 0; i < 3; i++) {
            zoneOfCluster[i] = new int[Arrays.stream(sky.clusters()[i]).max().orElseThrow() + 1];
            Arrays.fill(zoneOfCluster[i], Integer.MIN_VALUE);
            for (int p = 0; p < zoneOf.length; p++) {
                int c = sky.clusters()[i][p];
                if (zoneOfCluster[i][c] == Integer.MIN_VALUE) {
                    zoneOfCluster[i][c] = zoneOf[p];
                }
                assertEquals(zoneOfCluster[i][c], zoneOf[p], "cluster " + c + " of parameter " + i + " crosses zones");
            }
        }
        double[] betaD = sky.betaDust();
        for (Zone z : zones) {
            assertEquals(12, Arrays.stream(z.pixels()).mapToDouble(p -> betaD[p]).distinct().count(), z.name());
        }
    }

    private static double[] scale(double[] x, double f) {
        return Arrays.stream(x).map(v -> v * f).toArray();
    }
}
