package org.skypatch.harmonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Synthesis and analysis against healpy 1.16 fixtures (nside 64, band-limited lmax 128 CMB sky). */
class ShtHealpyTest {
    private static final int NSIDE = 64;

    @Test
    void polarisedSynthesisMatchesHealpy() {
        Alm[] teb = HealpyFixtures.alms("alm_in_lmax128_ri.npy", 3);
        double[] ref = HealpyFixtures.read("map_in_tqu.npy");
        double[][] maps = Sht.alm2map(teb[0], teb[1], teb[2], NSIDE);
        for (int c = 0; c < 3; c++) {
            double err = HealpyFixtures.relL2(maps[c], HealpyFixtures.row(ref, 3, c));
            System.out.printf("alm2map pol component %d relL2 %.3e%n", c, err);
            assertTrue(err < 1e-12, "component " + c + " relL2 " + err);
        }
        double[] spin0 = Sht.alm2map(teb[0], NSIDE);
        assertTrue(HealpyFixtures.relL2(spin0, HealpyFixtures.row(ref, 3, 0)) < 1e-12);
    }

    @Test
    void pureEAndPureBSpin2MapsMatchHealpy() {
        Alm[] teb = HealpyFixtures.alms("alm_in_lmax128_ri.npy", 3);
        Alm zero = new Alm(teb[1].lmax(), teb[1].mmax());
        check(Sht.alm2mapSpin2(teb[1], zero, NSIDE), HealpyFixtures.read("map_pureE_qu_every7.npy"), "pure E");
        check(Sht.alm2mapSpin2(zero, teb[2], NSIDE), HealpyFixtures.read("map_pureB_qu_every7.npy"), "pure B");
    }

    private static void check(double[][] qu, double[] refEvery7, String what) {
        for (int c = 0; c < 2; c++) {
            double[] ref = HealpyFixtures.row(refEvery7, 2, c);
            double[] mine = new double[ref.length];
            for (int i = 0; i < ref.length; i++) {
                mine[i] = qu[c][7 * i];
            }
            double err = HealpyFixtures.relL2(mine, ref);
            System.out.printf("%s %s relL2 %.3e%n", what, c == 0 ? "Q" : "U", err);
            assertTrue(err < 1e-12, what + " component " + c + " relL2 " + err);
        }
    }

    @Test
    void analysisMatchesHealpyForIter0And3() {
        double[] ref = HealpyFixtures.read("map_in_tqu.npy");
        double[] t = HealpyFixtures.row(ref, 3, 0);
        double[] q = HealpyFixtures.row(ref, 3, 1);
        double[] u = HealpyFixtures.row(ref, 3, 2);
        for (int iter : new int[] {0, 3}) {
            Alm[] expected = HealpyFixtures.alms("alm_out_lmax128_iter" + iter + "_ri.npy", 3);
            Alm[] teb = Sht.map2alm(t, q, u, 128, 128, iter);
            for (int c = 0; c < 3; c++) {
                double err = HealpyFixtures.relL2(teb[c], expected[c]);
                System.out.printf("map2alm iter %d component %d relL2 %.3e%n", iter, c, err);
                assertTrue(err < 1e-10, "iter " + iter + " component " + c + " relL2 " + err);
            }
        }
        Alm[] eb = Sht.map2almSpin2(q, u, 128, 128, 0);
        Alm[] expected = HealpyFixtures.alms("alm_out_lmax128_iter0_ri.npy", 3);
        assertTrue(HealpyFixtures.relL2(eb[0], expected[1]) < 1e-10);
        assertTrue(HealpyFixtures.relL2(eb[1], expected[2]) < 1e-10);
    }

    /** healpy's own figures for map2alm(alm2map(alm_in)) at lmax 128, nside 64 (manifest "checks"). */
    @Test
    void bandLimitedRoundTripErrorEqualsHealpys() {
        Alm[] in = HealpyFixtures.alms("alm_in_lmax128_ri.npy", 3);
        double[][] maps = Sht.alm2map(in[0], in[1], in[2], NSIDE);
        double[][] healpyAlm = {{0.0015299740371574242, 0.000988204173533915, 0.012028112083637367},
            {2.5416732782695526e-06, 1.2018500411299628e-06, 1.6509603284639605e-05}};
        double[][] healpyMap = {{0.0011380219220131977, 0.001118126275338967, 0.001340569470406047},
            {1.7248379272105629e-06, 1.0601349881912997e-06, 1.8728197491895762e-06}};
        int[] iters = {0, 3};
        for (int k = 0; k < 2; k++) {
            Alm[] out = Sht.map2alm(maps[0], maps[1], maps[2], 128, 128, iters[k]);
            double[][] back = Sht.alm2map(out[0], out[1], out[2], NSIDE);
            for (int c = 0; c < 3; c++) {
                double almErr = HealpyFixtures.relL2(out[c], in[c]);
                double mapErr = HealpyFixtures.relL2(back[c], maps[c]);
                System.out.printf("round trip iter %d component %d: alm relL2 %.6e (healpy %.6e), map relL2 %.6e (healpy %.6e)%n",
                        iters[k], c, almErr, healpyAlm[k][c], mapErr, healpyMap[k][c]);
                assertEquals(healpyAlm[k][c], almErr, 1e-6 * healpyAlm[k][c]);
                assertEquals(healpyMap[k][c], mapErr, 1e-6 * healpyMap[k][c]);
            }
        }
    }
}
