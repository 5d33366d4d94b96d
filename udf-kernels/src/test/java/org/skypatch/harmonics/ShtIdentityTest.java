package org.skypatch.harmonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.skypatch.sphere.RingTable;

/** Identities that need no reference code: adjointness, closed forms at low l, band-limited round trips. */
class ShtIdentityTest {

    private static Alm randomAlm(int lmax, int mmax, SplittableRandom rnd, int lmin) {
        Alm a = new Alm(lmax, mmax);
        for (int m = 0; m <= mmax; m++) {
            for (int l = Math.max(m, lmin); l <= lmax; l++) {
                a.set(l, m, rnd.nextGaussian(), m == 0 ? 0 : rnd.nextGaussian());
            }
        }
        return a;
    }

    private static double[] randomMap(int nside, SplittableRandom rnd) {
        double[] map = new double[12 * nside * nside];
        for (int i = 0; i < map.length; i++) {
            map[i] = rnd.nextGaussian();
        }
        return map;
    }

    /** Real inner product of two real fields' alm: sum over m of both signs. */
    private static double dot(Alm a, Alm b) {
        double s = 0;
        for (int m = 0; m <= a.mmax(); m++) {
            double f = m == 0 ? 1 : 2;
            for (int l = m; l <= a.lmax(); l++) {
                s += f * (a.re(l, m) * b.re(l, m) + a.im(l, m) * b.im(l, m));
            }
        }
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void synthesisAndAdjointAreTransposesForSpin0AndSpin2() {
        // nside 4 has ring lengths 4..16 (radix 2 and mixed radix FFTs); lmax 3 nside + 7 aliases m above N/2
        for (int[] c : new int[][] {{1, 5, 5}, {4, 19, 12}, {8, 30, 30}, {32, 127, 100}}) {
            int nside = c[0];
            int lmax = c[1];
            int mmax = c[2];
            SplittableRandom rnd = new SplittableRandom(nside);
            Alm t = randomAlm(lmax, mmax, rnd, 0);
            Alm e = randomAlm(lmax, mmax, rnd, 2);
            Alm b = randomAlm(lmax, mmax, rnd, 2);
            double[] mt = randomMap(nside, rnd);
            double[] mq = randomMap(nside, rnd);
            double[] mu = randomMap(nside, rnd);
            double[][] yteb = Sht.alm2map(t, e, b, nside);
            Alm at = new Alm(lmax, mmax);
            Alm ae = new Alm(lmax, mmax);
            Alm ab = new Alm(lmax, mmax);
            new AdjointSynthesis(RingTable.healpix(nside), lmax, mmax).run(mt, mq, mu, 1.0, at, ae, ab);
            double lhs0 = dot(yteb[0], mt);
            double rhs0 = dot(t, at);
            assertEquals(lhs0, rhs0, 1e-12 * Math.abs(lhs0) * lmax, "spin 0 nside " + nside);
            double lhs2 = dot(yteb[1], mq) + dot(yteb[2], mu);
            double rhs2 = dot(e, ae) + dot(b, ab);
            assertEquals(lhs2, rhs2, 1e-12 * Math.abs(lhs2) * lmax, "spin 2 nside " + nside);
        }
    }

    @Test
    void lowMultipolesHaveTheirClosedForms() {
        int nside = 16;
        RingTable rings = RingTable.healpix(nside);
        Alm a = new Alm(4, 4);
        a.set(2, 1, 0.7, -0.3); // Y_21 = -sqrt(15/8pi) sin cos e^{i phi}
        double[] map = Sht.alm2map(a, nside);
        double k = -Math.sqrt(15 / (8 * Math.PI));
        for (int r = 0; r < rings.ringCount(); r += 5) {
            for (int j = 0; j < rings.pixelCount()[r]; j += 3) {
                double phi = rings.phi0()[r] + 2 * Math.PI * j / rings.pixelCount()[r];
                double expected = 2 * k * rings.sinTheta()[r] * rings.cosTheta()[r] * (0.7 * Math.cos(phi) + 0.3 * Math.sin(phi));
                assertEquals(expected, map[(int) rings.firstPixel()[r] + j], 1e-14);
            }
        }
    }

    @Test
    void bandLimitedRoundTripConvergesWithIterations() {
        int nside = 16;
        int lmax = 2 * nside;
        SplittableRandom rnd = new SplittableRandom(7);
        Alm t = randomAlm(lmax, lmax, rnd, 0);
        Alm e = randomAlm(lmax, lmax, rnd, 2);
        Alm b = randomAlm(lmax, lmax, rnd, 2);
        double[][] maps = Sht.alm2map(t, e, b, nside);
        double previous = Double.MAX_VALUE;
        for (int iter : new int[] {0, 3, 10}) {
            Alm[] back = Sht.map2alm(maps[0], maps[1], maps[2], lmax, lmax, iter);
            double err = Math.max(HealpyFixtures.relL2(back[0], t),
                    Math.max(HealpyFixtures.relL2(back[1], e), HealpyFixtures.relL2(back[2], b)));
            assertTrue(err < previous, "iter " + iter + " error " + err + " not below " + previous);
            previous = err;
        }
        assertTrue(previous < 1e-6, "10 iterations leave " + previous);
    }

    @Test
    void badInputIsRejectedWithOneLineMessages() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Sht.map2alm(new double[100], 10));
        assertTrue(ex.getMessage().contains("100 pixels"));
        assertThrows(IllegalArgumentException.class, () -> new Alm(4, 5));
        assertThrows(IllegalArgumentException.class, () -> Sht.map2alm(new double[48], 4, 2, -1));
    }
}
