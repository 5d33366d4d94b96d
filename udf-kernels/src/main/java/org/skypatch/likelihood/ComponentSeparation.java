package org.skypatch.likelihood;

import java.util.ArrayList;
import java.util.List;

/**
 * Clustered parametric component separation: maximises the spectral likelihood of
 * {@link FitResult} over the per-cluster parameters of a {@link FitProblem}.
 */
public final class ComponentSeparation {
    private final FitProblem problem;

    public ComponentSeparation(FitProblem problem) {
        this.problem = problem;
    }

    /**
     * Fits one data set.
     *
     * @param data [band][stokes Q=0,U=1][zone pixel], same units as the problem's noise sigma
     */
    public FitResult fit(double[][][] data, FitOptions options) {
        throw new UnsupportedOperationException("ComponentSeparation.fit is being written on branch engine");
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
        throw new UnsupportedOperationException("ComponentSeparation.reconstructCmb is being written on branch engine");
    }
}
