package org.skypatch.likelihood;

/**
 * Scratch space for the linear solves of {@link ProjectedNewton} fits of one problem: one per
 * thread, shared by every fit that thread advances (a batch's fits need one each only while they
 * are being advanced, which keeps a batch of many realizations to one set of matrices per thread).
 */
public final class FitWorkspace {
    /** Per component: a direct solve's matrices and vectors ({@link SchurComponent#workspace()}), or CG's vectors. */
    final double[][][] work;
    /** Per CG component, its tuples' Hessian blocks restricted to the free parameters ([9 k + 3 i + j]); else null. */
    final double[][] blocks;

    FitWorkspace(double[][][] work, double[][] blocks) {
        this.work = work;
        this.blocks = blocks;
    }
}
