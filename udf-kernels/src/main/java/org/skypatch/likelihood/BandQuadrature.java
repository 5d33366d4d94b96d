package org.skypatch.likelihood;

import org.skypatch.sky.Bandpass;

/**
 * Every band's response as one weighted sum over frequency nodes: the band average of an SED f in
 * K_CMB is sum_i w_i f(nu_i) over the band's nodes. For a {@link Bandpass} these are the nodes and
 * the trapezoid rule of {@link Bandpass#average} (node i weighs w(nu_i) (nu_{i+1} - nu_{i-1}) / 2, ends
 * half an interval, normalised to sum 1); a delta band is one node of weight 1 at its centre.
 * Since the average is linear, the derivative of a band-averaged SED is the average of the derivative.
 */
final class BandQuadrature {
    /** Node frequencies, GHz, band after band. */
    final double[] nu;
    /** Normalised node weights (each band's sum to 1). */
    final double[] weight;
    /** Band f's nodes are first[f] .. first[f + 1] - 1. */
    final int[] first;

    /**
     * @param centresGHz band centres, GHz (the node of a delta band)
     * @param bandpasses per band, its bandpass or null for a delta band
     */
    BandQuadrature(double[] centresGHz, Bandpass[] bandpasses) {
        int bands = centresGHz.length;
        first = new int[bands + 1];
        for (int f = 0; f < bands; f++) {
            first[f + 1] = first[f] + (bandpasses[f] == null ? 1 : bandpasses[f].frequencies().length);
        }
        nu = new double[first[bands]];
        weight = new double[first[bands]];
        for (int f = 0; f < bands; f++) {
            Bandpass bp = bandpasses[f];
            int o = first[f];
            if (bp == null) {
                nu[o] = centresGHz[f];
                weight[o] = 1;
                continue;
            }
            double[] x = bp.frequencies();
            double[] w = bp.weights();
            int n = x.length;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double width = 0.5 * ((i + 1 < n ? x[i + 1] : x[i]) - (i > 0 ? x[i - 1] : x[i]));
                nu[o + i] = x[i];
                weight[o + i] = w[i] * width;
                norm += weight[o + i];
            }
            for (int i = 0; i < n; i++) {
                weight[o + i] /= norm;
            }
        }
    }
}
