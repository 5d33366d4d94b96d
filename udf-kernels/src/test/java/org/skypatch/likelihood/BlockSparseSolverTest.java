package org.skypatch.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The block-sparse Newton solves against a dense Gaussian elimination of the same matrix. */
class BlockSparseSolverTest {

    /**
     * Random tuples over kb beta_d, kt T_d and ks beta_s clusters (one component), random positive
     * definite blocks, damping and a held parameter of each kind: the direct solve (whichever kind it
     * eliminates) and conjugate gradients give the dense solution; an indefinite preferred matrix falls
     * back to the other.
     */
    @ParameterizedTest
    @CsvSource({"40, 6, 3", "4, 30, 5", "3, 4, 25", "1, 1, 1", "610, 598, 3"})
    void solvesLikeDenseElimination(int kb, int kt, int ks) {
        Random rnd = new Random(kb * 1000L + kt * 10L + ks);
        int largest = Math.max(Math.max(kb, kt), ks);
        int tuples = largest * 2;
        int[][] params = new int[tuples][];
        for (int t = 0; t < tuples; t++) {
            // every cluster in some tuple (the first ones cycle through them), then random ones
            int b = t < largest ? t % kb : rnd.nextInt(kb);
            int d = t < largest ? t % kt : rnd.nextInt(kt);
            int s = t < largest ? t % ks : rnd.nextInt(ks);
            params[t] = new int[] {b, kb + d, kb + kt + s};
        }
        int n = kb + kt + ks;
        BlockSparseSolver solver = new BlockSparseSolver(n, params);
        assertEquals(1, solver.componentCount());
        double[][] spd = new double[tuples][9];
        double[][] indefinite = new double[tuples][9];
        for (int t = 0; t < tuples; t++) {
            double[] m = new double[9];
            for (int i = 0; i < 9; i++) {
                m[i] = rnd.nextGaussian();
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double v = (i == j ? 0.5 : 0);
                    for (int k = 0; k < 3; k++) {
                        v += m[i * 3 + k] * m[j * 3 + k];
                    }
                    spd[t][i * 3 + j] = v;
                    indefinite[t][i * 3 + j] = t == 0 && i == j ? -50 * v : v;
                }
            }
        }
        boolean[] free = new boolean[n];
        java.util.Arrays.fill(free, true);
        free[0] = false;
        free[kb] = n < 4; // 1/1/1: held parameters would leave too little
        free[kb + kt] = n < 4 || kb + kt + ks < 10;
        double[] rhs = new double[n];
        for (int i = 0; i < n; i++) {
            rhs[i] = rnd.nextGaussian();
        }
        double damping = 0.3;
        double[] expected = dense(params, spd, free, rhs, damping);
        double[] p = new double[n];
        solver.solve(indefinite, spd, free, rhs, p, new boolean[1], new boolean[] {true}, new double[] {damping},
                solver.workspace());
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        // conjugate gradients stop at a relative residual of 1e-6
        double tolerance = n - largest > BlockSparseSolver.DENSE_MAX ? 1e-4 : 1e-9;
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], p[i], tolerance * scale, "parameter " + i);
        }
    }

    /** The matrix of the blocks, held rows and columns the identity, diagonal times 1 + damping, solved by Gauss-Jordan. */
    private static double[] dense(int[][] params, double[][] blocks, boolean[] free, double[] rhs, double damping) {
        int n = free.length;
        double[][] a = new double[n][n + 1];
        for (int t = 0; t < params.length; t++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a[params[t][i]][params[t][j]] += blocks[t][i * 3 + j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (!free[i] || !free[j]) {
                    a[i][j] = i == j ? 1 : 0;
                }
            }
            a[i][i] *= 1 + damping + BlockSparseSolver.RIDGE;
            a[i][n] = free[i] ? rhs[i] : 0;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                pivot = Math.abs(a[r][c]) > Math.abs(a[pivot][c]) ? r : pivot;
            }
            double[] tmp = a[c];
            a[c] = a[pivot];
            a[pivot] = tmp;
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= n; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][n] / a[i][i];
        }
        return x;
    }
}
