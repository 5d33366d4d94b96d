package org.skypatch.harmonics;

/**
 * Wigner 3j symbols (l1 l2 l3; s -s 0) for all l3 at once, by the three-term recursion in l3 of Schulten and
 * Gordon (J. Math. Phys. 16, 1961, 1975), run downwards from l3 = l1 + l2 and normalised by
 * sum_l3 (2 l3 + 1) (...)^2 = 1. The overall sign is not fixed: MASTER only needs squares.
 */
final class Wigner3j {
    private Wigner3j() {
    }

    /**
     * Squares of (l1 l2 l3; s -s 0) for l3 = |l1 - l2| .. l1 + l2 into out[l3] (other entries untouched);
     * needs l1, l2 &gt;= s &gt;= 0 and out.length &gt; l1 + l2.
     */
    static void squares(int l1, int l2, int s, double[] out) {
        int jmin = Math.abs(l1 - l2);
        int jmax = l1 + l2;
        double d2 = (double) (l1 - l2) * (l1 - l2);
        double p2 = (l1 + l2 + 1.0) * (l1 + l2 + 1.0);
        double next = 0; // f(j + 1)
        double cur = 1; // f(j), unnormalised, starting at jmax
        out[jmax] = 1;
        double norm = 2.0 * jmax + 1;
        for (int j = jmax; j > jmin; j--) {
            // j A(j+1) f(j+1) + B(j) f(j) + (j+1) A(j) f(j-1) = 0, A(j) = j sqrt((j^2-d^2)((l1+l2+1)^2-j^2)),
            // B(j) = -2 s (2j+1) j (j+1)
            double aj = j * Math.sqrt((j * (double) j - d2) * (p2 - j * (double) j));
            double aj1 = (j + 1) * Math.sqrt(Math.max(0, ((j + 1.0) * (j + 1.0) - d2) * (p2 - (j + 1.0) * (j + 1.0))));
            double bj = -2.0 * s * (2.0 * j + 1) * j * (j + 1.0);
            double prev = -(j * aj1 * next + bj * cur) / ((j + 1) * aj);
            if (Math.abs(prev) > 1e100) { // keep the unnormalised values in range
                for (int k = j; k <= jmax; k++) {
                    out[k] *= 1e-200;
                }
                norm *= 1e-200;
                prev *= 1e-100;
                cur *= 1e-100;
            }
            next = cur;
            cur = prev;
            out[j - 1] = cur * cur;
            norm += (2.0 * (j - 1) + 1) * cur * cur;
        }
        for (int j = jmin; j <= jmax; j++) {
            out[j] /= norm;
        }
    }
}
