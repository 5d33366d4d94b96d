package org.skypatch.likelihood;

/**
 * Statistical errors of fitted per-cluster parameters: sigma_i = sqrt(2 [H^-1]_ii) with H the
 * Hessian of the NLL at the solution (the NLL is -2 ln L, so the covariance is (H / 2)^-1), each
 * subproblem's matrix inverted over its free parameters. The exact (analytic) Hessian where it is
 * positive definite, else the
 * Gauss-Newton one; a subproblem of more than {@link #DENSE_MAX} parameters gets 1 / sqrt(H_ii / 2),
 * each parameter's error with the others held (smaller). Fixed parameters have error 0.
 *
 * @param dustBeta per beta_d cluster
 * @param dustTemp per T_d cluster, K
 * @param syncBeta per beta_s cluster
 * @param hessian per subproblem, which matrix gave its errors: "exact", "gauss-newton" or "diagonal"
 */
public record ParameterErrors(double[] dustBeta, double[] dustTemp, double[] syncBeta, String[] hessian) {
    /** Largest subproblem inverted densely (n^3 / 6 operations: about a second at 3000). */
    static final int DENSE_MAX = 3000;

    static ParameterErrors of(SpectralLikelihood likelihood, BlockSparseSolver solver, SpectralLikelihood.Data data,
                              double[] x, FitOptions options) {
        int n = x.length;
        int tuples = likelihood.tupleCount();
        int kb = likelihood.kDustBeta;
        int kt = likelihood.kDustTemp;
        double[][] gaussNewton = new double[tuples][9];
        double[][] exact = new double[tuples][9];
        likelihood.setParameters(x);
        likelihood.evaluate(data, null, null, gaussNewton, exact, null, null);
        boolean[] free = new boolean[n];
        for (int i = 0; i < n; i++) {
            free[i] = !options.fixed(i < kb ? 0 : i < kb + kt ? 1 : 2);
        }
        double[] variance = new double[n];
        String[] method = new String[solver.componentCount()];
        double[] diag = new double[n];
        solver.diagonal(gaussNewton, diag);
        for (int s = 0; s < method.length; s++) {
            int size = solver.parameters(s).length;
            if (size <= DENSE_MAX && solver.inverseDiagonal(s, exact, free, variance)) {
                method[s] = "exact";
            } else if (size <= DENSE_MAX && solver.inverseDiagonal(s, gaussNewton, free, variance)) {
                method[s] = "gauss-newton";
            } else {
                method[s] = "diagonal";
                for (int i : solver.parameters(s)) {
                    variance[i] = 1 / diag[i];
                }
            }
        }
        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            sigma[i] = free[i] ? Math.sqrt(2 * variance[i]) : 0;
        }
        return new ParameterErrors(java.util.Arrays.copyOfRange(sigma, 0, kb),
                java.util.Arrays.copyOfRange(sigma, kb, kb + kt), java.util.Arrays.copyOfRange(sigma, kb + kt, n), method);
    }
}
