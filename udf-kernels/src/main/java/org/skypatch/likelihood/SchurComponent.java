package org.skypatch.likelihood;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One connected component's Newton system H p = r solved directly by eliminating a parameter kind.
 *
 * <p>Parameters of one kind (beta_d, T_d or beta_s) never share a tuple, so each kind's block of H is
 * diagonal. Eliminating the kind with the most parameters (D, diagonal) leaves the Schur complement
 * S = C - B^T D^-1 B over the other two kinds: for a K-means configuration the T_d and beta_s clusters,
 * a few hundred at most, which a dense Cholesky factor solves. B is sparse (a cluster's pixels fall in a
 * few clusters of the other kinds), so forming S costs the sum of its rows' squared lengths, not the
 * cube of the component's size. H is positive definite exactly when D and S are.
 */
final class SchurComponent {
    /** The kind eliminated: its position in a tuple (0 beta_d, 1 T_d, 2 beta_s), and the two kept. */
    private final int eliminatedKind;
    private final int keptKind1;
    private final int keptKind2;
    /** Parameters eliminated (the rows of D) and kept (the rows of S). */
    private final int[] eliminated;
    private final int[] kept;
    /** The component's tuples, and per tuple its eliminated row, kept rows and the B entries (slots) it adds to. */
    private final int[] tuples;
    private final int[] tupleRow;
    private final int[] tupleKept1;
    private final int[] tupleKept2;
    private final int[] tupleSlot1;
    private final int[] tupleSlot2;
    /** B by eliminated row: slots rowStart[i] .. rowStart[i + 1] - 1, each with its kept column. */
    private final int[] rowStart;
    private final int[] column;

