package org.skypatch.likelihood;

import java.util.Arrays;

/**
 * Bound-constrained minimisation of the spectral NLL: Bertsekas' projected Newton method with the
 * exact block-sparse Hessian.
 *
 * <p>Each iteration: parameters within epsilon of a bound whose gradient pushes outward are held;
 * the others take the Newton step H_FF p = -g_F, solved per connected component of the parameter
 * graph, with the exact Hessian (three extra evaluations, see exactHessian) where it is positive
 * definite and the Gauss-Newton Hessian elsewhere or after a failed Newton step; each component's
 * step is projected onto the box and halved until its NLL decreases (Armijo). Newton steps are
 * invariant to parameter scaling, so the steps need no rescaling; the projected-gradient test uses
 * Fisher-scaled parameters (x_i sqrt(H_ii)), in which one unit is one statistical sigma.
 *
 * <p>Stops (converged) when the last step lowered the NLL by less than nllTolerance and the
 * next one is predicted to lower it by less than nllTolerance (absolute: the NLL is ~1e9 at the
 * optimum, a relative test would stop far too early), or when the largest Fisher-scaled
 * projected gradient is below projectedGradientTolerance. Stops (not converged) at the
 * iteration cap, or when no component can lower its NLL any more (rounding level) while the
 * predicted gain still exceeds nllTolerance. A component that fails three line searches in a row
 * is left where it is.
 */
final class ProjectedNewton {
    private static final int MAX_HALVINGS = 20;
    private static final double ARMIJO = 1e-4;
    /** Relative size of rounding in a component's NLL (sums of ~1e5 terms of ~1e5). */
    private static final double ROUNDING = 1e-15;
    /** Relative step of the finite differences of the analytic gradient. */
    private static final double FD_STEP = 1e-6;

    private final SpectralLikelihood likelihood;
    private final BlockSparseSolver solver;

    ProjectedNewton(SpectralLikelihood likelihood) {
        this.likelihood = likelihood;
        this.solver = new BlockSparseSolver(likelihood.parameterCount(), likelihood.tupleParams);
    }

    /**
     * The exact Hessian's 3x3 blocks, by forward differences of each tuple's analytic gradient.
     * A tuple's gradient depends only on its own three parameters, so shifting every beta_d (then
     * every T_d, then every beta_s) at once gives one column of every block: three evaluations
     * for the whole block-sparse Hessian. Returns the number of evaluations.
     */
    private int exactHessian(SpectralLikelihood.Data data, double[] x, double[][] tupleGrad, double[] shift,
                             double[][] shiftedTupleGrad, double[][] exact) {
        int[][] tp = likelihood.tupleParams;
        int kb = likelihood.kDustBeta;
        int kt = likelihood.kDustTemp;
        for (int j = 0; j < 3; j++) {
            int from = j == 0 ? 0 : j == 1 ? kb : kb + kt;
            int to = j == 0 ? kb : j == 1 ? kb + kt : x.length;
            System.arraycopy(x, 0, shift, 0, x.length);
            for (int i = from; i < to; i++) {
                shift[i] = x[i] + FD_STEP * Math.max(1.0, Math.abs(x[i]));
            }
            likelihood.setParameters(shift);
            likelihood.evaluate(data, null, null, shiftedTupleGrad, null);
            for (int t = 0; t < tp.length; t++) {
                int i = tp[t][j];
                double h = shift[i] - x[i];
                for (int a = 0; a < 3; a++) {
                    exact[t][a * 3 + j] = (shiftedTupleGrad[t][a] - tupleGrad[t][a]) / h;
                }
            }
        }
        for (double[] b : exact) {
            for (int a = 0; a < 3; a++) {
                for (int c = a + 1; c < 3; c++) {
                    double mean = 0.5 * (b[a * 3 + c] + b[c * 3 + a]);
                    b[a * 3 + c] = mean;
                    b[c * 3 + a] = mean;
                }
            }
        }
        return 3;
    }

