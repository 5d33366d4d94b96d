package org.skypatch.likelihood;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fit that looks for the best basin: a {@link ProjectedNewton} run from the start, then, for the
 * clusters that ended on a bound of the box and every cluster of a subproblem that did not converge
 * by the ordinary tests (stopped on small gains, at the iteration cap or without decrease), runs
 * from other starts: the options' start in every such cluster (when the fit began elsewhere), each
 * of the options' restart points ({@link FitOptions#restarts()}, e.g. the single-patch solution),
 * and the solutions of neighbouring clusters (the n-th neighbour's value, n = 1..{@link #MAX_NEIGHBOURS},
 * when the engine knows the clusters' neighbours). Each restart fits only the subproblems it
 * changes, from the best parameters so far; a subproblem takes a restart's solution when it lowers
 * its NLL by more than the NLL tolerance (it "moved"). A state machine like {@link ProjectedNewton}:
 * {@link #pending()}, {@link #advance}, so that every driver (CPU engine, GPU lockstep batch) runs
 * the same restarts.
 */
public final class MultiStartFit {
    /** Neighbouring clusters whose solutions are tried as starts, nearest first. */
    static final int MAX_NEIGHBOURS = 4;

    private final SpectralLikelihood likelihood;
    private final BlockSparseSolver solver;
    private final FitOptions options;
    private final int[][][] neighbours;
    private final double[] start;
    private final double[] best;
    private final double[] nll;
    private final int[] iterations;
    private final int[] evaluations;
    private final Subproblems.Stop[] stop;
    private final double[] pgNorm;
    private final boolean[] restarted;
    private final boolean[] moved;
    /** Parameters tried from other starts. */
    private final boolean[] flagged;
    private ProjectedNewton run;
    private int runs;
    private int totalEvaluations;
    private int nextCandidate;

    /**
     * A fit from x0 (null: the options' start in every cluster).
     *
     * @param neighbours per parameter (beta_d, T_d, beta_s) and cluster, its neighbouring clusters,
     *     nearest first, or null when unknown
     */
    MultiStartFit(SpectralLikelihood likelihood, BlockSparseSolver solver, FitOptions options, double[] x0,
                  int[][][] neighbours) {
        this.likelihood = likelihood;
        this.solver = solver;
        this.options = options;
        this.neighbours = neighbours;
        int n = likelihood.parameterCount();
        int subproblems = solver.componentCount();
        start = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = x0 == null ? options.start()[kind(i)] : x0[i];
        }
        best = start.clone();
        nll = new double[subproblems];
        iterations = new int[subproblems];
        evaluations = new int[subproblems];
        stop = new Subproblems.Stop[subproblems];
        pgNorm = new double[subproblems];
        restarted = new boolean[subproblems];
        moved = new boolean[subproblems];
        flagged = new boolean[n];
        run = new ProjectedNewton(likelihood, solver, options, start, null);
    }

    /** The evaluations this fit waits for, in order; empty when it has ended. */
    public List<Evaluation> pending() {
        return ended() ? List.of() : run.pending();
    }

    /**
     * Takes the pending evaluations' outputs and runs the fit up to its next evaluations (or its
     * end). The workspace is scratch for the linear solves: one per thread, shared by any fits of
     * the same problem that thread advances.
     */
    public void advance(FitWorkspace workspace) {
        if (ended()) {
            throw new IllegalStateException("the fit has ended: nothing to advance");
        }
        run.advance(workspace);
        while (!ended() && run.ended()) {
            absorb();
            run = nextRun();
        }
    }

    /** Parameters (beta_d, T_d, beta_s clusters) where the fit stands: its result once ended. */
    double[] parameters() {
        return best;
    }

    boolean ended() {
        return run == null;
    }

    /** Subproblem outcomes and totals, once ended. */
    Subproblems subproblems() {
        return new Subproblems(solver.componentOfParameter.clone(), nll.clone(), iterations.clone(),
                evaluations.clone(), stop.clone(), restarted.clone(), moved.clone());
    }

    int evaluations() {
        return totalEvaluations;
    }

    double projectedGradientNorm() {
        double max = 0;
        for (double v : pgNorm) {
            max = Math.max(max, v);
        }
        return max;
    }

    private void absorb() {
        totalEvaluations += run.evaluations();
        double tol = options.nllTolerance();
        double[] x = run.x();
        for (int s = 0; s < nll.length; s++) {
            if (run.stop(s) == null) {
                continue; // not in this run
            }
            iterations[s] += run.iterations(s);
            evaluations[s] += run.evaluations(s);
            if (runs > 0) {
                restarted[s] = true;
            }
            if (runs == 0 || run.nll(s) < nll[s] - tol) {
                moved[s] |= runs > 0;
                nll[s] = run.nll(s);
                stop[s] = run.stop(s);
                pgNorm[s] = run.projectedGradientNorm(s);
                for (int i : solver.parameters(s)) {
                    best[i] = x[i];
                }
            }
        }
        if (runs == 0) {
            flag();
        }
        runs++;
    }

    /** Clusters on a bound, and every cluster of a subproblem that did not converge by the ordinary tests (fixed parameters aside). */
    private void flag() {
        for (int i = 0; i < best.length; i++) {
            int k = kind(i);
            double eps = 1e-3 * (options.upper()[k] - options.lower()[k]);
            boolean onBound = best[i] - options.lower()[k] <= eps || options.upper()[k] - best[i] <= eps;
            Subproblems.Stop why = stop[solver.componentOfParameter[i]];
            boolean slow = why != Subproblems.Stop.PROJECTED_GRADIENT && why != Subproblems.Stop.SMALL_STEP;
            flagged[i] = !options.fixed(k) && (onBound || slow);
        }
    }

    /** The next restart that changes some flagged parameter, or null when none is left. */
    private ProjectedNewton nextRun() {
        List<double[]> candidates = candidates();
        while (nextCandidate < candidates.size()) {
            double[] values = candidates.get(nextCandidate++);
            double[] x0 = best.clone();
            boolean[] active = new boolean[nll.length];
            boolean any = false;
            for (int i = 0; i < x0.length; i++) {
                if (flagged[i] && values[i] != best[i]) {
                    x0[i] = values[i];
                    active[solver.componentOfParameter[i]] = true;
                    any = true;
                }
            }
            if (any) {
                return new ProjectedNewton(likelihood, solver, options, x0, active);
            }
        }
        return null;
    }

    /** Per candidate start, a value for every parameter (only the flagged ones are used). */
    private List<double[]> candidates() {
        List<double[]> out = new ArrayList<>();
        if (!Arrays.equals(start, perCluster(options.start()))) {
            out.add(perCluster(options.start()));
        }
        for (double[] point : options.restarts()) {
            out.add(perCluster(point));
        }
        for (int n = 0; neighbours != null && n < MAX_NEIGHBOURS; n++) {
            double[] values = best.clone();
            for (int i = 0; i < values.length; i++) {
                int k = kind(i);
                int cluster = i - offset(k);
                int[] near = neighbours[k][cluster];
                if (n < near.length) {
                    values[i] = best[offset(k) + near[n]];
                }
            }
            out.add(values);
        }
        return out;
    }

    private double[] perCluster(double[] point) {
        double[] values = new double[best.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = point[kind(i)];
        }
        return values;
    }

    private int kind(int i) {
        return i < likelihood.kDustBeta ? 0 : i < likelihood.kDustBeta + likelihood.kDustTemp ? 1 : 2;
    }

    private int offset(int kind) {
        return kind == 0 ? 0 : kind == 1 ? likelihood.kDustBeta : likelihood.kDustBeta + likelihood.kDustTemp;
    }
}
