package org.skypatch.likelihood;

import java.util.Arrays;

/**
 * Bound-constrained minimisation of the spectral NLL by projected Gauss-Newton steps
 * (Bertsekas' projected Newton with the block-sparse Gauss-Newton Hessian).
 *
 * <p>Each iteration: parameters at a bound whose gradient pushes outward are held; the others
 * take the Gauss-Newton step H_FF p = -g_F, solved exactly per connected component of the
 * parameter graph; the step is projected onto the box and halved until the NLL decreases
 * (Armijo). Newton steps are invariant to parameter scaling, so no rescaling is needed for the
 * steps; the stopping tests use Fisher-scaled parameters (x_i sqrt(H_ii)) in which one unit is one
 * statistical sigma.
 *
 * <p>Stops (converged) when the last step lowered the NLL by less than nllTolerance and the
 * next one is predicted to lower it by less than nllTolerance (absolute: the NLL is ~1e9 at the
 * optimum, a relative test would stop far too early), or when the largest Fisher-scaled
 * projected gradient is below projectedGradientTolerance. Stops (not converged) at the
 * iteration cap or when no step along the projected direction lowers the NLL.
 */
final class ProjectedGaussNewton {
    private static final int MAX_HALVINGS = 40;
    private static final double ARMIJO = 1e-4;

    private final SpectralLikelihood likelihood;
    private final BlockSparseSolver solver;

    ProjectedGaussNewton(SpectralLikelihood likelihood) {
        this.likelihood = likelihood;
        this.solver = new BlockSparseSolver(likelihood.parameterCount(), likelihood.tupleParams);
    }

    /** Minimum found, with counters. */
    record Outcome(double[] x, double nll, int iterations, int evaluations, double projectedGradientNorm,
                   boolean converged) {
    }

    Outcome minimise(SpectralLikelihood.Data data, FitOptions options) {
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
            x[i] = options.start()[kind];
        }
        double[] grad = new double[n];
        double[] trialGrad = new double[n];
        double[][] hess = new double[likelihood.tupleCount()][9];
        double[][] trialHess = new double[likelihood.tupleCount()][9];
        double[] diag = new double[n];
        double[] rhs = new double[n];
        double[] step = new double[n];
        double[] trial = new double[n];
        boolean[] free = new boolean[n];

        likelihood.setParameters(x);
        double f = likelihood.evaluate(data, grad, hess);
        int evaluations = 1;
        double lastDecrease = Double.POSITIVE_INFINITY;
        int iterations = 0;
        boolean converged = false;
        double pgNorm;
        while (true) {
            solver.diagonal(hess, diag);
            pgNorm = 0;
            for (int i = 0; i < n; i++) {
                boolean atLower = x[i] <= lo[i] && grad[i] > 0;
                boolean atUpper = x[i] >= hi[i] && grad[i] < 0;
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
            solver.solve(hess, free, rhs, step);
            double predicted = 0; // 0.5 g^T H^-1 g on the free set
            for (int i = 0; i < n; i++) {
                predicted -= 0.5 * grad[i] * step[i];
            }
            if (lastDecrease <= options.nllTolerance() && predicted <= options.nllTolerance()) {
                converged = true;
                break;
            }
            if (iterations >= options.maxIterations()) {
                break;
            }
            iterations++;
            double alpha = 1;
            boolean accepted = false;
            for (int h = 0; h < MAX_HALVINGS; h++, alpha *= 0.5) {
                double slope = 0;
                for (int i = 0; i < n; i++) {
                    trial[i] = Math.min(hi[i], Math.max(lo[i], x[i] + alpha * step[i]));
                    slope += grad[i] * (trial[i] - x[i]);
                }
                likelihood.setParameters(trial);
                double ft = likelihood.evaluate(data, trialGrad, trialHess);
                evaluations++;
                if (ft <= f + ARMIJO * slope && ft <= f) {
                    lastDecrease = f - ft;
                    f = ft;
                    System.arraycopy(trial, 0, x, 0, n);
                    double[] tg = grad;
                    grad = trialGrad;
                    trialGrad = tg;
                    double[][] th = hess;
                    hess = trialHess;
                    trialHess = th;
                    accepted = true;
                    break;
                }
            }
            if (!accepted) {
                // no decrease at rounding level: converged if the model says nothing is left to gain
                converged = predicted <= options.nllTolerance();
                likelihood.setParameters(x);
                break;
            }
        }
        likelihood.setParameters(x);
        return new Outcome(Arrays.copyOf(x, n), f, iterations, evaluations, pgNorm, converged);
    }
}
