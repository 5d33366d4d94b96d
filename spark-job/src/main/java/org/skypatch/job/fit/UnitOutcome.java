package org.skypatch.job.fit;

import org.skypatch.job.study.RecordContent;

/**
 * What one work unit produced. Per-realization arrays follow {@code realizations}; residuals are
 * reconstructed minus true CMB, uK_CMB, per zone pixel.
 *
 * @param unitId          the unit's id
 * @param zone            zone name
 * @param configId        configuration id
 * @param method          kmeans, multires or single
 * @param betaDust        requested beta_d count (or patch nside)
 * @param tempDust        requested T_d count (or patch nside)
 * @param betaSync        requested beta_s count (or patch nside)
 * @param clusters        clusters obtained for beta_d, T_d, beta_s
 * @param batch           batch index
 * @param realizations    realization indices
 * @param nll             NLL at the optimum
 * @param iterations      optimiser iterations
 * @param evaluations     likelihood evaluations
 * @param gradientNorm    final projected gradient norm
 * @param converged       whether each fit converged
 * @param fitBetaDust     fitted beta_d per cluster
 * @param fitTempDust     fitted T_d per cluster, K
 * @param fitBetaSync     fitted beta_s per cluster
 * @param spatialVariance spatial variance over the zone of the reconstructed CMB, mean of Q and U, uK^2
 * @param clBbSum         BB of the total residual in the zone / zone f_sky, summed over l = 2..2 nside + 1, uK^2
 * @param clBbObserved    BB of the reconstructed CMB in the zone / zone f_sky, summed over l = 2..2 nside + 1, uK^2
 * @param residualSumQ    per pixel, sum over the batch of the Q residual
 * @param residualSumU    same for U
 * @param residualSumSqQ  per pixel, sum of squared Q residuals
 * @param residualSumSqU  same for U
 * @param systematicQ     systematic residual Q per pixel (the unit carrying the systematic fit only, else null)
 * @param systematicU     systematic residual U per pixel (the unit carrying the systematic fit only, else null)
 * @param systematicBbSum BB of the systematic residual in the zone / zone f_sky, summed over l = 2..2 nside + 1,
 *                        uK^2 (the unit carrying the systematic fit only, else null)
 * @param clusterSeconds  time building cluster maps
 * @param fitSeconds      time in the noise-realization fits
 * @param systematicSeconds time in the foreground-only fit
 * @param backend         backend that ran the fits
 * @param executor        host that ran the unit
 */
public record UnitOutcome(String unitId, String zone, String configId, String method, int betaDust, int tempDust,
                          int betaSync, int[] clusters, int batch, int[] realizations, double[] nll, int[] iterations,
                          int[] evaluations, double[] gradientNorm, boolean[] converged, double[][] fitBetaDust,
                          double[][] fitTempDust, double[][] fitBetaSync, double[] spatialVariance, double[] clBbSum,
                          double[] clBbObserved, double[] residualSumQ, double[] residualSumU, double[] residualSumSqQ,
                          double[] residualSumSqU, double[] systematicQ, double[] systematicU, Double systematicBbSum,
                          double clusterSeconds,
                          double fitSeconds, double systematicSeconds, String backend, String executor) {
    /** By content, arrays included ({@link RecordContent}). */
    @Override
    public boolean equals(Object other) {
        return RecordContent.equals(this, other);
    }

    @Override
    public int hashCode() {
        return RecordContent.hashCode(this);
    }
}
