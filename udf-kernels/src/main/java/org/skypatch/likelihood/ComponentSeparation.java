package org.skypatch.likelihood;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Clustered parametric component separation: maximises the spectral likelihood of
 * {@link FitResult} over the per-cluster parameters of a {@link FitProblem}.
 */
public final class ComponentSeparation {
    private final SpectralLikelihood likelihood;
    private final ProjectedGaussNewton optimiser;

    /** Builds the cluster-tuple structure and the Hessian's sparsity once for all fits of the problem. */
    public ComponentSeparation(FitProblem problem) {
        this.likelihood = new SpectralLikelihood(problem);
        this.optimiser = new ProjectedGaussNewton(likelihood);
    }

    /**
     * Fits one data set.
     *
     * @param data [band][stokes Q=0,U=1][zone pixel], same units as the problem's noise sigma
     */
    public FitResult fit(double[][][] data, FitOptions options) {
        SpectralLikelihood.Data reduced = likelihood.new Data(data);
        ProjectedGaussNewton.Outcome o = optimiser.minimise(reduced, options);
        double[][][] comps = likelihood.components(data);
        int kb = likelihood.kDustBeta;
        int kt = likelihood.kDustTemp;
        double[] x = o.x();
        return new FitResult(Arrays.copyOfRange(x, 0, kb), Arrays.copyOfRange(x, kb, kb + kt),
                Arrays.copyOfRange(x, kb + kt, x.length), o.nll(), o.iterations(), o.evaluations(),
                o.projectedGradientNorm(), o.converged(), comps[0], comps[1], comps[2]);
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
