package org.skypatch.likelihood;

/**
 * The clustered spectral likelihood of one data set, as the optimiser drives it: set the
 * per-cluster parameters, then evaluate. The CPU engine ({@link ComponentSeparation#evaluator})
 * and the GPU backend (org.skypatch.gpu) both implement it, with the cluster-tuple numbering of
 * {@link ComponentSeparation#tupleParameters()}.
 */
public interface LikelihoodEvaluator {
    /** Parameters x = (beta_d per cluster, T_d [K] per cluster, beta_s per cluster) for the next evaluation. */
    void setParameters(double[] x);

    /**
     * NLL at the last parameters (dimensionless, see {@link FitResult#nll()}). Each output is
     * filled when not null: grad[parameter] the gradient (overwritten), hessian[tuple][9] the
     * row-major Gauss-Newton 3x3 block over the tuple's (beta_d, T_d, beta_s), tupleGrad[tuple][3]
     * the tuple's own gradient contribution, tupleNll[tuple] the tuple's NLL.
     *
     * @throws ArithmeticException when the mixing matrix of a tuple is singular
     */
    double evaluate(double[] grad, double[][] hessian, double[][] tupleGrad, double[] tupleNll);
}
