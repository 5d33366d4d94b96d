package org.skypatch.harmonics;

/**
 * Angular power spectra as healpy's alm2cl and anafast: C_l = (a_l0 b_l0 + 2 sum_{m&gt;0} Re(a_lm b*_lm)) / (2l+1),
 * in the map unit squared (uK_CMB^2 for maps in uK_CMB). Polarised results are six rows in healpy's order
 * {@link #TT}, {@link #EE}, {@link #BB}, {@link #TE}, {@link #EB}, {@link #TB}; for two maps TE means
 * T of the first with E of the second, and likewise EB, TB.
 */
public final class PowerSpectra {
    public static final int TT = 0;
    public static final int EE = 1;
    public static final int BB = 2;
    public static final int TE = 3;
    public static final int EB = 4;
    public static final int TB = 5;

    private PowerSpectra() {
    }

    /** Cross spectrum of two alm of the same lmax and mmax, l = 0..lmax. */
    public static double[] alm2cl(Alm a, Alm b) {
        if (a.lmax() != b.lmax() || a.mmax() != b.mmax()) {
            throw new IllegalArgumentException("alm2cl needs alms of one shape, got lmax/mmax " + a.lmax() + "/"
                    + a.mmax() + " and " + b.lmax() + "/" + b.mmax());
        }
        int lmax = a.lmax();
        double[] cl = new double[lmax + 1];
        double[] ar = a.re();
        double[] ai = a.im();
        double[] br = b.re();
        double[] bi = b.im();
        for (int m = 0; m <= a.mmax(); m++) {
            double f = m == 0 ? 1 : 2;
            int base = Alm.index(lmax, 0, m);
            for (int l = m; l <= lmax; l++) {
                int i = base + l;
                cl[l] += f * (ar[i] * br[i] + ai[i] * bi[i]);
            }
        }
        for (int l = 0; l <= lmax; l++) {
            cl[l] /= 2 * l + 1;
        }
        return cl;
    }

    /** The six spectra TT, EE, BB, TE, EB, TB of (T, E, B) alm sets (pass the same set twice for auto spectra). */
    public static double[][] alm2cl(Alm[] teb1, Alm[] teb2) {
        if (teb1.length != 3 || teb2.length != 3) {
            throw new IllegalArgumentException("polarised alm2cl needs T, E, B alm sets, got " + teb1.length + " and "
                    + teb2.length);
        }
        return new double[][] {
            alm2cl(teb1[0], teb2[0]), alm2cl(teb1[1], teb2[1]), alm2cl(teb1[2], teb2[2]),
            alm2cl(teb1[0], teb2[1]), alm2cl(teb1[1], teb2[2]), alm2cl(teb1[0], teb2[2])};
    }

    /** healpy anafast(map, lmax, iter) of one temperature-like map; UNSEEN pixels count as zero. */
    public static double[] anafast(double[] map, int lmax, int iter) {
        Alm a = Sht.map2alm(map, lmax, lmax, iter);
        return alm2cl(a, a);
    }

    /**
     * BB of a Q, U map, l = 0..lmax: anafast([0, Q, U], lmax, iter)[BB] through the spin-2 transform alone
     * (no temperature transform, a third less work); UNSEEN pixels count as zero.
     */
    public static double[] bb(double[] q, double[] u, int lmax, int iter) {
        Alm b = Sht.map2almSpin2(q, u, lmax, lmax, iter)[1];
        return alm2cl(b, b);
    }

    /**
     * healpy anafast([T, Q, U], lmax, iter) (tqu2 null) or anafast([T,Q,U], [T2,Q2,U2], ...): the six auto
     * or cross spectra; UNSEEN pixels count as zero.
     */
    public static double[][] anafast(double[][] tqu, double[][] tqu2, int lmax, int iter) {
        Alm[] a = analyse(tqu, lmax, iter, "first map");
        Alm[] b = tqu2 == null ? a : analyse(tqu2, lmax, iter, "second map");
        return alm2cl(a, b);
    }

    /**
     * The f_sky-corrected pseudo-spectra of masked maps: anafast of (map * mask) divided by
     * f_sky = mean(mask^2), the first-order correction for a mask that is slowly varying compared with the
     * scales of interest (no mode-coupling or E/B-leakage correction). tqu2 may be null for auto spectra.
     */
    public static double[][] maskedPseudoSpectra(double[][] tqu, double[][] tqu2, double[] mask, int lmax, int iter) {
        double[][] masked = applyMask(tqu, mask);
        double[][] masked2 = tqu2 == null ? null : applyMask(tqu2, mask);
        double[][] cl = anafast(masked, masked2, lmax, iter);
        double fsky = fsky(mask);
        for (double[] row : cl) {
            for (int l = 0; l < row.length; l++) {
                row[l] /= fsky;
            }
        }
        return cl;
    }

    /** mean(mask^2): the fraction of sky a pseudo-spectrum of masked maps sees. */
    public static double fsky(double[] mask) {
        double s = 0;
        for (double w : mask) {
            s += w * w;
        }
        if (s == 0) {
            throw new IllegalArgumentException("mask is zero everywhere: no sky left to estimate a spectrum from");
        }
        return s / mask.length;
    }

    /** (T, Q, U) * mask, with UNSEEN pixels set to zero. */
    public static double[][] applyMask(double[][] tqu, double[] mask) {
        double[][] out = new double[tqu.length][];
        for (int c = 0; c < tqu.length; c++) {
            if (tqu[c].length != mask.length) {
                throw new IllegalArgumentException("mask has " + mask.length + " pixels but map component " + c
                        + " has " + tqu[c].length + ": use a mask of the maps' nside");
            }
            out[c] = new double[mask.length];
            for (int p = 0; p < mask.length; p++) {
                out[c][p] = Sht.isUnseen(tqu[c][p]) ? 0 : tqu[c][p] * mask[p];
            }
        }
        return out;
    }

    private static Alm[] analyse(double[][] tqu, int lmax, int iter, String what) {
        if (tqu.length != 3) {
            throw new IllegalArgumentException(what + " needs 3 components T, Q, U, got " + tqu.length);
        }
        return Sht.map2alm(tqu[0], tqu[1], tqu[2], lmax, lmax, iter);
    }
}
