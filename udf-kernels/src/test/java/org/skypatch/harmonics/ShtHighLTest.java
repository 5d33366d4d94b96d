package org.skypatch.harmonics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Single modes up to l = m = 1535 at nside 512 (lmax = 3 nside - 1), where lambda_mm underflows doubles on
 * the polar rings: the scaled start of the recursion must reproduce healpy (every 1009th pixel compared).
 */
class ShtHighLTest {
    private static final int NSIDE = 512;
    private static final int LMAX = 1535;

    private static Alm single(int l, int m, double re, double im) {
        Alm a = new Alm(LMAX, LMAX);
        a.set(l, m, re, im);
        return a;
    }

    private static void check(double[] map, double[] ref, String what) {
        double[] mine = new double[ref.length];
        for (int i = 0; i < ref.length; i++) {
            mine[i] = map[1009 * i];
            assertTrue(Double.isFinite(mine[i]), what + " pixel " + 1009 * i);
        }
        double err = HealpyFixtures.relL2(mine, ref);
        System.out.printf("%s relL2 %.3e%n", what, err);
        assertTrue(err < 1e-11, what + " relL2 " + err);
    }

    @Test
    void highModesMatchHealpyAtNside512() {
        double[] ref = HealpyFixtures.read("highl_nside512_every1009.npy");
        check(Sht.alm2map(single(1535, 1400, 1, 0.5), NSIDE), HealpyFixtures.row(ref, 4, 0), "T l=1535 m=1400");
        check(Sht.alm2map(single(1200, 600, 1, -2), NSIDE), HealpyFixtures.row(ref, 4, 1), "T l=1200 m=600");
        double[][] qu = Sht.alm2mapSpin2(single(1535, 1400, 1, 0.5), single(900, 850, -0.3, 1), NSIDE);
        check(qu[0], HealpyFixtures.row(ref, 4, 2), "Q");
        check(qu[1], HealpyFixtures.row(ref, 4, 3), "U");
    }
}
