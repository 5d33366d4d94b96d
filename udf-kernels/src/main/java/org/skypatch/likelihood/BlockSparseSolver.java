package org.skypatch.likelihood;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Solves H p = r for the Gauss-Newton Hessian, a sum of 3x3 blocks, one per cluster tuple,
 * over the tuple's (beta_d, T_d, beta_s) parameters, restricted to the free parameters.
 *
 * <p>Parameters couple only through tuples, so the system splits into the connected components
 * of the parameter graph: nside-matched patches give independent 3x3 systems, K-means maps of
 * different K one larger component. A component is solved directly by eliminating its largest
 * parameter kind ({@link SchurComponent}) when the other two kinds have at most {@link #DENSE_MAX}
 * parameters, else by Jacobi-preconditioned conjugate gradients (its matrix-vector product costs 9
 * operations per tuple).
 */
final class BlockSparseSolver {
    static final int DENSE_MAX = 600;
    static final double RIDGE = 1e-12;
    private static final double CG_TOLERANCE = 1e-6;

    private final int[][] tupleParams;
    private final int[] localIndex;
    /** Connected component of each parameter. */
    final int[] componentOfParameter;
    private final int[][] componentParams;
    private final int[][] componentTuples;
    /** Per component, each of its tuples' three parameters as local indices ([3 k + a] for its k-th tuple). */
    private final int[][] componentLocal;
    /** Per component, its direct solve, or null where conjugate gradients solve it. */
    private final SchurComponent[] schur;

    BlockSparseSolver(int parameters, int[][] tupleParams) {
        this.tupleParams = tupleParams;
        int[] parent = new int[parameters];
        for (int i = 0; i < parameters; i++) {
            parent[i] = i;
        }
        for (int[] ip : tupleParams) {
            union(parent, ip[0], ip[1]);
            union(parent, ip[0], ip[2]);
        }
        int[] compOf = new int[parameters];
        Arrays.fill(compOf, -1);
        int comps = 0;
        int[] rootComp = new int[parameters];
        Arrays.fill(rootComp, -1);
        for (int i = 0; i < parameters; i++) {
            int r = find(parent, i);
            if (rootComp[r] < 0) {
                rootComp[r] = comps++;
            }
            compOf[i] = rootComp[r];
        }
        componentOfParameter = compOf;
        int[] sizes = new int[comps];
        localIndex = new int[parameters];
        for (int i = 0; i < parameters; i++) {
            localIndex[i] = sizes[compOf[i]]++;
        }
        componentParams = new int[comps][];
        for (int c = 0; c < comps; c++) {
            componentParams[c] = new int[sizes[c]];
        }
        for (int i = 0; i < parameters; i++) {
            componentParams[compOf[i]][localIndex[i]] = i;
        }
        List<List<Integer>> tuples = new ArrayList<>();
        for (int c = 0; c < comps; c++) {
            tuples.add(new ArrayList<>());
        }
        for (int t = 0; t < tupleParams.length; t++) {
            tuples.get(compOf[tupleParams[t][0]]).add(t);
        }
        componentTuples = new int[comps][];
        componentLocal = new int[comps][];
        schur = new SchurComponent[comps];
        for (int c = 0; c < comps; c++) {
            componentTuples[c] = tuples.get(c).stream().mapToInt(Integer::intValue).toArray();
            SchurComponent direct = new SchurComponent(componentTuples[c], tupleParams);
            schur[c] = direct.keptCount() <= DENSE_MAX ? direct : null;
            componentLocal[c] = new int[3 * componentTuples[c].length];
            for (int k = 0; k < componentTuples[c].length; k++) {
                for (int a = 0; a < 3; a++) {
                    componentLocal[c][3 * k + a] = localIndex[tupleParams[componentTuples[c][k]][a]];
                }
            }
        }
    }

    /** Scratch for {@link #solve} (one per thread): a direct solve's matrices, or CG vectors and blocks. */
    FitWorkspace workspace() {
        double[][][] work = new double[componentParams.length][][];
        double[][] blocks = new double[componentParams.length][];
        for (int c = 0; c < work.length; c++) {
            if (schur[c] != null) {
                work[c] = schur[c].workspace();
            } else {
                work[c] = new double[7][componentParams[c].length];
                blocks[c] = new double[9 * componentTuples[c].length];
            }
        }
        return new FitWorkspace(work, blocks);
    }

    int componentCount() {
        return componentParams.length;
    }

    /** The parameters of component c. */
    int[] parameters(int c) {
        return componentParams[c];
    }

    /** The tuples of component c. */
    int[] tuples(int c) {
        return componentTuples[c];
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /** The diagonal of H. */
    void diagonal(double[][] hessian, double[] out) {
        Arrays.fill(out, 0.0);
        for (int t = 0; t < tupleParams.length; t++) {
            int[] ip = tupleParams[t];
            double[] h = hessian[t];
            out[ip[0]] += h[0];
            out[ip[1]] += h[4];
            out[ip[2]] += h[8];
        }
    }

    /**
     * Solves H_FF p_F = rhs_F on the free parameters (p is zero on the others), with the preferred
     * matrix (the exact Hessian) in every component where it is positive definite, and with the
     * fallback (Gauss-Newton, positive semi-definite, damped if needed) in the others and in those
     * flagged fallbackOnly, in the components marked active (p is left as it is in the others).
     * Each component's diagonal is scaled by 1 + damping[c] (Marquardt's damping, which shortens the
     * step most along the directions of least curvature). Matrices are [tuple][9] blocks; ws is this
     * thread's {@link #workspace()}.
     */
    void solve(double[][] preferred, double[][] fallback, boolean[] free, double[] rhs, double[] p,
               boolean[] fallbackOnly, boolean[] active, double[] damping, FitWorkspace ws) {
        for (int c = 0; c < componentParams.length; c++) {
            if (!active[c]) {
                continue;
            }
            for (int i : componentParams[c]) {
                p[i] = 0;
            }
            SchurComponent direct = schur[c];
            double[][] w = ws.work[c];
            boolean ok = !fallbackOnly[c] && (direct != null ? direct.solve(preferred, free, rhs, p, true, damping[c], w)
                    : solveCg(c, preferred, free, rhs, p, true, RIDGE + damping[c], ws));
            if (!ok) {
                for (int i : componentParams[c]) {
                    p[i] = 0;
                }
                if (direct != null) {
                    direct.solve(fallback, free, rhs, p, false, damping[c], w);
                } else {
                    solveCg(c, fallback, free, rhs, p, false, RIDGE + damping[c], ws);
                }
            }
        }
    }

    /** Component c's dense matrix (row-major, n x n) from [tuple][9] blocks, held parameters' rows and columns as the identity. */
    private void assemble(int c, double[][] hessian, boolean[] free, double[] a) {
        int[] params = componentParams[c];
        int n = params.length;
        Arrays.fill(a, 0.0);
        for (int t : componentTuples[c]) {
            int[] ip = tupleParams[t];
            double[] h = hessian[t];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a[localIndex[ip[i]] * n + localIndex[ip[j]]] += h[i * 3 + j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!free[params[i]]) {
                identityRowAndColumn(a, n, i);
            }
        }
    }

    /** Sets row and column i of the n x n matrix a to the identity's (a held parameter's). */
    static void identityRowAndColumn(double[] a, int n, int i) {
        for (int j = 0; j < n; j++) {
            a[i * n + j] = 0;
            a[j * n + i] = 0;
        }
        a[i * n + i] = 1;
    }

    /** Solves L L^T x = b in place (forward then back substitution). */
    static void substitute(double[] l, int n, double[] b) {
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * n + k] * b[k];
            }
            b[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * b[k];
            }
            b[i] = s / l[i * n + i];
        }
    }

    /**
     * The diagonal of the inverse of component c's matrix over its free parameters, written into
     * out[parameter] (held parameters are left as they are), by dense Cholesky: false, and out left
     * as it is, when the matrix is not positive definite.
     */
    boolean inverseDiagonal(int c, double[][] hessian, boolean[] free, double[] out) {
        int[] params = componentParams[c];
        int n = params.length;
        double[] a = new double[n * n];
        assemble(c, hessian, free, a);
        double[] l = new double[n * n];
        if (!cholesky(a, n, RIDGE, l)) {
            return false;
        }
        // (A^-1)_ii = |L^-1 e_i|^2, and L^-1 e_i is zero above row i: n^3 / 6 operations in all
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            if (!free[params[i]]) {
                continue;
            }
            y[i] = 1 / l[i * n + i];
            double sum = y[i] * y[i];
            for (int r = i + 1; r < n; r++) {
                double v = 0;
                for (int k = i; k < r; k++) {
                    v -= l[r * n + k] * y[k];
                }
                y[r] = v / l[r * n + r];
                sum += y[r] * y[r];
            }
            out[params[i]] = sum;
        }
        return true;
    }

    /**
     * Lower Cholesky factor of a + ridge * diag(a); false if not positive definite. Column by column,
     * four rows at a time: their dot products are independent chains the processor overlaps, and
     * each entry is summed in the same order as one row at a time would (same bits).
     *
     * <p>Row i of the factor is zero left of row i's first non-zero in a (its envelope; those zeros are
     * still written), so each dot product starts where both rows' envelopes do: the terms left out are
     * products with an exact zero.
     * In a component's whole matrix ({@link #inverseDiagonal}) the beta_d parameters come first and never
     * share a tuple, so their rows are diagonal and the factor costs about (T_d + beta_s count)^2 x n / 2
     * instead of n^3 / 6.
     */
    static boolean cholesky(double[] a, int n, double ridge, double[] l) {
        int[] first = envelope(a, n);
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            int fj = first[j];
            double s = a[rj + j];
            s += ridge * Math.abs(a[rj + j]) + Double.MIN_NORMAL;
            for (int k = fj; k < j; k++) {
                s -= l[rj + k] * l[rj + k];
            }
            if (!(s > 0)) {
                return false;
            }
            double d = Math.sqrt(s);
            l[rj + j] = d;
            int i = j + 1;
            for (; i + 3 < n; i += 4) {
                int r0 = i * n;
                int r1 = r0 + n;
                int r2 = r1 + n;
                int r3 = r2 + n;
                double s0 = a[r0 + j];
                double s1 = a[r1 + j];
                double s2 = a[r2 + j];
                double s3 = a[r3 + j];
                int from = Math.max(fj, Math.min(Math.min(first[i], first[i + 1]), Math.min(first[i + 2], first[i + 3])));
                for (int k = from; k < j; k++) {
                    double ljk = l[rj + k];
                    s0 -= l[r0 + k] * ljk;
                    s1 -= l[r1 + k] * ljk;
                    s2 -= l[r2 + k] * ljk;
                    s3 -= l[r3 + k] * ljk;
                }
                l[r0 + j] = s0 / d;
                l[r1 + j] = s1 / d;
                l[r2 + j] = s2 / d;
                l[r3 + j] = s3 / d;
            }
            for (; i < n; i++) {
                int ri = i * n;
                double si = a[ri + j];
                for (int k = Math.max(fj, first[i]); k < j; k++) {
                    si -= l[ri + k] * l[rj + k];
                }
                l[ri + j] = si / d;
            }
        }
        return true;
    }

    /** Per row of the symmetric n x n matrix a, the column of its first non-zero (the diagonal's if none before it). */
    private static int[] envelope(double[] a, int n) {
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            int k = 0;
            while (k < i && a[i * n + k] == 0) {
                k++;
            }
            first[i] = k;
        }
        return first;
    }

    private boolean solveCg(int c, double[][] hessian, boolean[] free, double[] rhs, double[] p, boolean strict,
                            double ridge, FitWorkspace ws) {
        int[] params = componentParams[c];
        int n = params.length;
        double[][] w = ws.work[c];
        double[] diag = w[0];
        double[] x = w[1];
        double[] r = w[2];
        double[] z = w[3];
        double[] dir = w[4];
        double[] q = w[5];
        Arrays.fill(diag, 0.0);
        Arrays.fill(x, 0.0);
        for (int t : componentTuples[c]) {
            int[] ip = tupleParams[t];
            double[] h = hessian[t];
            for (int i = 0; i < 3; i++) {
                diag[localIndex[ip[i]]] += h[i * 4];
            }
        }
        double rr0 = 0;
        for (int i = 0; i < n; i++) {
            if (strict && free[params[i]] && !(diag[i] > 0)) {
                return false; // not positive definite
            }
            r[i] = free[params[i]] ? rhs[params[i]] : 0;
            rr0 += r[i] * r[i];
        }
        // the matrix's diagonal is a_ii (1 + ridge), the Jacobi preconditioner's inverse 1 / that
        double[] inverse = w[6];
        for (int i = 0; i < n; i++) {
            inverse[i] = 1 / (diag[i] * (1 + ridge) + Double.MIN_NORMAL);
        }
        double rz = 0;
        for (int i = 0; i < n; i++) {
            z[i] = r[i] * inverse[i];
            dir[i] = z[i];
            rz += r[i] * z[i];
        }
        // the blocks with the held parameters' rows and columns zeroed, in tuple order: the product below
        // is then one pass without branches (adding those zeros changes no sum)
        int[] local = componentLocal[c];
        int[] tuples = componentTuples[c];
        double[] m = ws.blocks[c];
        for (int k = 0; k < tuples.length; k++) {
            int[] ip = tupleParams[tuples[k]];
            double[] h = hessian[tuples[k]];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    m[9 * k + 3 * i + j] = free[ip[i]] && free[ip[j]] ? h[3 * i + j] : 0;
                }
            }
        }
        int maxIterations = 10 * n + 100;
        for (int it = 0; it < maxIterations && rz > 0; it++) {
            Arrays.fill(q, 0.0);
            for (int k = 0; k < tuples.length; k++) {
                int a = local[3 * k];
                int b = local[3 * k + 1];
                int d = local[3 * k + 2];
                double da = dir[a];
                double db = dir[b];
                double dd = dir[d];
                int o = 9 * k;
                q[a] += m[o] * da + m[o + 1] * db + m[o + 2] * dd;
                q[b] += m[o + 3] * da + m[o + 4] * db + m[o + 5] * dd;
                q[d] += m[o + 6] * da + m[o + 7] * db + m[o + 8] * dd;
            }
            double dq = 0;
            for (int i = 0; i < n; i++) {
                q[i] += ridge * diag[i] * dir[i];
                dq += dir[i] * q[i];
            }
            if (!(dq > 0)) {
                if (strict) {
                    return false;
                }
                break;
            }
            double alpha = rz / dq;
            double rr = 0;
            for (int i = 0; i < n; i++) {
                x[i] += alpha * dir[i];
                r[i] -= alpha * q[i];
                rr += r[i] * r[i];
            }
            if (rr <= CG_TOLERANCE * CG_TOLERANCE * rr0) {
                break;
            }
            double rzNew = 0;
            for (int i = 0; i < n; i++) {
                z[i] = r[i] * inverse[i];
                rzNew += r[i] * z[i];
            }
            double beta = rzNew / rz;
            rz = rzNew;
            for (int i = 0; i < n; i++) {
                dir[i] = z[i] + beta * dir[i];
            }
        }
        for (int i = 0; i < n; i++) {
            if (free[params[i]]) {
                p[params[i]] = x[i];
            }
        }
        return true;
    }
}
