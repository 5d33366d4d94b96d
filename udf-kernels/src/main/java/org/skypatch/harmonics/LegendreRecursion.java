package org.skypatch.harmonics;

/**
 * Three-term recursions in l, at fixed m, for the normalised associated Legendre functions
 * lambda_lm(theta) = sqrt((2l+1)/4pi) d^l_{m,0}(theta) (Condon-Shortley phase, healpy's Y_lm = lambda_lm e^{i m phi})
 * and for the spin-2 pair -sqrt((2l+1)/4pi)/2 d^l_{m,-+2}(theta) from which healpy's W_lm, X_lm follow.
 *
 * <p>Start values at l = m (or l = 2 for spin) underflow a double near the poles for large m, so they are
 * carried as mantissa * 2^exponent and the recursion runs on values scaled by 2^(SHIFT * k) until they
 * return to the double range (k = 0), as in libsharp; a ring whose functions stay below 2^-(SHIFT/2) up to
 * lmax contributes nothing at that m. One instance per thread.
 */
final class LegendreRecursion {
    /** Binary exponent by which scaled values are shifted. */
    static final int SHIFT = 600;
    static final double UP = 0x1p300;
    static final double DOWN = 0x1p-600;

    final int lmax;
    /** lambda_{l+1} = alpha[l] x lambda_l - beta[l] lambda_{l-1}, for the m of the last scalar(m) call. */
    final double[] alpha;
    final double[] beta;
    /** d_{l+1} = (a[l] x -+ b[l]) d_l - c[l] d_{l-1} for d^l_{m,+-2}, for the m of the last spin(m) call. */
    final double[] a;
    final double[] b;
    final double[] c;
    private final double[] norm;
    // l-only factors of the coefficients, as doubles, so that the per-m loops below are free of int-to-double
    // conversions and the JIT compiles them to vector sqrt and division (they run once per m and ring block)
    private final double[] ell;
    private final double[] ellSq;
    private final double[] fourEllSqMinus1;
    private final double[] twoEllPlus1TimesEll;
    private final double[] twoTimesTwoEllPlus1;

    LegendreRecursion(int lmax) {
        this.lmax = lmax;
        alpha = new double[lmax + 2];
        beta = new double[lmax + 2];
        a = new double[lmax + 2];
        b = new double[lmax + 2];
        c = new double[lmax + 2];
        norm = new double[lmax + 3];
        for (int l = 0; l < norm.length; l++) {
            norm[l] = Math.sqrt((2.0 * l + 1) / (4 * Math.PI));
        }
        ell = new double[lmax + 2];
        ellSq = new double[lmax + 2];
        fourEllSqMinus1 = new double[lmax + 2];
        twoEllPlus1TimesEll = new double[lmax + 2];
        twoTimesTwoEllPlus1 = new double[lmax + 2];
        for (int l = 0; l <= lmax + 1; l++) {
            ell[l] = l;
            ellSq[l] = (double) l * l;
            fourEllSqMinus1[l] = 4.0 * l * l - 1;
            twoEllPlus1TimesEll[l] = (2 * l + 1) * l;
            twoTimesTwoEllPlus1[l] = (2 * l + 1) * 2.0;
        }
    }

    /** Fills alpha, beta for this m. */
    void scalar(int m) {
        double m2 = (double) m * m;
        double[] l2 = ellSq;
        double[] f4 = fourEllSqMinus1;
        for (int l = m; l <= lmax; l++) {
            alpha[l] = Math.sqrt(f4[l + 1] / (l2[l + 1] - m2));
        }
        beta[m] = 0;
        for (int l = m + 1; l <= lmax; l++) { // beta_l^2 = f_l (l^2 - m^2) / (4 l^2 - 1) = alpha_l^2 / alpha_{l-1}^2
            beta[l] = alpha[l] / alpha[l - 1];
        }
    }

    /** Fills a, b, c for this m (the recursion of sqrt((2l+1)/4pi) d^l_{m,+-2}), for l &gt;= max(m, 2). */
    void spin(int m) {
        double m2 = (double) m * m;
        double[] l2 = ellSq;
        double[] n = norm;
        for (int l = Math.max(m, 2); l <= lmax; l++) {
            double l1 = ell[l + 1];
            double den = ell[l] * Math.sqrt((l2[l + 1] - m2) * (l2[l + 1] - 4));
            double up = n[l + 1] / n[l];
            a[l] = twoEllPlus1TimesEll[l] * l1 / den * up;
            b[l] = twoTimesTwoEllPlus1[l] * m / den * up;
            c[l] = l1 * Math.sqrt((l2[l] - m2) * (l2[l] - 4)) / den * n[l + 1] / n[l - 1];
        }
    }

    /** sqrt((2l+1)/4pi). */
    double norm(int l) {
        return norm[l];
    }

    /**
     * The scale index k (value = stored * 2^(-SHIFT k)) for a true value v * 2^e, with v of moderate size.
     */
    static int scaleIndex(int e) {
        return e >= -SHIFT / 2 ? 0 : (-SHIFT / 2 - e + SHIFT - 1) / SHIFT;
    }
}
