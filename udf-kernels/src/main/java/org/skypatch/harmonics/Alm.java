package org.skypatch.harmonics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Complex spherical-harmonic coefficients a_lm for 0 &lt;= m &lt;= mmax, m &lt;= l &lt;= lmax of a real field,
 * stored in healpy's m-major order: index(l, m) = m (2 lmax + 1 - m) / 2 + l. Coefficients with m &lt; 0
 * follow from a_{l,-m} = (-1)^m conj(a_lm) and are not stored. Units are those of the map (e.g. uK_CMB).
 */
public final class Alm implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int lmax;
    private final int mmax;
    private final double[] re;
    private final double[] im;

    /** Zero coefficients up to the given lmax and mmax (mmax &lt;= lmax). */
    public Alm(int lmax, int mmax) {
        if (lmax < 0 || mmax < 0 || mmax > lmax) {
            throw new IllegalArgumentException("alm needs 0 <= mmax <= lmax, got lmax=" + lmax + " mmax=" + mmax);
        }
        this.lmax = lmax;
        this.mmax = mmax;
        int n = size(lmax, mmax);
        this.re = new double[n];
        this.im = new double[n];
    }

    /** Wraps real and imaginary parts given in healpy order (arrays are used, not copied). */
    public Alm(int lmax, int mmax, double[] re, double[] im) {
        if (lmax < 0 || mmax < 0 || mmax > lmax) {
            throw new IllegalArgumentException("alm needs 0 <= mmax <= lmax, got lmax=" + lmax + " mmax=" + mmax);
        }
        int n = size(lmax, mmax);
        if (re.length != n || im.length != n) {
            throw new IllegalArgumentException("alm arrays for lmax=" + lmax + " mmax=" + mmax + " need length " + n
                    + ", got " + re.length + " and " + im.length);
        }
        this.lmax = lmax;
        this.mmax = mmax;
        this.re = re;
        this.im = im;
    }

    /** Number of stored coefficients, healpy's Alm.getsize(lmax, mmax). */
    public static int size(int lmax, int mmax) {
        return mmax * (2 * lmax + 1 - mmax) / 2 + lmax + 1;
    }

    /** healpy's Alm.getidx(lmax, l, m). */
    public static int index(int lmax, int l, int m) {
        return m * (2 * lmax + 1 - m) / 2 + l;
    }

    /** Largest lmax that fits the given number of coefficients with mmax = lmax (healpy's Alm.getlmax). */
    public static int lmaxOfSize(int size) {
        int lmax = (int) Math.round((Math.sqrt(1.0 + 8.0 * size) - 3) / 2);
        if (size(lmax, lmax) != size) {
            throw new IllegalArgumentException(size + " coefficients is not a full alm set (lmax = mmax)");
        }
        return lmax;
    }

    public int index(int l, int m) {
        return index(lmax, l, m);
    }

    public int lmax() {
        return lmax;
    }

    public int mmax() {
        return mmax;
    }

    /** Real parts in healpy order (live view). */
    public double[] re() {
        return re;
    }

    /** Imaginary parts in healpy order (live view). */
    public double[] im() {
        return im;
    }

    public double re(int l, int m) {
        return re[index(l, m)];
    }

    public double im(int l, int m) {
        return im[index(l, m)];
    }

    public void set(int l, int m, double real, double imag) {
        int i = index(l, m);
        re[i] = real;
        im[i] = imag;
    }

    public Alm copy() {
        return new Alm(lmax, mmax, re.clone(), im.clone());
    }

    /** this += factor * other, for coefficients of the same lmax and mmax. */
    public void addScaled(Alm other, double factor) {
        if (other.lmax != lmax || other.mmax != mmax) {
            throw new IllegalArgumentException("alm sizes differ: lmax/mmax " + lmax + "/" + mmax + " vs "
                    + other.lmax + "/" + other.mmax);
        }
        for (int i = 0; i < re.length; i++) {
            re[i] += factor * other.re[i];
            im[i] += factor * other.im[i];
        }
    }

    /** Multiplies every a_lm by f[l] (a beam or pixel window, say); f needs at least lmax + 1 entries. */
    public void multiplyByL(double[] f) {
        if (f.length <= lmax) {
            throw new IllegalArgumentException("per-l factor has " + f.length + " entries, alm needs lmax+1 = " + (lmax + 1));
        }
        for (int m = 0; m <= mmax; m++) {
            int base = index(0, m);
            for (int l = m; l <= lmax; l++) {
                re[base + l] *= f[l];
                im[base + l] *= f[l];
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Alm a && a.lmax == lmax && a.mmax == mmax && Arrays.equals(a.re, re) && Arrays.equals(a.im, im);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * lmax + mmax) + Arrays.hashCode(re) + 7 * Arrays.hashCode(im);
    }
}
