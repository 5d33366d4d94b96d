package org.skypatch.gpu;

/**
 * The two kernels of spectral_likelihood.cu as the host drives them, over one batch laid out by
 * {@link #layout()}. GpuSpectralLikelihood launches them on CUDA; the tests run a Java model of
 * them to check everything on the host side without a GPU.
 */
interface DeviceKernels {
    TupleLayout layout();

    /** Realizations in the batch. */
    int realizations();

    /**
     * tuple_likelihood for the realizations activeRealizations[0..slots-1].
     *
     * @param sedTables per slot, SED tables packed by {@link TupleLayout#packSed}
     * @param result per slot and tuple, {@link TupleLayout#OUTPUTS} values (filled)
     */
    void evaluate(int[] activeRealizations, int slots, double[] sedTables, double[] result);

    /** reconstruct_components: [CMB, dust, sync][stokes][zone pixel] of realization r at parameters x. */
    double[][][] components(int r, double[] x);
}
