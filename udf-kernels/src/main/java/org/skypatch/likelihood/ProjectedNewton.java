package org.skypatch.likelihood;

import java.util.Arrays;
import java.util.List;

/**
 * One bound-constrained minimisation of the spectral NLL: Bertsekas' projected Newton method with
 * the exact block-sparse Hessian, written as a state machine so that one thread can drive many
 * fits in lockstep (the GPU backend evaluates all realizations of a batch in one launch).
 *
 * <p>The caller loops: {@link #pending()} names the evaluations the fit waits for (parameters and
 * the outputs to fill: one, or with the finite-difference Hessian the three of its columns, which
 * are independent); the caller evaluates them and calls {@link #advance}; {@code pending()} is
 * empty when the fit has ended.
 * Driven by the CPU engine or by a batch, a fit goes through the same arithmetic in the same order,
 * so its results do not depend on who evaluates it, only on the evaluations' values.
 *
 * <p>The parameters split into subproblems, the connected components of the parameter graph
 * (clusters coupled through pixels they share; see {@link Subproblems}). Their NLLs are separate
 * sums over tuples, so each subproblem iterates, stops and is counted on its own: a subproblem
 * that has stopped drops out of later evaluations (each evaluation names the tuples it needs), and
 * one slow patch no longer keeps every other patch iterating. A run may also be restricted to some
 * subproblems (the restarts of {@link MultiStartFit}); the others keep their starting values.
 *
 * <p>Each iteration of a subproblem: parameters within epsilon of a bound whose gradient pushes
 * outward are held; the others take the Newton step H_FF p = -g_F with the exact Hessian (analytic,
 * computed with the gradient at each point the fit moves to, or from three extra evaluations, see
 * {@link #requestHessian}) where it is positive definite and the Gauss-Newton Hessian elsewhere or
 * after a failed Newton step; the step is projected onto the box and halved until the NLL decreases
 * (Armijo). A subproblem whose step had to be halved h times has
 * its matrix's diagonal scaled by 1 + lambda next, lambda raised 2^h-fold (Marquardt's damping: it
 * shortens the step most along the directions of least curvature, where a near-degenerate
 * exact Hessian, e.g. T_d drifting far in a wide box, makes Newton steps hundreds of times too long
 * and every iteration cost a dozen halvings); each full step divides lambda by 4, and lambda is 0
 * until a step is shortened, so well-behaved fits take plain Newton steps. Newton steps are
 * invariant to parameter scaling; the projected-gradient test uses Fisher-scaled parameters
 * (x_i sqrt(H_ii)), in which one unit is one statistical sigma.
 *
 * <p>A subproblem stops ({@link Subproblems.Stop}): converged when its largest Fisher-scaled
 * projected gradient is below projectedGradientTolerance, when its last step lowered its NLL by
 * less than nllTolerance and the next one is predicted to (absolute: the NLL is ~1e9 at the optimum,
 * a relative test would stop far too early), or when three steps in a row each lowered it by less
 * than nllTolerance whatever the model predicts (a flat valley the quadratic model does not follow;
 * see {@link MultiStartFit} for what is then tried); not converged at the iteration cap, or after
 * three line searches in a row found no lower NLL (rounding level) while the model still predicts a
 * gain above the tolerance.
 */
final class ProjectedNewton {
    private static final int MAX_HALVINGS = 20;
    private static final double ARMIJO = 1e-4;
    /** Relative size of rounding in a subproblem's NLL (sums of ~1e5 terms of ~1e5). */
    private static final double ROUNDING = 1e-15;
    /** Relative step of the finite differences of the analytic gradient. */
    private static final double FD_STEP = 1e-6;
    /** Steps in a row that each gain less than the tolerance before a subproblem stops on its gains. */
    static final int SMALL_GAINS = 3;
    /** Line searches in a row without a decrease before a subproblem is left where it is. */
    private static final int FAILURES = 3;
    /** Marquardt's lambda after a first shortened step (then doubled per halving). */
    private static final double MIN_DAMPING = 1e-4;

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
    // trial-point and Hessian scratch
    private final double[] trial;
    private final double[] trialGrad;
    private final double[][] trialHess;
    private final double[][] trialTupleGrad;
    /** The analytic exact Hessian at the trial point (null with finite differences). */
    private final double[][] trialExact;
    private final double[] tupleNll;
    /** Per finite-difference Hessian column: the shifted parameters and the tuple gradients there (else null). */
    private final double[][][] shiftedTupleGrad;
    private final double[][] exact;
    private final double[][] shift;
    private final double[] diag;
    private final double[] rhs;
    private final double[] step;
    private final boolean[] free;