    /** Minimum found, with counters. */
    record Outcome(double[] x, double nll, int iterations, int evaluations, double projectedGradientNorm,
                   boolean converged) {
    }

    /**
     * Minimises from x0 (per-cluster start, clamped into the box) or, when x0 is null, from
     * options.start() in every cluster.
     */
    // the state at the current point (per fit; this class is not thread-safe)
    private double[] grad;
    private double[][] hess;
    private double[][] tupleGrad;
    private double[] compNll;
    // trial-point scratch
    private double[] trial;
    private double[] trialGrad;
    private double[][] trialHess;
    private double[][] trialTupleGrad;
    private double[] tupleNll;
    private double[] alpha;
    private boolean[] pending;
    /** Components whose last Newton step found no decrease: they take Gauss-Newton steps. */
    private boolean[] gaussNewtonOnly;
    /** Components where three steps in a row found no lower NLL (rounding level): left as they are. */
    private boolean[] stalled;
    private int[] failures;

    Outcome minimise(SpectralLikelihood.Data data, FitOptions options, double[] x0) {
        int n = likelihood.parameterCount();
        int kb = likelihood.kDustBeta;
        int kt = likelihood.kDustTemp;
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = i < kb ? 0 : i < kb + kt ? 1 : 2;
            lo[i] = options.lower()[kind];
            hi[i] = options.upper()[kind];
            x[i] = Math.min(hi[i], Math.max(lo[i], x0 == null ? options.start()[kind] : x0[i]));
        }
        grad = new double[n];
        trialGrad = new double[n];
        int tuples = likelihood.tupleCount();
        hess = new double[tuples][9];
        trialHess = new double[tuples][9];
        tupleGrad = new double[tuples][3];
        trialTupleGrad = new double[tuples][3];
        tupleNll = new double[tuples];
        compNll = new double[solver.componentCount()];
        alpha = new double[solver.componentCount()];
        pending = new boolean[solver.componentCount()];
        gaussNewtonOnly = new boolean[solver.componentCount()];
        stalled = new boolean[solver.componentCount()];
        failures = new int[solver.componentCount()];
        double[][] shiftedTupleGrad = new double[tuples][3];
        double[][] exact = new double[tuples][9];
        double[] shift = new double[n];
        double[] diag = new double[n];
        double[] rhs = new double[n];
        double[] step = new double[n];
        trial = new double[n];
        boolean[] free = new boolean[n];

