package org.skypatch.likelihood;

import java.util.Arrays;
import java.util.List;

/**
 * One bound-constrained minimisation of the spectral NLL: Bertsekas' projected Newton method with
 * the exact block-sparse Hessian, written as a state machine so that one thread can drive many
 * fits in lockstep (the GPU backend evaluates all realizations of a batch in one launch).
 *
 * <p>The caller loops: {@link #pending()} names the evaluations the fit waits for (parameters and
 * the outputs to fill: one, or the three of the exact Hessian, which are independent); the caller
 * evaluates them and calls {@link #advance}; {@code pending()} is empty when the fit has ended. Driven by the CPU engine or by a batch, a fit goes through
 * the same arithmetic in the same order, so its results do not depend on who evaluates it, only on
 * the evaluations' values.
 *
 * <p>Each iteration: parameters within epsilon of a bound whose gradient pushes outward are held;
 * the others take the Newton step H_FF p = -g_F, solved per connected component of the parameter
 * graph, with the exact Hessian (three extra evaluations, see {@link #requestHessian}) where it
 * is positive definite and the Gauss-Newton Hessian elsewhere or after a failed Newton step; each
 * component's step is projected onto the box and halved until its NLL decreases (Armijo). Newton
 * steps are invariant to parameter scaling, so the steps need no rescaling; the projected-gradient
 * test uses Fisher-scaled parameters (x_i sqrt(H_ii)), in which one unit is one statistical sigma.
 *
 * <p>Stops (converged) when the last step lowered the NLL by less than nllTolerance and the
 * next one is predicted to lower it by less than nllTolerance (absolute: the NLL is ~1e9 at the
 * optimum, a relative test would stop far too early), or when the largest Fisher-scaled
 * projected gradient is below projectedGradientTolerance. Stops (not converged) at the
 * iteration cap, or when no component can lower its NLL any more (rounding level) while the
 * predicted gain still exceeds nllTolerance. A component that fails three line searches in a row
 * is left where it is.
 */
public final class ProjectedNewton {
    private static final int MAX_HALVINGS = 20;
    private static final double ARMIJO = 1e-4;
    /** Relative size of rounding in a component's NLL (sums of ~1e5 terms of ~1e5). */
    private static final double ROUNDING = 1e-15;
    /** Relative step of the finite differences of the analytic gradient. */
    private static final double FD_STEP = 1e-6;

    /**
     * An evaluation a fit waits for: the likelihood at x, with the outputs that are not null filled
     * as {@link LikelihoodEvaluator#evaluate} fills them. The arrays belong to the fit: read x and
     * write the outputs before calling {@link #advance}, keep no reference after.
     */
    public record Evaluation(double[] x, double[] grad, double[][] hessian, double[][] tupleGrad, double[] tupleNll) {
        /** Whether more than the tuple gradients is asked for. */
        public boolean full() {
            return grad != null || hessian != null || tupleNll != null;
        }
    }

    /** Minimum found, with counters. */
    record Outcome(double[] x, double nll, int iterations, int evaluations, double projectedGradientNorm,
                   boolean converged) {
    }

    private enum Phase { START, HESSIAN, LINE_SEARCH, DONE }

    private final BlockSparseSolver solver;
    private final int[][] tupleParams;
    private final int kDustBeta;
    private final int kDustTemp;
    private final FitOptions options;
    private final double[] lo;
    private final double[] hi;
    private final double[] x;
    // the state at the current point
    private final double[] grad;
    private final double[][] hess;
    private final double[][] tupleGrad;
    private final double[] compNll;
    // trial-point and Hessian scratch
    private final double[] trial;
    private final double[] trialGrad;
    private final double[][] trialHess;
    private final double[][] trialTupleGrad;
    private final double[] tupleNll;
    /** Per Hessian column: the shifted parameters and the tuple gradients there. */
    private final double[][][] shiftedTupleGrad;
    private final double[][] exact;
    private final double[][] shift;
    private final double[] diag;
    private final double[] rhs;
    private final double[] step;
    private final boolean[] free;
    private final double[] alpha;
    private final boolean[] pendingComponent;
    /** Components whose last Newton step found no decrease: they take Gauss-Newton steps. */
    private final boolean[] gaussNewtonOnly;
    /** Components where three steps in a row found no lower NLL (rounding level): left as they are. */
    private final boolean[] stalled;
    private final int[] failures;