    // per subproblem
    private final double[] nll;
    private final double[] before;
    private final double[] lastDecrease;
    private final double[] predicted;
    private final double[] pgNorm;
    private final double[] alpha;
    /** Still iterating. */
    private final boolean[] open;
    /** In the current line search, its step not yet accepted. */
    private final boolean[] searching;
    /** Whose last Newton step found no decrease: they take Gauss-Newton steps. */
    private final boolean[] gaussNewtonOnly;
    /** Marquardt damping of the diagonal: raised by line searches that had to shorten the step, lowered by full steps. */
    private final double[] damping;
    private final int[] failures;
    private final int[] smallGains;
    private final int[] iterations;
    private final int[] evaluations;
    private final Subproblems.Stop[] stop;

    private Phase phase = Phase.START;
    private List<Evaluation> pending;
    private int totalEvaluations;
    private int halvings;

    /**
     * A run from x0 (clamped into the box) over the subproblems marked in active (null: all); its first
     * evaluation is pending. The other subproblems keep x0 and report no counts.
     */
    ProjectedNewton(SpectralLikelihood likelihood, BlockSparseSolver solver, FitOptions options, double[] x0,
                    boolean[] active) {
        this.solver = solver;
        this.tupleParams = likelihood.tupleParams;
        this.kDustBeta = likelihood.kDustBeta;
        this.kDustTemp = likelihood.kDustTemp;
        this.options = options;
        int n = likelihood.parameterCount();
        int tuples = likelihood.tupleCount();
        int subproblems = solver.componentCount();
        lo = new double[n];
        hi = new double[n];
        x = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = i < kDustBeta ? 0 : i < kDustBeta + kDustTemp ? 1 : 2;
            lo[i] = options.lower()[kind];
            hi[i] = options.upper()[kind];
            x[i] = Math.min(hi[i], Math.max(lo[i], x0[i]));
        }
        grad = new double[n];
        trialGrad = new double[n];
        hess = new double[tuples][9];
        trialHess = new double[tuples][9];
        tupleGrad = new double[tuples][3];
        trialTupleGrad = new double[tuples][3];
        tupleNll = new double[tuples];
        exact = new double[tuples][9];
        trialExact = options.analyticHessian() ? new double[tuples][9] : null;
        shiftedTupleGrad = options.analyticHessian() ? null : new double[3][tuples][3];
        shift = options.analyticHessian() ? null : new double[3][n];
        diag = new double[n];
        rhs = new double[n];
        step = new double[n];
        trial = new double[n];
        free = new boolean[n];
        nll = new double[subproblems];
        before = new double[subproblems];
        lastDecrease = new double[subproblems];
        Arrays.fill(lastDecrease, Double.POSITIVE_INFINITY);
        predicted = new double[subproblems];
        pgNorm = new double[subproblems];
        alpha = new double[subproblems];
        open = new boolean[subproblems];
        searching = new boolean[subproblems];
        gaussNewtonOnly = new boolean[subproblems];
        damping = new double[subproblems];
        failures = new int[subproblems];
        smallGains = new int[subproblems];
        iterations = new int[subproblems];
        evaluations = new int[subproblems];
        stop = new Subproblems.Stop[subproblems];
        for (int s = 0; s < subproblems; s++) {
            open[s] = active == null || active[s];
        }
        request(List.of(new Evaluation(x, tuplesOf(open), grad, hess, tupleGrad, tupleNll,
                options.analyticHessian() ? exact : null)), open);
    }

    /** The evaluations this run waits for, in order; empty when it has ended. */
    List<Evaluation> pending() {
        return pending;
    }

    /**
     * Takes the pending evaluations' outputs and runs the optimiser up to its next evaluations (or
     * its end). The workspace is scratch for the linear solves: one per thread, shared by any fits
     * of the same problem that thread advances.
     */
    void advance(FitWorkspace workspace) {
        switch (phase) {
            case START -> {
                for (int s = 0; s < nll.length; s++) {
                    if (open[s]) {
                        nll[s] = sumOver(solver.tuples(s), tupleNll);
                    }
                }
                beginIteration(workspace);
            }
            case HESSIAN -> {
                absorbHessian();
                takeNewtonStep(workspace);
            }
            case LINE_SEARCH -> {
                boolean any = absorbTrial();
                if (++halvings < MAX_HALVINGS && any) {
                    requestTrial();
                } else {
                    endLineSearch(workspace);
                }
            }
            default -> throw new IllegalStateException("the fit has ended: nothing to advance");
        }
    }

    boolean ended() {
        return phase == Phase.DONE;
    }

    /** The parameters where the run is (all of them: subproblems outside the run hold their start). */
    double[] x() {
        return x;
    }

    /** Subproblem s's NLL at {@link #x()} (meaningful for the subproblems of the run). */
    double nll(int s) {
        return nll[s];
    }

    int iterations(int s) {
        return iterations[s];
    }

    int evaluations(int s) {
        return evaluations[s];
    }

    /** Why subproblem s stopped; null for a subproblem outside the run. */
    Subproblems.Stop stop(int s) {
        return stop[s];
    }

    double projectedGradientNorm(int s) {
        return pgNorm[s];
    }

    /** Evaluations this run asked for (each of the finite-difference Hessian's three counts). */
    int evaluations() {
        return totalEvaluations;
    }

    /**
     * The projected-gradient test per open subproblem; then the Newton step, or first the three evaluations
     * of the finite-difference Hessian.
     */
    private void beginIteration(FitWorkspace workspace) {
        solver.diagonal(hess, diag);
        for (int s = 0; s < open.length; s++) {
            if (!open[s]) {
                continue;
            }
            double pg = 0;
            for (int i : solver.parameters(s)) {
                // Bertsekas' epsilon-active set: near a bound with the gradient pushing out, held
                double eps = Math.min(1e-3 * (hi[i] - lo[i]), Math.abs(grad[i]) / Math.max(diag[i], Double.MIN_NORMAL));
                boolean atLower = x[i] - lo[i] <= eps && grad[i] > 0;
                boolean atUpper = hi[i] - x[i] <= eps && grad[i] < 0;
                free[i] = !(atLower || atUpper) && lo[i] < hi[i]; // equal bounds: a fixed parameter
                rhs[i] = -grad[i];
                if (free[i]) {
                    pg = Math.max(pg, Math.abs(grad[i]) / Math.sqrt(Math.max(diag[i], Double.MIN_NORMAL)));
                }
            }
            pgNorm[s] = pg;
            if (pg <= options.projectedGradientTolerance()) {
                close(s, Subproblems.Stop.PROJECTED_GRADIENT);
            }
        }
        if (!any(open)) {
            end();
        } else if (options.analyticHessian()) {
            takeNewtonStep(workspace);
        } else {
            requestHessian();
        }
    }

    /**
     * The exact Hessian's 3x3 blocks come from forward differences of each tuple's analytic gradient.
     * A tuple's gradient depends only on its own three parameters, so shifting every beta_d (then
     * every T_d, then every beta_s) at once gives one column of every block: three evaluations for
     * the whole block-sparse Hessian, asked for together.
     */
    private void requestHessian() {
        int[] tuples = tuplesOf(open);
        Evaluation[] columns = new Evaluation[3];
        for (int j = 0; j < 3; j++) {
            int from = j == 0 ? 0 : j == 1 ? kDustBeta : kDustBeta + kDustTemp;
            int to = j == 0 ? kDustBeta : j == 1 ? kDustBeta + kDustTemp : x.length;
            shifted(x, from, to, shift[j]);
            columns[j] = new Evaluation(shift[j], tuples, null, null, shiftedTupleGrad[j], null);
        }
        phase = Phase.HESSIAN;
        // beta_d's column last: its SED rows (the most clusters, an exp per band each) are then recomputed for
        // that column alone; first, the next column would recompute them again to move them back
        // (SedTables recomputes only the rows whose parameter moved)
        request(List.of(columns[1], columns[2], columns[0]), open);
    }

    private void absorbHessian() {
        for (int s = 0; s < open.length; s++) {
            if (!open[s]) {
                continue;
            }
            for (int t : solver.tuples(s)) {
                exactBlock(tupleParams[t], x, shift, shiftedTupleGrad, t, tupleGrad[t], exact[t]);
            }
        }
    }

    /** x with the parameters from..to-1 (one kind) moved by the finite-difference step, into out. */
    private static void shifted(double[] x, int from, int to, double[] out) {
        System.arraycopy(x, 0, out, 0, x.length);
        for (int i = from; i < to; i++) {
            out[i] = x[i] + FD_STEP * Math.max(1.0, Math.abs(x[i]));
        }
    }

    /**
     * Tuple t's exact 3x3 Hessian block (parameters ip) from its gradient at x and at the three
     * shifted points, symmetrised, into block.
     */
    private static void exactBlock(int[] ip, double[] x, double[][] shift, double[][][] shiftedTupleGrad, int t,
                           double[] gradAtX, double[] block) {
        for (int j = 0; j < 3; j++) {
            int i = ip[j];
            double h = shift[j][i] - x[i];
            for (int a = 0; a < 3; a++) {
                block[a * 3 + j] = (shiftedTupleGrad[j][t][a] - gradAtX[a]) / h;
            }
        }
        for (int a = 0; a < 3; a++) {
            for (int c = a + 1; c < 3; c++) {
                double mean = 0.5 * (block[a * 3 + c] + block[c * 3 + a]);
                block[a * 3 + c] = mean;
                block[c * 3 + a] = mean;
            }
        }
    }

    /** Solves for the Newton steps, applies the stopping tests, and starts the line search. */
    private void takeNewtonStep(FitWorkspace workspace) {
        solver.solve(exact, hess, free, rhs, step, gaussNewtonOnly, open, damping, workspace);
        double tol = options.nllTolerance();
        for (int s = 0; s < open.length; s++) {
            if (!open[s]) {
                continue;
            }
            double gain = 0; // 0.5 g^T H^-1 g on the free set
            for (int i : solver.parameters(s)) {
                gain -= 0.5 * grad[i] * step[i];
            }
            predicted[s] = gain;
            if (lastDecrease[s] <= tol && gain <= tol || !(gain > ROUNDING * Math.abs(nll[s]))) {
                close(s, Subproblems.Stop.SMALL_STEP);
            } else if (smallGains[s] >= SMALL_GAINS) {
                close(s, Subproblems.Stop.SMALL_GAINS);
            } else if (iterations[s] >= options.maxIterations()) {
                close(s, Subproblems.Stop.ITERATION_CAP);
            } else {
                iterations[s]++;
                before[s] = nll[s];
                alpha[s] = 1;
                searching[s] = true;
            }
        }
        halvings = 0;
        if (any(searching)) {
            requestTrial();
        } else {
            end();
        }
    }

    /**
     * Backtracking along the projected step, separately in each subproblem: one patch's overshoot
     * does not shorten every other patch's step, and only the subproblems still searching are
     * evaluated.
     */
    private void requestTrial() {
        int[] subproblemOf = solver.componentOfParameter;
        for (int i = 0; i < x.length; i++) {
            int s = subproblemOf[i];
            trial[i] = searching[s] ? Math.min(hi[i], Math.max(lo[i], x[i] + alpha[s] * step[i])) : x[i];
        }
        phase = Phase.LINE_SEARCH;
        request(List.of(new Evaluation(trial, tuplesOf(searching), trialGrad, trialHess, trialTupleGrad, tupleNll,
                trialExact)), searching);
    }

    /** Accepts the trial point where it lowered the NLL enough, halves the other steps; whether any still search. */
    private boolean absorbTrial() {
        boolean any = false;
        for (int s = 0; s < searching.length; s++) {
            if (!searching[s]) {
                continue;
            }
            double slope = 0;
            for (int i : solver.parameters(s)) {
                slope += grad[i] * (trial[i] - x[i]);
            }
            double ft = sumOver(solver.tuples(s), tupleNll);
            if (ft <= nll[s] + ARMIJO * slope && ft < nll[s]) {
                nll[s] = ft;
                for (int i : solver.parameters(s)) {
                    x[i] = trial[i];
                    grad[i] = trialGrad[i];
                }
                for (int t : solver.tuples(s)) {
                    System.arraycopy(trialHess[t], 0, hess[t], 0, 9);
                    System.arraycopy(trialTupleGrad[t], 0, tupleGrad[t], 0, 3);
                    if (trialExact != null) {
                        System.arraycopy(trialExact[t], 0, exact[t], 0, 9);
                    }
                }
                searching[s] = false;
                gaussNewtonOnly[s] = false;
            } else {
                alpha[s] *= 0.5;
                any = true;
            }
        }
        return any;
    }

    private void endLineSearch(FitWorkspace workspace) {
        double tol = options.nllTolerance();
        for (int s = 0; s < open.length; s++) {
            if (!open[s]) {
                continue;
            }
            if (searching[s]) {
                // no decrease along the step: damped Gauss-Newton steps next; the model's gain small: converged
                searching[s] = false;
                gaussNewtonOnly[s] = true;
                damping[s] = Math.max(16 * damping[s], MIN_DAMPING * 100);
                lastDecrease[s] = 0;
                if (predicted[s] <= tol) {
                    close(s, Subproblems.Stop.SMALL_STEP);
                } else if (++failures[s] >= FAILURES) {
                    close(s, Subproblems.Stop.NO_DECREASE);
                }
            } else {
                failures[s] = 0;
                // the step had to be shortened 2^h times, h >= 2: damp that much more; a full step: relax
                if (alpha[s] < 0.5) {
                    damping[s] = Math.max(damping[s], MIN_DAMPING) / alpha[s];
                } else if (alpha[s] == 1) {
                    damping[s] = damping[s] / 4 < MIN_DAMPING / 100 ? 0 : damping[s] / 4;
                }
                lastDecrease[s] = before[s] - nll[s];
                smallGains[s] = lastDecrease[s] < tol ? smallGains[s] + 1 : 0;
            }
        }
        beginIteration(workspace);
    }

    private void close(int s, Subproblems.Stop why) {
        open[s] = false;
        stop[s] = why;
    }

    private void end() {
        phase = Phase.DONE;
        pending = List.of();
    }

    /** Asks for evaluations, counting them for the subproblems in counted. */
    private void request(List<Evaluation> evaluationsAsked, boolean[] counted) {
        pending = evaluationsAsked;
        totalEvaluations += evaluationsAsked.size();
        for (int s = 0; s < counted.length; s++) {
            if (counted[s]) {
                evaluations[s] += evaluationsAsked.size();
            }
        }
    }

    /** The tuples of the marked subproblems, ascending; null when all are marked (an evaluation of every tuple). */
    private int[] tuplesOf(boolean[] marked) {
        if (!contains(marked, false)) {
            return null;
        }
        int count = 0;
        for (int s = 0; s < marked.length; s++) {
            count += marked[s] ? solver.tuples(s).length : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int s = 0; s < marked.length; s++) {
            if (marked[s]) {
                for (int t : solver.tuples(s)) {
                    out[k++] = t;
                }
            }
        }
        Arrays.sort(out);
        return out;
    }

    private static double sumOver(int[] tuples, double[] values) {
        double sum = 0;
        for (int t : tuples) {
            sum += values[t];
        }
        return sum;
    }

    private static boolean any(boolean[] flags) {
        return contains(flags, true);
    }

    private static boolean contains(boolean[] flags, boolean value) {
        for (boolean f : flags) {
            if (f == value) {
                return true;
            }
        }
        return false;
    }
}
