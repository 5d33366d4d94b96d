package org.skypatch.likelihood;

/**
 * An evaluation a fit waits for: the likelihood at x, with the outputs that are not null filled as
 * {@link LikelihoodEvaluator#evaluate} fills them. The arrays belong to the fit: read x and write the
 * outputs before advancing it, keep no reference after.
 *
 * @param tuples the cluster tuples whose outputs the fit reads (ascending), or null for all: an
 *     evaluator may skip the others (the fit has stopped there) and leave their outputs as they are;
 *     the gradient's entries outside these tuples' parameters are then unspecified
 * @param exactHessian [tuple][9], each tuple's exact (analytic) Hessian block, row-major over its (beta_d, T_d,
 *     beta_s); only the CPU engine computes it (fits on the GPU take finite differences of the gradient
 *     instead, {@link FitOptions#withFiniteDifferenceHessian()})
 */
public record Evaluation(double[] x, int[] tuples, double[] grad, double[][] hessian, double[][] tupleGrad,
                         double[] tupleNll, double[][] exactHessian) {

    /** An evaluation without the exact Hessian. */
    public Evaluation(double[] x, int[] tuples, double[] grad, double[][] hessian, double[][] tupleGrad,
                      double[] tupleNll) {
        this(x, tuples, grad, hessian, tupleGrad, tupleNll, null);
    }

    /** An evaluation of every tuple, without the exact Hessian. */
    public Evaluation(double[] x, double[] grad, double[][] hessian, double[][] tupleGrad, double[] tupleNll) {
        this(x, null, grad, hessian, tupleGrad, tupleNll, null);
    }

    /** Whether more than the tuple gradients is asked for. */
    public boolean full() {
        return grad != null || hessian != null || tupleNll != null || exactHessian != null;
    }
}
