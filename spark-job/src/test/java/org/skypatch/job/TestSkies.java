package org.skypatch.job;

import org.skypatch.job.sky.SkyBuilder;
import org.skypatch.sky.CmbSpectra;
import org.skypatch.sky.GaussianFields;
import org.skypatch.sky.WhiteNoise;
import org.skypatch.sphere.Nside;

/** Test helpers: a sky builder whose Gaussian fields are white (cheap, deterministic, no SHT). */
public final class TestSkies {
    private TestSkies() {
    }

    /** White T, Q, U maps whose variance is that of the spectra summed over l (the full-sky map variance). */
    public static final GaussianFields WHITE_FIELDS = (CmbSpectra spectra, int nside, int lmax, long seed) -> {
        int npix = (int) Nside.npix(nside);
        double[] variance = new double[3];
        for (int l = 2; l <= lmax; l++) {
            double w = (2 * l + 1) / (4 * Math.PI);
            variance[0] += w * spectra.tt()[l];
            variance[1] += w * 0.5 * (spectra.ee()[l] + spectra.bb()[l]);
            variance[2] += w * 0.5 * (spectra.ee()[l] + spectra.bb()[l]);
        }
        double[][] maps = new double[3][npix];
        for (int s = 0; s < 3; s++) {
            for (int p = 0; p < npix; p++) {
                maps[s][p] = Math.sqrt(variance[s]) * WhiteNoise.gaussian(seed, 0, 0, s, p);
            }
        }
        return maps;
    };

    public static SkyBuilder skyBuilder() {
        return new SkyBuilder(WHITE_FIELDS, (fits, nside, instrument) -> {
            throw new IllegalArgumentException("test skies are simulated");
        });
    }
}
