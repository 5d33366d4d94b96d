package org.skypatch.job.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.skypatch.harmonics.Alm;
import org.skypatch.harmonics.PowerSpectra;
import org.skypatch.harmonics.Sht;

class UnitFitterTest {
    private static final int NSIDE = 16;
    private static final int LMAX = 2 * NSIDE + 1;

    /** A full-sky Q, U map (T zero) of random E or B modes with l = 2..LMAX, and that realization's BB. */
    private static double[][] map(boolean bModes, double[] realizedBb) {
        SplittableRandom random = new SplittableRandom(5);
        Alm zero = new Alm(LMAX, LMAX);
        Alm modes = new Alm(LMAX, LMAX);
        for (int m = 0; m <= LMAX; m++) {
            for (int l = Math.max(2, m); l <= LMAX; l++) {
                modes.set(l, m, random.nextDouble() - 0.5, m == 0 ? 0 : random.nextDouble() - 0.5);
            }
        }
        double[] cl = PowerSpectra.alm2cl(modes, modes);
        System.arraycopy(cl, 0, realizedBb, 0, cl.length);
        double[][] qu = bModes ? Sht.alm2mapSpin2(zero, modes, NSIDE) : Sht.alm2mapSpin2(modes, zero, NSIDE);
        return new double[][] {new double[qu[0].length], qu[0], qu[1]};
    }

    @Test
    void bbSumIsTheBPowerOverTheRLikelihoodMultipolesPerSkyFraction() {
        double[] bb = new double[LMAX + 1];
        double[][] bSky = map(true, bb);
        double expected = 0;
        for (int l = 2; l <= LMAX; l++) {
            expected += bb[l];
        }
        // without Jacobi iterations the HEALPix quadrature of a band-limited map is good to ~1e-3 here
        assertEquals(expected, UnitFitter.bbSum(bSky, NSIDE, 1.0), 2e-3 * expected);
        assertEquals(2 * UnitFitter.bbSum(bSky, NSIDE, 1.0), UnitFitter.bbSum(bSky, NSIDE, 0.5), 1e-12 * expected);
        // and within that of healpy's default 3 iterations
        double[] iterated = PowerSpectra.bb(bSky[1], bSky[2], LMAX, Sht.DEFAULT_ITER);
        double sumIterated = 0;
        for (int l = 2; l <= LMAX; l++) {
            sumIterated += iterated[l];
        }
        assertEquals(sumIterated, UnitFitter.bbSum(bSky, NSIDE, 1.0), 2e-3 * expected);
        // E modes leave no B power on the full sky
        double[][] eSky = map(false, new double[LMAX + 1]);
        assertTrue(UnitFitter.bbSum(eSky, NSIDE, 1.0) < 1e-3 * expected, "E-to-B leakage");
    }
}
