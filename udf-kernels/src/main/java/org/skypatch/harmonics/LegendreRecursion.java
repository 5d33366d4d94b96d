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
    }

    /** Fills alpha, beta for this m. */
    void scalar(int m) {
        double m2 = (double) m * m;
        for (int l = m; l <= lmax; l++) {
            double l1 = l + 1.0;
            double f = (4 * l1 * l1 - 1) / (l1 * l1 - m2);
            alpha[l] = Math.sqrt(f);
            beta[l] = Math.sqrt(f * ((double) l * l - m2) / (4.0 * l * l - 1));
        }
    }

    /** Fills a, b, c for this m (the recursion of sqrt((2l+1)/4pi) d^l_{m,+-2}), for l &gt;= max(m, 2). */
    void spin(int m) {
        double m2 = (double) m * m;
        for (int l = Math.max(m, 2); l <= lmax; l++) {
            double l1 = l + 1.0;
            double den = l * Math.sqrt((l1 * l1 - m2) * (l1 * l1 - 4));
            double up = norm[l + 1] / norm[l];
            a[l] = (2 * l + 1) * l * l1 / den * up;
            b[l] = (2 * l + 1) * 2.0 * m / den * up;
            c[l] = l1 * Math.sqrt(((double) l * l - m2) * ((double) l * l - 4)) / den * norm[l + 1] / norm[l - 1];
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
