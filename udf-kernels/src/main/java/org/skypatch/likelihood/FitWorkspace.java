package org.skypatch.likelihood;

/**
 * Scratch space for the linear solves of {@link ProjectedNewton} fits of one problem: one per
 * thread, shared by every fit that thread advances (a batch's fits need one each only while they
 * are being advanced, which keeps a batch of many realizations to one set of dense matrices per thread).
 */
public final class FitWorkspace {
    /** Per component: the dense matrix and its Cholesky factor (dense components), and work vectors. */
    final double[][] dense;
    final double[][] factor;
    final double[][][] work;
    /** Per CG component, its tuples' Hessian blocks restricted to the free parameters ([9 k + 3 i + j]). */
    final double[][] blocks;

    FitWorkspace(int[] componentSizes, int[] componentTuples, int denseMax) {
        int comps = componentSizes.length;
        dense = new double[comps][];
        factor = new double[comps][];
        work = new double[comps][][];
        blocks = new double[comps][];
        for (int c = 0; c < comps; c++) {
            int n = componentSizes[c];
            if (n <= denseMax) {
                dense[c] = new double[n * n];
                factor[c] = new double[n * n];
                work[c] = new double[1][n];
            } else {
                work[c] = new double[6][n];
                blocks[c] = new double[9 * componentTuples[c]];
            }
        }
    }
}