    /**
     * @param tuples the component's tuples
     * @param tupleParams every tuple's (beta_d, T_d, beta_s) parameter indices
     */
    SchurComponent(int[] tuples, int[][] tupleParams) {
        this.tuples = tuples;
        Map<Integer, Integer>[] index = newMaps();
        for (int t : tuples) {
            for (int a = 0; a < 3; a++) {
                index[a].putIfAbsent(tupleParams[t][a], index[a].size());
            }
        }
        int e = 0;
        for (int a = 1; a < 3; a++) {
            e = index[a].size() > index[e].size() ? a : e;
        }
        eliminatedKind = e;
        keptKind1 = e == 0 ? 1 : 0;
        keptKind2 = e == 2 ? 1 : 2;
        eliminated = parametersOf(index[e]);
        int[] first = parametersOf(index[keptKind1]);
        int[] second = parametersOf(index[keptKind2]);
        kept = new int[first.length + second.length];
        System.arraycopy(first, 0, kept, 0, first.length);
        System.arraycopy(second, 0, kept, first.length, second.length);
        int offset = first.length;
        int n = tuples.length;
        tupleRow = new int[n];
        tupleKept1 = new int[n];
        tupleKept2 = new int[n];
        tupleSlot1 = new int[n];
        tupleSlot2 = new int[n];
        // B's non-zeros (row, kept column), numbered in order of first appearance, then sorted into rows
        Map<Long, Integer> entries = new HashMap<>();
        int[] rowLength = new int[eliminated.length];
        for (int k = 0; k < n; k++) {
            int[] ip = tupleParams[tuples[k]];
            tupleRow[k] = index[e].get(ip[e]);
            tupleKept1[k] = index[keptKind1].get(ip[keptKind1]);
            tupleKept2[k] = offset + index[keptKind2].get(ip[keptKind2]);
            for (int j : new int[] {tupleKept1[k], tupleKept2[k]}) {
                if (entries.putIfAbsent((long) tupleRow[k] * kept.length + j, entries.size()) == null) {
                    rowLength[tupleRow[k]]++;
                }
            }
        }
        rowStart = new int[eliminated.length + 1];
        for (int i = 0; i < eliminated.length; i++) {
            rowStart[i + 1] = rowStart[i] + rowLength[i];
        }
        column = new int[entries.size()];
        int[] slotOf = new int[entries.size()];
        int[] fill = Arrays.copyOf(rowStart, eliminated.length);
        entries.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(en -> {
            int row = (int) (en.getKey() / kept.length);
            int slot = fill[row]++;
            column[slot] = (int) (en.getKey() % kept.length);
            slotOf[en.getValue()] = slot;
        });
        for (int k = 0; k < n; k++) {
            tupleSlot1[k] = slotOf[entries.get((long) tupleRow[k] * kept.length + tupleKept1[k])];
            tupleSlot2[k] = slotOf[entries.get((long) tupleRow[k] * kept.length + tupleKept2[k])];
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Integer>[] newMaps() {
        return new Map[] {new HashMap<>(), new HashMap<>(), new HashMap<>()};
    }

    private static int[] parametersOf(Map<Integer, Integer> index) {
        int[] out = new int[index.size()];
        index.forEach((parameter, i) -> out[i] = parameter);
        return out;
    }

    /** Rows of the Schur complement. */
    int keptCount() {
        return kept.length;
    }

    /** Scratch for {@link #solve}: S and its factor, D, B, and two vectors. */
    double[][] workspace() {
        int m = kept.length;
        return new double[][] {new double[m * m], new double[m * m], new double[eliminated.length],
                new double[column.length], new double[eliminated.length], new double[m]};
    }

    /**
     * Solves H_FF p_F = rhs_F over the component's free parameters (held ones' p left as they are), H
     * assembled from the [tuple][9] blocks with each diagonal entry scaled by 1 + damping; false, and p
     * left as it is, when strict and H_FF is not positive definite. Not strict (the positive
     * semi-definite Gauss-Newton matrix), a loss of definiteness by rounding is damped a little more.
     */
    boolean solve(double[][] hessian, boolean[] free, double[] rhs, double[] p, boolean strict, double damping,
                  double[][] w) {
        double ridge = BlockSparseSolver.RIDGE;
        while (!factor(hessian, free, damping + ridge, w)) {
            if (strict) {
                return false;
            }
            ridge *= 1e3;
            if (ridge > 1) {
                throw new ArithmeticException("Gauss-Newton Hessian is not positive definite even with damping");
            }
        }
        double[] l = w[1];
        double[] d = w[2];
        double[] b = w[3];
        double[] scaled = w[4];
        double[] y = w[5];
        // y = r_kept - B^T D^-1 r_eliminated, then S x_kept = y, then x_eliminated = D^-1 (r_eliminated - B x_kept)
        for (int i = 0; i < eliminated.length; i++) {
            scaled[i] = free[eliminated[i]] ? rhs[eliminated[i]] / d[i] : 0;
        }
        for (int j = 0; j < kept.length; j++) {
            y[j] = free[kept[j]] ? rhs[kept[j]] : 0;
        }
        for (int i = 0; i < eliminated.length; i++) {
            for (int a = rowStart[i]; a < rowStart[i + 1]; a++) {
                y[column[a]] -= b[a] * scaled[i];
            }
        }
        BlockSparseSolver.substitute(l, kept.length, y);
        for (int j = 0; j < kept.length; j++) {
            if (free[kept[j]]) {
                p[kept[j]] = y[j];
            }
        }
        for (int i = 0; i < eliminated.length; i++) {
            if (free[eliminated[i]]) {
                double v = rhs[eliminated[i]];
                for (int a = rowStart[i]; a < rowStart[i + 1]; a++) {
                    v -= b[a] * y[column[a]];
                }
                p[eliminated[i]] = v / d[i];
            }
        }
        return true;
    }

    /**
     * D, B and the Cholesky factor of S into w, held parameters' rows and columns as the identity, each
     * diagonal entry a_ii raised by ridge |a_ii| (as BlockSparseSolver's dense factor); false when D or S
     * is not positive definite.
     */
    private boolean factor(double[][] hessian, boolean[] free, double ridge, double[][] w) {
        int m = kept.length;
        double[] s = w[0];
        double[] d = w[2];
        double[] b = w[3];
        Arrays.fill(s, 0.0);
        Arrays.fill(d, 0.0);
        Arrays.fill(b, 0.0);
        int e = eliminatedKind;
        int k1 = keptKind1;
        int k2 = keptKind2;
        for (int k = 0; k < tuples.length; k++) {
            double[] h = hessian[tuples[k]];
            int j1 = tupleKept1[k];
            int j2 = tupleKept2[k];
            d[tupleRow[k]] += h[e * 4];
            b[tupleSlot1[k]] += h[e * 3 + k1];
            b[tupleSlot2[k]] += h[e * 3 + k2];
            s[j1 * m + j1] += h[k1 * 4];
            s[j2 * m + j2] += h[k2 * 4];
            s[j1 * m + j2] += h[k1 * 3 + k2];
            s[j2 * m + j1] += h[k2 * 3 + k1];
        }
        for (int i = 0; i < eliminated.length; i++) {
            if (!free[eliminated[i]]) {
                d[i] = 1;
                Arrays.fill(b, rowStart[i], rowStart[i + 1], 0.0);
            }
            d[i] += ridge * Math.abs(d[i]) + Double.MIN_NORMAL;
            if (!(d[i] > 0)) {
                return false;
            }
        }
        for (int a = 0; a < column.length; a++) {
            if (!free[kept[column[a]]]) {
                b[a] = 0;
            }
        }
        for (int j = 0; j < m; j++) {
            if (!free[kept[j]]) {
                BlockSparseSolver.identityRowAndColumn(s, m, j);
            }
            s[j * m + j] += ridge * Math.abs(s[j * m + j]);
        }
        for (int i = 0; i < eliminated.length; i++) {
            for (int a = rowStart[i]; a < rowStart[i + 1]; a++) {
                double ba = b[a] / d[i];
                int row = column[a] * m;
                for (int c = rowStart[i]; c < rowStart[i + 1]; c++) {
                    s[row + column[c]] -= ba * b[c];
                }
            }
        }
        return BlockSparseSolver.cholesky(s, m, 0, w[1]);
    }
}
