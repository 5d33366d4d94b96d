package org.skypatch.likelihood;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.skypatch.cluster.ZoneLabels;
import org.skypatch.sky.Seds;

/**
 * Per-cluster SED tables of a {@link FitProblem}: what the mixing matrix of a cluster tuple is
 * built from, computed once per parameter vector instead of once per pixel. Whitened columns are
 * divided by the band's noise sigma. Arrays are [cluster][band]; read them, never write them.
 *
 * <p>With delta bands only ({@link #factored()}), the dust column of a tuple is the product
 * dustBetaFactor x dustTempFactor and the derivative columns are the column times per-band
 * log-derivatives (the second derivative columns, which the exact Hessian needs, are the column times
 * products of them and d^2 ln dust / dT_d^2). A bandpass average of that product is no product, so
 * with any bandpass the tables hold the band-averaged dust column and its exact first and second
 * derivative columns per (beta_d, T_d) cluster pair that some pixel uses, and the band-averaged sync
 * column and its first and second d/dbeta_s per beta_s cluster: the transcendental work is per cluster and frequency node, the pair sums are
 * multiply-adds, nothing is per pixel.
 */
public final class SedTables {
    /**
     * Per band: 1 / noise sigma (the whitened CMB column, flat in K_CMB under any bandpass), and at the
     * band centre d ln dust / d beta_d, d ln sync / d beta_s (used with delta bands only).
     */
    public final double[] invSigma;
    public final double[] logDust;
    public final double[] logSync;
    /** (nu / nu_dust)^(1 + beta_d) per beta_d cluster (delta bands only, else null). */
    public final double[][] dustBetaFactor;
    /** Planck and K_RJ -> K_CMB ratio of the dust SED per T_d cluster, whitened (delta bands only, else null). */
    public final double[][] dustTempFactor;
    /** d ln dust / d T_d per T_d cluster, 1/K (delta bands only, else null). */
    public final double[][] dustTempLogDeriv;
    /** d^2 ln dust / d T_d^2 per T_d cluster, 1/K^2 (delta bands only, else null). */
    public final double[][] dustTempLogCurv;
    /** Synchrotron column per beta_s cluster, whitened. */
    public final double[][] syncColumn;
    /** With bandpasses: whitened band-averaged d sync / d beta_s per beta_s cluster (else null). */
    public final double[][] syncBetaDeriv;
    /** With bandpasses: per dust pair (see {@link #dustPair}), the whitened band-averaged dust column (else null). */
    public final double[][] dustColumn;
    /** With bandpasses: per dust pair, whitened band-averaged d dust / d beta_d (else null). */
    public final double[][] dustBetaDeriv;
    /** With bandpasses: per dust pair, whitened band-averaged d dust / d T_d, 1/K (else null). */
    public final double[][] dustTempDeriv;
    /**
     * With bandpasses: per dust pair, the whitened band-averaged second derivatives of dust, [pair][band] each:
     * d^2/d beta_d^2, d^2/d beta_d dT_d (1/K) and d^2/dT_d^2 (1/K^2) (else null).
     */
    public final double[][] dustBetaBetaDeriv;
    public final double[][] dustBetaTempDeriv;
    public final double[][] dustTempTempDeriv;
    /** With bandpasses: whitened band-averaged d^2 sync / d beta_s^2 per beta_s cluster (else null). */
    public final double[][] syncBetaBetaDeriv;
    private final double[] freq;
    private final double dustRef;
    private final double syncRef;
    private final int kDustBeta;
    private final int kDustTemp;
    private final BandQuadrature quad;
    /** With bandpasses: per node ln(nu / nu_dust), ln(nu / nu_sync), and per-cluster node tables. */
    private final double[] nodeLogDust;
    private final double[] nodeLogSync;
    private final double[][] nodeDustBeta;
    private final double[][] nodeDustTemp;
    private final double[][] nodeDustTempLog;
    private final double[][] nodeDustTempCurv;
    /** Dust pairs: key kb * kDustTemp + kt -> pair index, and each pair's (kb, kt). */
    private final Map<Long, Integer> pairIndex = new HashMap<>();
    private final int[][] pairs;
    /**
     * The parameter value each cluster's rows were last computed at (NaN: never), and whether the last
     * update recomputed them: a line search's trials move only the subproblems still searching, and of a
     * finite-difference Hessian's three evaluations each moves one parameter kind, so the other rows (and
     * their exp, pow and expm1) are reused with the same bits.
     */
    private final double[] computedAt;
    private final boolean[] changed;
    /** With bandpasses: the (beta_d, T_d) each dust pair's rows were last computed at. */
    private final double[][] pairAt;

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
        kDustBeta = ZoneLabels.count(problem.dustBetaClusters());
        kDustTemp = ZoneLabels.count(problem.dustTempClusters());
        int kSync = ZoneLabels.count(problem.syncBetaClusters());
        syncColumn = new double[kSync][bands];
        computedAt = new double[kDustBeta + kDustTemp + kSync];
        Arrays.fill(computedAt, Double.NaN);
        changed = new boolean[computedAt.length];
        if (!problem.hasBandpasses()) {
            quad = null;
            nodeLogDust = nodeLogSync = null;
            nodeDustBeta = nodeDustTemp = nodeDustTempLog = nodeDustTempCurv = null;
            pairs = null;
            pairAt = null;
            dustColumn = dustBetaDeriv = dustTempDeriv = syncBetaDeriv = null;
            dustBetaBetaDeriv = dustBetaTempDeriv = dustTempTempDeriv = syncBetaBetaDeriv = null;
            dustBetaFactor = new double[kDustBeta][bands];
            dustTempFactor = new double[kDustTemp][bands];
            dustTempLogDeriv = new double[kDustTemp][bands];
            dustTempLogCurv = new double[kDustTemp][bands];
            return;
        }
        dustBetaFactor = dustTempFactor = dustTempLogDeriv = dustTempLogCurv = null;
        quad = new BandQuadrature(freq, problem.bandpasses());
        int nodes = quad.nu.length;
        nodeLogDust = new double[nodes];
        nodeLogSync = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            nodeLogDust[i] = Seds.dustLogDerivBeta(quad.nu[i], dustRef);
            nodeLogSync[i] = Seds.synchrotronLogDerivBeta(quad.nu[i], syncRef);
        }
        nodeDustBeta = new double[kDustBeta][nodes];
        nodeDustTemp = new double[kDustTemp][nodes];
        nodeDustTempLog = new double[kDustTemp][nodes];
        nodeDustTempCurv = new double[kDustTemp][nodes];
        int[] kb = problem.dustBetaClusters();
        int[] kt = problem.dustTempClusters();
        for (int p = 0; p < kb.length; p++) {
            pairIndex.putIfAbsent((long) kb[p] * kDustTemp + kt[p], pairIndex.size());
        }
        pairs = new int[pairIndex.size()][];
        for (Map.Entry<Long, Integer> en : pairIndex.entrySet()) {
            long key = en.getKey();
            pairs[en.getValue()] = new int[] {(int) (key / kDustTemp), (int) (key % kDustTemp)};
        }
        pairAt = new double[pairs.length][2];
        for (double[] at : pairAt) {
            Arrays.fill(at, Double.NaN);
        }
        dustColumn = new double[pairs.length][bands];
        dustBetaDeriv = new double[pairs.length][bands];
        dustTempDeriv = new double[pairs.length][bands];
        dustBetaBetaDeriv = new double[pairs.length][bands];
        dustBetaTempDeriv = new double[pairs.length][bands];
        dustTempTempDeriv = new double[pairs.length][bands];
        syncBetaDeriv = new double[kSync][bands];
        syncBetaBetaDeriv = new double[kSync][bands];
    }

    /** Whether the dust column is dustBetaFactor x dustTempFactor (delta bands only). */
    public boolean factored() {
        return quad == null;
    }

    /** With bandpasses: the row of the dust tables of beta_d cluster kb and T_d cluster kt (a pair some pixel uses). */
    public int dustPair(int kb, int kt) {
        Integer i = pairIndex.get((long) kb * kDustTemp + kt);
        if (i == null) {
            throw new IllegalArgumentException("dust clusters (" + kb + ", " + kt + ") share no pixel of the problem");
        }
        return i;
    }

    /** Refreshes the tables for parameters x = (beta_d [K], T_d [K], beta_s [K]) (K clusters each). */
    public void update(double[] x) {
        update(x, null);
    }

    /**
     * As {@link #update(double[])}, only for the parameters marked in needed (null: all); the other
     * clusters' rows keep their values.
     */
    public void update(double[] x, boolean[] needed) {
        for (int i = 0; i < computedAt.length; i++) {
            changed[i] = (needed == null || needed[i]) && x[i] != computedAt[i];
            if (changed[i]) {
                computedAt[i] = x[i];
            }
        }
        if (quad != null) {
            updateBandAveraged(x, needed);
            return;
        }
        int kb = dustBetaFactor.length;
        int kt = dustTempFactor.length;
        for (int k = 0; k < kb; k++) {
            if (!changed[k]) {
                continue;
            }
            double beta = x[k];
            for (int f = 0; f < freq.length; f++) {
                dustBetaFactor[k][f] = StrictMath.exp((1 + beta) * logDust[f]);
            }
        }
        for (int k = 0; k < kt; k++) {
            if (!changed[kb + k]) {
                continue;
            }
            double temp = x[kb + k];
            for (int f = 0; f < freq.length; f++) {
                // beta = -1 removes the power law: what is left is the Planck and K_RJ -> K_CMB ratio
                dustTempFactor[k][f] = Seds.dust(freq[f], dustRef, -1.0, temp) * invSigma[f];
                dustTempLogDeriv[k][f] = Seds.dustLogDerivTemp(freq[f], dustRef, temp);
                dustTempLogCurv[k][f] = Seds.dustLogCurvTemp(freq[f], dustRef, temp);
            }
        }
        for (int k = 0; k < syncColumn.length; k++) {
            if (!changed[kb + kt + k]) {
                continue;
            }
            double beta = x[kb + kt + k];
            for (int f = 0; f < freq.length; f++) {
                syncColumn[k][f] = Seds.synchrotron(freq[f], syncRef, beta) * invSigma[f];
            }
        }
    }

    private void updateBandAveraged(double[] x, boolean[] needed) {
        double[] nu = quad.nu;
        double[] w = quad.weight;
        int[] first = quad.first;
        for (int k = 0; k < kDustBeta; k++) {
            if (!changed[k]) {
                continue;
            }
            double beta = x[k];
            for (int i = 0; i < nu.length; i++) {
                nodeDustBeta[k][i] = StrictMath.exp((1 + beta) * nodeLogDust[i]);
            }
        }
        for (int k = 0; k < kDustTemp; k++) {
            if (!changed[kDustBeta + k]) {
                continue;
            }
            double temp = x[kDustBeta + k];
            for (int i = 0; i < nu.length; i++) {
                nodeDustTemp[k][i] = Seds.dust(nu[i], dustRef, -1.0, temp);
                nodeDustTempLog[k][i] = Seds.dustLogDerivTemp(nu[i], dustRef, temp);
                nodeDustTempCurv[k][i] = Seds.dustLogCurvTemp(nu[i], dustRef, temp);
            }
        }
        for (int p = 0; p < pairs.length; p++) {
            int b = pairs[p][0];
            int t = kDustBeta + pairs[p][1];
            boolean needsPair = needed == null || needed[b] && needed[t];
            if (!needsPair || x[b] == pairAt[p][0] && x[t] == pairAt[p][1]) {
                continue;
            }
            pairAt[p][0] = x[b];
            pairAt[p][1] = x[t];
            double[] pb = nodeDustBeta[b];
            double[] pt = nodeDustTemp[t - kDustBeta];
            double[] lt = nodeDustTempLog[t - kDustBeta];
            double[] ct = nodeDustTempCurv[t - kDustBeta];
            for (int f = 0; f < freq.length; f++) {
                double col = 0, db = 0, dt = 0, dbb = 0, dbt = 0, dtt = 0;
                for (int i = first[f]; i < first[f + 1]; i++) {
                    double s = w[i] * pb[i] * pt[i];
                    double lb = nodeLogDust[i];
                    col += s;
                    db += s * lb;
                    dt += s * lt[i];
                    dbb += s * lb * lb;
                    dbt += s * lb * lt[i];
                    dtt += s * (lt[i] * lt[i] + ct[i]);
                }
                dustColumn[p][f] = col * invSigma[f];
                dustBetaDeriv[p][f] = db * invSigma[f];
                dustTempDeriv[p][f] = dt * invSigma[f];
                dustBetaBetaDeriv[p][f] = dbb * invSigma[f];
                dustBetaTempDeriv[p][f] = dbt * invSigma[f];
                dustTempTempDeriv[p][f] = dtt * invSigma[f];
            }
        }
        for (int k = 0; k < syncColumn.length; k++) {
            if (!changed[kDustBeta + kDustTemp + k]) {
                continue;
            }
            double beta = x[kDustBeta + kDustTemp + k];
            for (int f = 0; f < freq.length; f++) {
                double col = 0, db = 0, dbb = 0;
                for (int i = first[f]; i < first[f + 1]; i++) {
                    double s = w[i] * Seds.synchrotron(nu[i], syncRef, beta);
                    col += s;
                    db += s * nodeLogSync[i];
                    dbb += s * nodeLogSync[i] * nodeLogSync[i];
                }
                syncColumn[k][f] = col * invSigma[f];
                syncBetaDeriv[k][f] = db * invSigma[f];
                syncBetaBetaDeriv[k][f] = dbb * invSigma[f];
            }
        }
    }
}
