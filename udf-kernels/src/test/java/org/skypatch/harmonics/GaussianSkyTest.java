package org.skypatch.harmonics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** synalm/synfast: reproducible, and spectra averaging to the input within cosmic variance. */
class GaussianSkyTest {
    private static final int LMAX = 40;

    /** A smooth CMB-like set TT, EE, BB, TE with |TE| &lt; sqrt(TT EE). */
    private static double[][] spectra() {
        double[][] cls = new double[4][LMAX + 1];
        for (int l = 0; l <= LMAX; l++) {
            double tt = 1000.0 / ((l + 1.0) * (l + 2.0));
            double ee = l < 2 ? 0 : 10.0 / ((l + 1.0) * (l + 2.0)) * (1 + 0.3 * Math.sin(l / 5.0));
            cls[0][l] = tt;
            cls[1][l] = ee;
            cls[2][l] = l < 2 ? 0 : 0.1 * ee;
            cls[3][l] = 0.5 * Math.sqrt(tt * ee) * Math.cos(l / 7.0);
        }
        return cls;
    }

    @Test
    void sameSeedSameSkyDifferentSeedDifferentSky() {
        double[][] a = GaussianSky.synfast(spectra(), 8, LMAX, 42);
        double[][] b = GaussianSky.synfast(spectra(), 8, LMAX, 42);
        double[][] c = GaussianSky.synfast(spectra(), 8, LMAX, 43);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(a[k], b[k], 0.0);
        }
        assertTrue(HealpyFixtures.relL2(a[1], c[1]) > 0.5);
    }

    @Test
    void spectraAverageToInputWithinCosmicVariance() {
        double[][] cls = spectra();
        int seeds = 300;
        double[][] mean = new double[6][LMAX + 1];
        for (int s = 0; s < seeds; s++) {
            Alm[] teb = GaussianSky.synalm(cls, LMAX, 1000 + s);
            double[][] c = PowerSpectra.alm2cl(teb, teb);
            for (int k = 0; k < 6; k++) {
                for (int l = 0; l <= LMAX; l++) {
                    mean[k][l] += c[k][l] / seeds;
                }
            }
        }
        int[] rows = {0, 1, 2, 3};
        for (int k : rows) {
            for (int l = 2; l <= LMAX; l++) {
                // variance of one C_l estimate: (C_XY^2 + C_XX C_YY) / (2l+1)
                double xx = k == 3 ? cls[0][l] : cls[k][l];
                double yy = k == 3 ? cls[1][l] : cls[k][l];
                double sigma = Math.sqrt((cls[k][l] * cls[k][l] + xx * yy) / (2 * l + 1) / seeds);
                assertEquals(cls[k][l], mean[k][l], 5 * sigma, "spectrum " + k + " l=" + l);
            }
        }
        for (int l = 2; l <= LMAX; l++) { // EB and TB have zero expectation
            double sigmaEb = Math.sqrt(cls[1][l] * cls[2][l] / (2 * l + 1) / seeds);
            assertEquals(0, mean[PowerSpectra.EB][l], 5 * sigmaEb, "EB l=" + l);
        }
    }

    @Test
    void synfastMapSpectrumTracksItsAlm() {
        double[][] cls = spectra();
        int nside = 32;
        Alm[] teb = GaussianSky.synalm(cls, LMAX, 7);
        double[][] maps = GaussianSky.synfast(cls, nside, LMAX, 7);
        double[][] fromMap = PowerSpectra.anafast(maps, null, LMAX, 3);
        double[][] fromAlm = PowerSpectra.alm2cl(teb, teb);
        for (int l = 2; l <= LMAX; l++) {
            assertEquals(fromAlm[PowerSpectra.BB][l], fromMap[PowerSpectra.BB][l], 1e-6 * fromAlm[PowerSpectra.BB][l]);
        }
    }

    @Test
    void inconsistentSpectraAreRejected() {
        double[][] cls = spectra();
        cls[3][10] = 2 * Math.sqrt(cls[0][10] * cls[1][10]);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> GaussianSky.synalm(cls, LMAX, 1));
        assertTrue(ex.getMessage().contains("l=10"));
    }
}
