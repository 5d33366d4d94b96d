package org.skypatch.harmonics;

import java.util.Arrays;

/**
 * MASTER (Hivon et al. 2002, ApJ 567, 2) deconvolution of pseudo-spectra of masked full-sky maps: the
 * expectation of the pseudo-spectrum is M C_l with the mode-coupling matrices
 * M^TT_{l l'} = (2l'+1)/4pi sum_L (2L+1) W_L (l l' L; 0 0 0)^2 and, for polarisation,
 * M^{EE,EE}_{l l'} = M^{BB,BB} = (2l'+1)/8pi sum_L (2L+1) W_L (1 + (-1)^{l+l'+L}) (l l' L; 2 -2 0)^2,
 * M^{EE,BB}_{l l'} = M^{BB,EE} = the same with (1 - (-1)^{l+l'+L}) (E/B leakage),
 * W_L the power spectrum of the mask (up to 3 nside - 1; zero beyond). Unbinned: solved exactly for l &lt;= lmax,
 * so the result is only as good as the truncation at lmax allows (compute pseudo-spectra to about 1.5x the
 * highest l you trust). Pixel window and beam are not included.
 */
public final class Master {
    private final int lmax;
    private final double[][] tt;
    private final double[][] pol;

    private Master(int lmax, double[][] tt, double[][] pol) {
        this.lmax = lmax;
        this.tt = tt;
        this.pol = pol;
    }

    /** Coupling matrices of this mask (RING map, values in [0, 1]) for l = 0..lmax. */
    public static Master forMask(double[] mask, int lmax) {
        int nside = Sht.nsideOf(mask, "mask");
        int lmaxMask = Math.min(2 * lmax, 3 * nside - 1);
        double[] w = PowerSpectra.anafast(mask, lmaxMask, Sht.DEFAULT_ITER);
        double[] wl = new double[2 * lmax + 1];
        System.arraycopy(w, 0, wl, 0, lmaxMask + 1);
        double[] s0 = new double[2 * lmax + 2];
        double[] s2 = new double[2 * lmax + 2];
        double[][] tt = new double[lmax + 1][lmax + 1];
        int n = lmax - 1; // polarisation multipoles 2..lmax
        double[][] pol = new double[2 * n][2 * n];
        for (int l1 = 0; l1 <= lmax; l1++) {
            for (int l2 = 0; l2 <= lmax; l2++) {
                Wigner3j.squares(l1, l2, 0, s0);
                double sumTt = 0;
                for (int l3 = Math.abs(l1 - l2); l3 <= l1 + l2; l3++) {
                    sumTt += (2 * l3 + 1) * wl[l3] * s0[l3];
                }
                tt[l1][l2] = (2 * l2 + 1) / (4 * Math.PI) * sumTt;
                if (l1 < 2 || l2 < 2) {
                    continue;
                }
                Wigner3j.squares(l1, l2, 2, s2);
                double even = 0;
                double odd = 0;
                for (int l3 = Math.abs(l1 - l2); l3 <= l1 + l2; l3++) {
                    double term = (2 * l3 + 1) * wl[l3] * s2[l3];
                    if (((l1 + l2 + l3) & 1) == 0) {
                        even += term;
                    } else {
                        odd += term;
                    }
                }
                double f = (2 * l2 + 1) / (4 * Math.PI); // (1 +- (-1)^L)/8pi = 1/4pi on the surviving parity
                int i = l1 - 2;
                int j = l2 - 2;
                pol[i][j] = f * even;
                pol[i + n][j + n] = f * even;
                pol[i][j + n] = f * odd;
                pol[i + n][j] = f * odd;
            }
        }
        return new Master(lmax, tt, pol);
    }

    public int lmax() {
        return lmax;
    }

    /** Expected pseudo-TT of a sky with this TT (l = 0..lmax): M^TT C. */
    public double[] coupleTT(double[] cl) {
        double[] out = new double[lmax + 1];
        for (int l1 = 0; l1 <= lmax; l1++) {
            for (int l2 = 0; l2 <= lmax; l2++) {
                out[l1] += tt[l1][l2] * cl[l2];
            }
        }
        return out;
    }

    /** TT estimate from the pseudo-TT of the masked map (anafast of map * mask, l = 0..lmax). */
    public double[] decoupleTT(double[] pseudo) {
        checkLength(pseudo, "pseudo TT");
        return Linear.solve(tt, Arrays.copyOf(pseudo, lmax + 1));
    }

    /** {EE, BB} estimates (zero at l &lt; 2) from the pseudo-EE and pseudo-BB of the masked maps. */
    public double[][] decoupleEEBB(double[] pseudoEE, double[] pseudoBB) {
        checkLength(pseudoEE, "pseudo EE");
        checkLength(pseudoBB, "pseudo BB");
        int n = lmax - 1;
        double[] rhs = new double[2 * n];
        for (int l = 2; l <= lmax; l++) {
            rhs[l - 2] = pseudoEE[l];
            rhs[l - 2 + n] = pseudoBB[l];
        }
        double[] x = Linear.solve(pol, rhs);
        double[][] out = new double[2][lmax + 1];
        for (int l = 2; l <= lmax; l++) {
            out[0][l] = x[l - 2];
            out[1][l] = x[l - 2 + n];
        }
        return out;
    }

    private void checkLength(double[] cl, String what) {
        if (cl.length <= lmax) {
            throw new IllegalArgumentException(what + " has " + cl.length + " multipoles, the coupling matrices need lmax+1 = "
                    + (lmax + 1));
        }
    }

    /** Dense linear solve by Gaussian elimination with partial pivoting (matrices of a few hundred rows). */
    private static final class Linear {
        static double[] solve(double[][] matrix, double[] rhs) {
            int n = rhs.length;
            double[][] a = new double[n][];
            for (int i = 0; i < n; i++) {
                a[i] = matrix[i].clone();
            }
            double[] b = rhs.clone();
            for (int k = 0; k < n; k++) {
                int piv = k;
                for (int i = k + 1; i < n; i++) {
                    if (Math.abs(a[i][k]) > Math.abs(a[piv][k])) {
                        piv = i;
                    }
                }
                if (a[piv][k] == 0) {
                    throw new IllegalArgumentException("mode-coupling matrix is singular at row " + k
                            + ": the mask leaves too little sky for an unbinned MASTER solution up to this lmax");
                }
                double[] tmp = a[k];
                a[k] = a[piv];
                a[piv] = tmp;
                double tb = b[k];
                b[k] = b[piv];
                b[piv] = tb;
                for (int i = k + 1; i < n; i++) {
                    double f = a[i][k] / a[k][k];
                    if (f != 0) {
                        for (int j = k; j < n; j++) {
                            a[i][j] -= f * a[k][j];
                        }
                        b[i] -= f * b[k];
                    }
                }
            }
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double s = b[i];
                for (int j = i + 1; j < n; j++) {
                    s -= a[i][j] * x[j];
                }
                x[i] = s / a[i][i];
            }
            return x;
        }
    }
}
