package org.skypatch.likelihood;

import org.skypatch.cluster.ZoneLabels;
import org.skypatch.sky.Seds;

/**
 * Per-cluster SED tables of a {@link FitProblem}: what the mixing matrix of a cluster tuple is
 * built from, computed once per parameter vector instead of once per pixel. Whitened columns are
 * divided by the band's noise sigma. Arrays are [cluster][band]; read them, never write them.
 */
public final class SedTables {
    /** Per band: 1 / noise sigma (the whitened CMB column), d ln dust / d beta_d, d ln sync / d beta_s. */
    public final double[] invSigma;
    public final double[] logDust;
    public final double[] logSync;
    /** (nu / nu_dust)^(1 + beta_d) per beta_d cluster. */
    public final double[][] dustBetaFactor;
    /** Planck and K_RJ -> K_CMB ratio of the dust SED per T_d cluster, whitened. */
    public final double[][] dustTempFactor;
    /** d ln dust / d T_d per T_d cluster, 1/K. */
    public final double[][] dustTempLogDeriv;
    /** Synchrotron column per beta_s cluster, whitened. */
    public final double[][] syncColumn;
    private final double[] freq;
    private final double dustRef;
    private final double syncRef;

    public SedTables(FitProblem problem) {
        int bands = problem.bandCount();
        freq = problem.frequenciesGHz().clone();
        dustRef = problem.dustRefGHz();
        syncRef = problem.syncRefGHz();
        invSigma = new double[bands];
        logDust = new double[bands];
        logSync = new double[bands];
        for (int f = 0; f < bands; f++) {
            invSigma[f] = 1.0 / problem.noiseSigma()[f];
            logDust[f] = Seds.dustLogDerivBeta(freq[f], dustRef);
            logSync[f] = Seds.synchrotronLogDerivBeta(freq[f], syncRef);
        }
        dustBetaFactor = new double[ZoneLabels.count(problem.dustBetaClusters())][bands];
        dustTempFactor = new double[ZoneLabels.count(problem.dustTempClusters())][bands];
        dustTempLogDeriv = new double[dustTempFactor.length][bands];
        syncColumn = new double[ZoneLabels.count(problem.syncBetaClusters())][bands];
    }

    /** Refreshes the tables for parameters x = (beta_d [K], T_d [K], beta_s [K]) (K clusters each). */
    public void update(double[] x) {
        int kb = dustBetaFactor.length;
        int kt = dustTempFactor.length;
        for (int k = 0; k < kb; k++) {
            double beta = x[k];
            for (int f = 0; f < freq.length; f++) {
                dustBetaFactor[k][f] = StrictMath.exp((1 + beta) * logDust[f]);
            }
        }
        for (int k = 0; k < kt; k++) {
            double temp = x[kb + k];
            for (int f = 0; f < freq.length; f++) {
                // beta = -1 removes the power law: what is left is the Planck and K_RJ -> K_CMB ratio
                dustTempFactor[k][f] = Seds.dust(freq[f], dustRef, -1.0, temp) * invSigma[f];
                dustTempLogDeriv[k][f] = Seds.dustLogDerivTemp(freq[f], dustRef, temp);
            }
        }
        for (int k = 0; k < syncColumn.length; k++) {
            double beta = x[kb + kt + k];
            for (int f = 0; f < freq.length; f++) {
                syncColumn[k][f] = Seds.synchrotron(freq[f], syncRef, beta) * invSigma[f];
            }
        }
    }
}