    private Phase phase = Phase.START;
    private List<Evaluation> pending;
    private double f;
    private double before;
    private double lastDecrease = Double.POSITIVE_INFINITY;
    private double predicted;
    private double pgNorm;
    private int evaluations;
    private int iterations;
    private int halvings;
    private int open;
    private boolean converged;

    /**
     * A fit from x0 (per-cluster start, clamped into the box) or, when x0 is null, from
     * options.start() in every cluster; its first evaluation is pending.
     */
    ProjectedNewton(SpectralLikelihood likelihood, BlockSparseSolver solver, FitOptions options, double[] x0) {
        this.solver = solver;
        this.tupleParams = likelihood.tupleParams;
        this.kDustBeta = likelihood.kDustBeta;
        this.kDustTemp = likelihood.kDustTemp;
        this.options = options;
        int n = likelihood.parameterCount();
        int tuples = likelihood.tupleCount();
        int comps = solver.componentCount();
        lo = new double[n];
        hi = new double[n];
        x = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = i < kDustBeta ? 0 : i < kDustBeta + kDustTemp ? 1 : 2;
            lo[i] = options.lower()[kind];
            hi[i] = options.upper()[kind];
            x[i] = Math.min(hi[i], Math.max(lo[i], x0 == null ? options.start()[kind] : x0[i]));
        }
        grad = new double[n];
        trialGrad = new double[n];
        hess = new double[tuples][9];
        trialHess = new double[tuples][9];
        tupleGrad = new double[tuples][3];
        trialTupleGrad = new double[tuples][3];
        tupleNll = new double[tuples];
        shiftedTupleGrad = new double[3][tuples][3];
        exact = new double[tuples][9];
        compNll = new double[comps];
        alpha = new double[comps];
        pendingComponent = new boolean[comps];
        gaussNewtonOnly = new boolean[comps];
        stalled = new boolean[comps];
        failures = new int[comps];
        shift = new double[3][n];
        diag = new double[n];
        rhs = new double[n];
        step = new double[n];
        trial = new double[n];
        free = new boolean[n];
        pending = List.of(new Evaluation(x, grad, hess, tupleGrad, tupleNll));
    }

    /** The evaluations this fit waits for, in order; empty when it has ended. */
    public List<Evaluation> pending() {
        return pending;
    }

    /** Parameter-vector length. */
    public int parameterCount() {
        return x.length;
    }

    /**
     * Takes the pending evaluations' outputs and runs the optimiser up to its next evaluations (or
     * its end). The workspace is scratch for the linear solves: one per thread, shared by any fits
     * of the same problem that thread advances.
     */
    public void advance(FitWorkspace workspace) {
        switch (phase) {
            case START -> {
                evaluations = 1;
                f = 0;
                for (int c = 0; c < compNll.length; c++) {
                    compNll[c] = 0;
                    for (int t : solver.tuples(c)) {
                        compNll[c] += tupleNll[t];
                    }
                    f += compNll[c];
                }
                beginIteration();
            }
            case HESSIAN -> {
                absorbHessian();
                takeNewtonStep(workspace);
            }
            case LINE_SEARCH -> {
                absorbTrial();
                if (++halvings < MAX_HALVINGS && open > 0) {
                    requestTrial();
                } else {
                    endLineSearch();
                }
            }
            default -> throw new IllegalStateException("the fit has ended: nothing to advance");
        }
    }

    /** Where the fit ended, once {@link #pending()} is empty. */
    Outcome outcome() {
        if (phase != Phase.DONE) {
            throw new IllegalStateException("the fit has not ended");
        }
        return new Outcome(Arrays.copyOf(x, x.length), f, iterations, evaluations, pgNorm, converged);
    }

    /** The projected-gradient test; else the three evaluations of the exact Hessian. */
    private void beginIteration() {
        solver.diagonal(hess, diag);
        pgNorm = 0;
        for (int i = 0; i < x.length; i++) {
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
            end();
            return;
        }
        requestHessian();
    }

    /**
     * The exact Hessian's 3x3 blocks come from forward differences of each tuple's analytic gradient.
     * A tuple's gradient depends only on its own three parameters, so shifting every beta_d (then
     * every T_d, then every beta_s) at once gives one column of every block: three evaluations for
     * the whole block-sparse Hessian, asked for together.
     */
    private void requestHessian() {
        Evaluation[] columns = new Evaluation[3];
        for (int j = 0; j < 3; j++) {
            int from = j == 0 ? 0 : j == 1 ? kDustBeta : kDustBeta + kDustTemp;
            int to = j == 0 ? kDustBeta : j == 1 ? kDustBeta + kDustTemp : x.length;
            System.arraycopy(x, 0, shift[j], 0, x.length);
            for (int i = from; i < to; i++) {
                shift[j][i] = x[i] + FD_STEP * Math.max(1.0, Math.abs(x[i]));
            }
            columns[j] = new Evaluation(shift[j], null, null, shiftedTupleGrad[j], null);
        }
        phase = Phase.HESSIAN;
        pending = List.of(columns);
    }

    private void absorbHessian() {
        for (int j = 0; j < 3; j++) {
            evaluations++;
            for (int t = 0; t < tupleParams.length; t++) {
                int i = tupleParams[t][j];
                double h = shift[j][i] - x[i];
                for (int a = 0; a < 3; a++) {
                    exact[t][a * 3 + j] = (shiftedTupleGrad[j][t][a] - tupleGrad[t][a]) / h;
                }
            }
        }
    }

    /** Solves for the Newton step, applies the stopping tests, and starts the line search. */
    private void takeNewtonStep(FitWorkspace workspace) {
        for (double[] b : exact) {
            for (int a = 0; a < 3; a++) {
                for (int c = a + 1; c < 3; c++) {
                    double mean = 0.5 * (b[a * 3 + c] + b[c * 3 + a]);
                    b[a * 3 + c] = mean;
                    b[c * 3 + a] = mean;
                }
            }
        }
        solver.solve(exact, hess, free, rhs, step, gaussNewtonOnly, workspace);
        predicted = 0; // 0.5 g^T H^-1 g on the free set, stalled components aside
        for (int i = 0; i < x.length; i++) {
            if (!stalled[solver.componentOfParameter[i]]) {
                predicted -= 0.5 * grad[i] * step[i];
            }
        }
        if (lastDecrease <= options.nllTolerance() && predicted <= options.nllTolerance()) {
            converged = true;
            end();
            return;
        }
        if (iterations >= options.maxIterations()) {
            end();
            return;
        }
        iterations++;
        before = f;
        beginLineSearch();
    }

    /**
     * Backtracking along the projected step, separately in each connected component: their NLLs
     * are independent sums over tuples, so one patch's overshoot does not shorten every other
     * patch's step. A component whose predicted gain is below the rounding of its NLL is left
     * as it is.
     */
    private void beginLineSearch() {
        open = 0;
        for (int c = 0; c < solver.componentCount(); c++) {
            double gain = 0;
            for (int i : solver.parameters(c)) {
                gain -= 0.5 * grad[i] * step[i];
            }
            alpha[c] = 1;
            pendingComponent[c] = !stalled[c] && gain > ROUNDING * Math.abs(compNll[c]);
            open += pendingComponent[c] ? 1 : 0;
        }
        halvings = 0;
        if (open > 0) {
            requestTrial();
        } else {
            endLineSearch();
        }
    }

    private void requestTrial() {
        int[] compOf = solver.componentOfParameter;
        for (int i = 0; i < x.length; i++) {
            int c = compOf[i];
            trial[i] = pendingComponent[c] ? Math.min(hi[i], Math.max(lo[i], x[i] + alpha[c] * step[i])) : x[i];
        }
        phase = Phase.LINE_SEARCH;
        pending = List.of(new Evaluation(trial, trialGrad, trialHess, trialTupleGrad, tupleNll));
    }

    /** Accepts the trial point in the components where it lowered the NLL enough; halves the others' steps. */
    private void absorbTrial() {
        evaluations++;
        for (int c = 0; c < solver.componentCount(); c++) {
            if (!pendingComponent[c]) {
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
                pendingComponent[c] = false;
                gaussNewtonOnly[c] = false;
                open--;
            } else {
                alpha[c] *= 0.5;
            }
        }
    }

    private void endLineSearch() {
        for (int c = 0; c < solver.componentCount(); c++) {
            // no decrease along the Newton step: Gauss-Newton steps; three failures in a row: stalled
            failures[c] = pendingComponent[c] ? failures[c] + 1 : 0;
            stalled[c] |= failures[c] >= 3;
            gaussNewtonOnly[c] |= pendingComponent[c];
        }
        f = 0;
        for (double v : compNll) {
            f += v;
        }
        lastDecrease = before - f;
        if (!(lastDecrease > 0)) {
            // no component could lower its NLL: converged if the model says nothing is left to gain
            converged = predicted <= options.nllTolerance();
            end();
            return;
        }
        beginIteration();
    }

    private void end() {
        phase = Phase.DONE;
        pending = List.of();
    }
}