        likelihood.setParameters(x);
        likelihood.evaluate(data, grad, hess, tupleGrad, tupleNll);
        double f = 0;
        for (int c = 0; c < compNll.length; c++) {
            compNll[c] = 0;
            for (int t : solver.tuples(c)) {
                compNll[c] += tupleNll[t];
            }
            f += compNll[c];
        }
        int evaluations = 1;
        double lastDecrease = Double.POSITIVE_INFINITY;
        int iterations = 0;
        boolean converged = false;
        double pgNorm;
        while (true) {
            solver.diagonal(hess, diag);
            pgNorm = 0;
            for (int i = 0; i < n; i++) {
                // Bertsekas' epsilon-active set: near a bound with the gradient pushing out, held
                double eps = Math.min(1e-3 * (hi[i] - lo[i]), Math.abs(grad[i]) / Math.max(diag[i], Double.MIN_NORMAL));
                boolean atLower = x[i] - lo[i] <= eps && grad[i] > 0;
                boolean atUpper = hi[i] - x[i] <= eps && grad[i] < 0;
                free[i] = !(atLower || atUpper);
                rhs[i] = -grad[i];
                if (free[i]) {
                    pgNorm = Math.max(pgNorm, Math.abs(grad[i]) / Math.sqrt(Math.max(diag[i], Double.MIN_NORMAL)));
                }
            }
            if (pgNorm <= options.projectedGradientTolerance()) {
                converged = true;
                break;
            }
            evaluations += exactHessian(data, x, tupleGrad, shift, shiftedTupleGrad, exact);
            solver.solve(exact, hess, free, rhs, step, gaussNewtonOnly);
            double predicted = 0; // 0.5 g^T H^-1 g on the free set, stalled components aside
            for (int i = 0; i < n; i++) {
                if (!stalled[solver.componentOfParameter[i]]) {
                    predicted -= 0.5 * grad[i] * step[i];
                }
            }
            if (lastDecrease <= options.nllTolerance() && predicted <= options.nllTolerance()) {
                converged = true;
                break;
            }
            if (iterations >= options.maxIterations()) {
                break;
            }
            iterations++;
            double before = f;
            evaluations += lineSearch(data, options, x, step, lo, hi);
            f = 0;
            for (double v : compNll) {
                f += v;
            }
            lastDecrease = before - f;
            if (!(lastDecrease > 0)) {
                // no component could lower its NLL: converged if the model says nothing is left to gain
                converged = predicted <= options.nllTolerance();
                break;
            }
        }
        likelihood.setParameters(x);
        return new Outcome(Arrays.copyOf(x, n), f, iterations, evaluations, pgNorm, converged);
    }

    /**
     * Backtracking along the projected step, separately in each connected component: their NLLs
     * are independent sums over tuples, so one patch's overshoot does not shorten every other
     * patch's step. A component whose predicted gain is below the rounding of its NLL is left
     * as it is. Updates x and the state of the components that found a decrease; returns the
     * number of evaluations.
     */
    private int lineSearch(SpectralLikelihood.Data data, FitOptions options, double[] x, double[] step,
                           double[] lo, double[] hi) {
        int comps = solver.componentCount();
        int[] compOf = solver.componentOfParameter;
        int open = 0;
        for (int c = 0; c < comps; c++) {
            double gain = 0;
            for (int i : solver.parameters(c)) {
                gain -= 0.5 * grad[i] * step[i];
            }
            alpha[c] = 1;
            pending[c] = !stalled[c] && gain > ROUNDING * Math.abs(compNll[c]);
            open += pending[c] ? 1 : 0;
        }
        int evaluations = 0;
        for (int h = 0; h < MAX_HALVINGS && open > 0; h++) {
            for (int i = 0; i < x.length; i++) {
                int c = compOf[i];
                trial[i] = pending[c] ? Math.min(hi[i], Math.max(lo[i], x[i] + alpha[c] * step[i])) : x[i];
            }
            likelihood.setParameters(trial);
            likelihood.evaluate(data, trialGrad, trialHess, trialTupleGrad, tupleNll);
            evaluations++;
            for (int c = 0; c < comps; c++) {
                if (!pending[c]) {
                    continue;
                }
                double slope = 0;
                for (int i : solver.parameters(c)) {
                    slope += grad[i] * (trial[i] - x[i]);
                }
                double ft = 0;
                for (int t : solver.tuples(c)) {
                    ft += tupleNll[t];
                }
                if (ft <= compNll[c] + ARMIJO * slope && ft < compNll[c]) {
                    compNll[c] = ft;
                    for (int i : solver.parameters(c)) {
                        x[i] = trial[i];
                        grad[i] = trialGrad[i];
                    }
                    for (int t : solver.tuples(c)) {
                        System.arraycopy(trialHess[t], 0, hess[t], 0, 9);
                        System.arraycopy(trialTupleGrad[t], 0, tupleGrad[t], 0, 3);
                    }
                    pending[c] = false;
                    gaussNewtonOnly[c] = false;
                    open--;
                } else {
                    alpha[c] *= 0.5;
                }
            }
        }
        for (int c = 0; c < comps; c++) {
            // no decrease along the Newton step: Gauss-Newton steps; three failures in a row: stalled
            failures[c] = pending[c] ? failures[c] + 1 : 0;
            stalled[c] |= failures[c] >= 3;
            gaussNewtonOnly[c] |= pending[c];
        }
        return evaluations;
    }
}
