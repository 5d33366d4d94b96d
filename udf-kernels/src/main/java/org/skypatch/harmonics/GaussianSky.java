package org.skypatch.harmonics;

import java.util.SplittableRandom;

/**
 * Gaussian realisations of a statistically isotropic sky from its power spectra (healpy synalm/synfast),
 * reproducible: the same seed gives the same numbers on any machine (java.util.SplittableRandom, one
 * draw sequence in healpy alm order). For each (l, m) the correlated T, E follow from the Cholesky factor of
 * [[TT, TE], [TE, EE]], B is independent; m = 0 coefficients are real with variance C_l, the others complex
 * with variance C_l/2 in each of the real and imaginary parts.
 */
public final class GaussianSky {
    private GaussianSky() {
    }

    /** Spin-0 alm drawn from C_l (l = 0..lmax, map unit squared). */
    public static Alm synalm(double[] cl, int lmax, long seed) {
        checkLength(cl, lmax, "C_l");
        Alm a = new Alm(lmax, lmax);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int m = 0; m <= lmax; m++) {
            for (int l = m; l <= lmax; l++) {
                if (cl[l] < 0) {
                    throw new IllegalArgumentException("C_l is negative at l=" + l + ": pass a power spectrum");
                }
                double sigma = Math.sqrt(m == 0 ? cl[l] : cl[l] / 2);
                double re = rnd.nextGaussian();
                double im = rnd.nextGaussian();
                a.set(l, m, sigma * re, m == 0 ? 0 : sigma * im);
            }
        }
        return a;
    }

    /**
     * T, E, B alm drawn from TT, EE, BB, TE spectra (rows of cls in that order, l = 0..lmax, map unit
     * squared); TE^2 &lt;= TT EE is required at every l.
     */
    public static Alm[] synalm(double[][] cls, int lmax, long seed) {
        if (cls.length != 4) {
            throw new IllegalArgumentException("synalm needs 4 spectra TT, EE, BB, TE, got " + cls.length);
        }
        String[] names = {"TT", "EE", "BB", "TE"};
        for (int i = 0; i < 4; i++) {
            checkLength(cls[i], lmax, names[i]);
        }
        double[] tAmp = new double[lmax + 1];
        double[] eFromT = new double[lmax + 1];
        double[] eAmp = new double[lmax + 1];
        double[] bAmp = new double[lmax + 1];
        for (int l = 0; l <= lmax; l++) {
            double tt = cls[0][l];
            double ee = cls[1][l];
            double bb = cls[2][l];
            double te = cls[3][l];
            if (tt < 0 || ee < 0 || bb < 0) {
                throw new IllegalArgumentException("TT, EE or BB is negative at l=" + l + ": pass power spectra");
            }
            tAmp[l] = Math.sqrt(tt);
            eFromT[l] = tt > 0 ? te / tAmp[l] : 0;
            double rest = ee - eFromT[l] * eFromT[l];
            if (rest < -1e-12 * ee || (tt == 0 && te != 0)) {
                throw new IllegalArgumentException("TE^2 > TT*EE at l=" + l + ": the spectra are not a covariance");
            }
            eAmp[l] = Math.sqrt(Math.max(rest, 0));
            bAmp[l] = Math.sqrt(bb);
        }
        Alm t = new Alm(lmax, lmax);
        Alm e = new Alm(lmax, lmax);
        Alm b = new Alm(lmax, lmax);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int m = 0; m <= lmax; m++) {
            double f = m == 0 ? 1 : Math.sqrt(0.5);
            for (int l = m; l <= lmax; l++) {
                double z1r = rnd.nextGaussian() * f;
                double z1i = rnd.nextGaussian() * f;
                double z2r = rnd.nextGaussian() * f;
                double z2i = rnd.nextGaussian() * f;
                double z3r = rnd.nextGaussian() * f;
                double z3i = rnd.nextGaussian() * f;
                if (m == 0) {
                    z1i = 0;
                    z2i = 0;
                    z3i = 0;
                }
                t.set(l, m, tAmp[l] * z1r, tAmp[l] * z1i);
                e.set(l, m, eFromT[l] * z1r + eAmp[l] * z2r, eFromT[l] * z1i + eAmp[l] * z2i);
                b.set(l, m, bAmp[l] * z3r, bAmp[l] * z3i);
            }
        }
        return new Alm[] {t, e, b};
    }

    /** A spin-0 map (RING, 12 nside^2 pixels) drawn from C_l up to lmax. */
    public static double[] synfast(double[] cl, int nside, int lmax, long seed) {
        return Sht.alm2map(synalm(cl, lmax, seed), nside);
    }

    /** T, Q, U maps drawn from TT, EE, BB, TE spectra up to lmax (healpy synfast(cls, nside, lmax, pol=True, new=True)). */
    public static double[][] synfast(double[][] cls, int nside, int lmax, long seed) {
        Alm[] teb = synalm(cls, lmax, seed);
        return Sht.alm2map(teb[0], teb[1], teb[2], nside);
    }

    private static void checkLength(double[] cl, int lmax, String name) {
        if (lmax < 0 || cl.length <= lmax) {
            throw new IllegalArgumentException(name + " has " + cl.length + " multipoles, lmax=" + lmax
                    + " needs at least lmax+1");
        }
    }
}
