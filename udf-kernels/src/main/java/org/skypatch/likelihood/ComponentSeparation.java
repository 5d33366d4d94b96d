package org.skypatch.likelihood;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Clustered parametric component separation: minimises the spectral NLL of {@link FitResult}
 * over the per-cluster parameters (beta_d, T_d, beta_s) of a {@link FitProblem}, within the box
 * of {@link FitOptions}.
 *
 * <p><b>Optimiser: projected Newton with the exact block-sparse Hessian</b> (see
 * ProjectedNewton). The Hessian is a sum of one 3x3 block per cluster tuple, each computed
 * analytically (the SEDs' second derivatives) with the gradient at every point the fit moves to
 * ({@link FitOptions#analyticHessian()}; evaluators without second derivatives, the GPU kernels,
 * take forward differences of the per-tuple gradients instead: three extra evaluations per
 * iteration). Where it is not positive definite (far from the optimum) the positive semi-definite
 * Gauss-Newton Hessian of the variable-projection form (|P(beta) y|^2 - |y|^2) is used instead.
 * Parameters couple only through pixels they share, so the linear system splits into connected
 * components (3x3 systems for nside-matched patches), each solved directly through the Schur
 * complement of its largest parameter kind ({@link SchurComponent}), or by preconditioned CG when
 * the other two kinds are very many. Gauss-Newton alone converged only
 * linearly near the optimum on noise-dominated clusters (a 10,000-pixel, 2000-cluster zone: 27
 * iterations, stopping 0.015 above the minimum); with the exact blocks it converges quadratically
 * (11 iterations, within 0.003). The components are independent subproblems ({@link Subproblems}),
 * each converging and counted on its own: on the fgbuster fixture, from fgbuster's start, one patch
 * takes 5 iterations / 6 evaluations and the 544 nside-8 patches 11 / 37 in all, where fgbuster's
 * BFGS needs 108 evaluations for one patch and ~20,000 for 768 separate patch fits. A quasi-Newton method (L-BFGS-B) would have to learn the curvature of thousands of weakly
 * coupled parameters from gradients alone, and breeze's LBFGSB cannot be driven from Java without a
 * Scala adapter. Clusters that end on a bound or converge slowly are fitted again from other starts
 * ({@link MultiStartFit}).
 *
 * <p>An instance holds scratch space: use one per thread. Results are deterministic. Other
 * evaluators of the same likelihood (the GPU backend) drive fits themselves through
 * {@link #start(FitOptions)}, {@link MultiStartFit#advance} and {@link #result}.
 */
public final class ComponentSeparation {
    private final SpectralLikelihood likelihood;
    private final BlockSparseSolver solver;
    private final FitWorkspace workspace;
    private final int[][][] neighbours;

    /** Builds the cluster-tuple structure and the Hessian's sparsity once for all fits of the problem. */
    public ComponentSeparation(FitProblem problem) {
        this(problem, null);
    }

    /**
     * As {@link #ComponentSeparation(FitProblem)}, with the clusters' neighbours, whose solutions
     * are tried as starts for clusters that end on a bound or converge slowly ({@link MultiStartFit}).
     *
     * @param neighbours per parameter (beta_d, T_d, beta_s) and cluster, its neighbouring clusters
     *     nearest first (e.g. {@code ClusterNeighbours.of}), or null
     */
    public ComponentSeparation(FitProblem problem, int[][][] neighbours) {
        this.likelihood = new SpectralLikelihood(problem);
        this.solver = new BlockSparseSolver(likelihood.parameterCount(), likelihood.tupleParams);
        this.workspace = solver.workspace();
        int[] counts = {likelihood.kDustBeta, likelihood.kDustTemp, likelihood.kSyncBeta};
        if (neighbours != null) {
            for (int j = 0; j < 3; j++) {
                if (neighbours.length != 3 || neighbours[j].length != counts[j]) {
                    throw new IllegalArgumentException("neighbours must list every cluster of the three parameters ("
                            + counts[0] + ", " + counts[1] + ", " + counts[2] + ")");
                }
            }
        }
        this.neighbours = neighbours;
    }

    /**
     * Fits one data set.
     *
     * @param data [band][stokes Q=0,U=1][zone pixel], same units as the problem's noise sigma
     */
    public FitResult fit(double[][][] data, FitOptions options) {
        return fit(data, options, null);
    }

    /**
     * Fits one data set from per-cluster starting values (e.g. a neighbouring grid point's or
     * another code's solution), clamped into the options' box.
     */
    public FitResult fit(double[][][] data, FitOptions options, double[] dustBeta, double[] dustTemp,
                         double[] syncBeta) {
        return fit(data, options, concat(dustBeta, dustTemp, syncBeta));
    }

    private FitResult fit(double[][][] data, FitOptions options, double[] start) {
        SpectralLikelihood.Data reduced = likelihood.new Data(data);
        MultiStartFit fit = new MultiStartFit(likelihood, solver, options, start, neighbours);
        while (!fit.pending().isEmpty()) {
            for (Evaluation e : fit.pending()) {
                reduced.evaluate(e);
            }
            fit.advance(workspace);
        }
        likelihood.setParameters(fit.parameters());
        return result(fit, likelihood.components(data));
    }

    /**
     * A fit from options.start() in every cluster, for another evaluator of this problem's likelihood
     * (the tuple numbering of {@link #tupleParameters()}) to drive: evaluate the
     * {@link MultiStartFit#pending()} evaluations (an evaluation may name the only tuples it needs),
     * then {@link MultiStartFit#advance} with a {@link #workspace()} of the advancing thread, until
     * none is pending; then {@link #result}.
     */
    public MultiStartFit start(FitOptions options) {
        return new MultiStartFit(likelihood, solver, options, null, neighbours);
    }

    /** Scratch for advancing fits of this problem: one per thread. */
    public FitWorkspace workspace() {
        return solver.workspace();
    }

    /** Parameters (beta_d, T_d, beta_s clusters) where an ended fit stopped. */
    public double[] parameters(MultiStartFit fit) {
        requireEnded(fit);
        return fit.parameters().clone();
    }

    /**
     * The result of an ended fit.
     *
     * @param components the component maps [CMB, dust, sync][stokes][zone pixel] at its parameters
     */
    public FitResult result(MultiStartFit fit, double[][][] components) {
        requireEnded(fit);
        int kb = likelihood.kDustBeta;
        int kt = likelihood.kDustTemp;
        double[] x = fit.parameters();
        Subproblems subproblems = fit.subproblems();
        double nll = 0;
        int iterations = 0;
        boolean converged = true;
        for (int s = 0; s < subproblems.count(); s++) {
            nll += subproblems.nll()[s];
            iterations = Math.max(iterations, subproblems.iterations()[s]);
            converged &= subproblems.converged(s);
        }
        return new FitResult(Arrays.copyOfRange(x, 0, kb), Arrays.copyOfRange(x, kb, kb + kt),
                Arrays.copyOfRange(x, kb + kt, x.length), nll, iterations, fit.evaluations(),
                fit.projectedGradientNorm(), converged, components[0], components[1], components[2], subproblems);
    }

    private static void requireEnded(MultiStartFit fit) {
        if (!fit.ended()) {
            throw new IllegalStateException("the fit has not ended");
        }
    }

    /** The CPU evaluation of this problem's likelihood on one data set ([band][stokes][zone pixel]). */
    public LikelihoodEvaluator evaluator(double[][][] data) {
        return likelihood.new Data(data);
    }

    /** Cluster tuple (distinct (beta_d, T_d, beta_s) cluster combination) of each zone pixel. */
    public int[] tupleOfPixel() {
        return likelihood.tupleOfPixel.clone();
    }

    /** Per tuple, the indices of its beta_d, T_d and beta_s in the parameter vector. */
    public int[][] tupleParameters() {
        int[][] out = new int[likelihood.tupleCount()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = likelihood.tupleParams[t].clone();
        }
        return out;
    }

    /** Fits of many data sets (e.g. noise realizations) of this configuration, in order. */
    public List<FitResult> fitBatch(List<double[][][]> realizations, FitOptions options) {
        List<FitResult> out = new ArrayList<>(realizations.size());
        for (double[][][] data : realizations) {
            out.add(fit(data, options));
        }
        return out;
    }

    /**
     * The CMB row of W = (A^T N^-1 A)^-1 A^T N^-1 at a fitted solution applied to another data
     * set of the same zone, e.g. the foreground-only maps (systematic residual).
     *
     * @return [stokes][zone pixel] in the units of otherData
     */
    public double[][] reconstructCmb(FitResult fitted, double[][][] otherData) {
        likelihood.setParameters(parameters(fitted));
        return likelihood.components(otherData)[0];
    }

    /**
     * Statistical errors of a fit's parameters from the Hessian of the NLL at its solution (see
     * {@link ParameterErrors}).
     *
     * @param data the data set that was fitted, [band][stokes][zone pixel]
     * @param options the options it was fitted with (their fixed parameters get error 0)
     */
    public ParameterErrors errors(double[][][] data, FitResult fitted, FitOptions options) {
        return ParameterErrors.of(likelihood, solver, likelihood.new Data(data), parameters(fitted), options);
    }

    /**
     * The noise of the reconstructed components at a fit's solution: per zone pixel the standard
     * deviation of Q and of U, sqrt of the diagonal of (A^T N^-1 A)^-1, in the units of the data.
     *
     * @return [component CMB, dust, sync][zone pixel]
     */
    public double[][] componentNoise(FitResult fitted) {
        likelihood.setParameters(parameters(fitted));
        return likelihood.componentNoise();
    }

    /** The NLL of a data set at given per-cluster parameters (same meaning as {@link FitResult#nll()}). */
    public double nll(double[][][] data, double[] dustBeta, double[] dustTemp, double[] syncBeta) {
        likelihood.setParameters(concat(dustBeta, dustTemp, syncBeta));
        return likelihood.evaluate(likelihood.new Data(data), null, null);
    }

    private double[] parameters(FitResult fitted) {
        return concat(fitted.dustBeta(), fitted.dustTemp(), fitted.syncBeta());
    }

    private double[] concat(double[] dustBeta, double[] dustTemp, double[] syncBeta) {
        if (dustBeta.length != likelihood.kDustBeta || dustTemp.length != likelihood.kDustTemp
                || syncBeta.length != likelihood.kSyncBeta) {
            throw new IllegalArgumentException("parameters have " + dustBeta.length + ", " + dustTemp.length + ", "
                    + syncBeta.length + " clusters; the problem " + likelihood.kDustBeta + ", "
                    + likelihood.kDustTemp + ", " + likelihood.kSyncBeta);
        }
        double[] x = new double[likelihood.parameterCount()];
        System.arraycopy(dustBeta, 0, x, 0, dustBeta.length);
        System.arraycopy(dustTemp, 0, x, dustBeta.length, dustTemp.length);
        System.arraycopy(syncBeta, 0, x, dustBeta.length + dustTemp.length, syncBeta.length);
        return x;
    }
}
