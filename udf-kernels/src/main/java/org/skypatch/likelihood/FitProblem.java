package org.skypatch.likelihood;

import org.skypatch.sky.Bandpass;

/**
 * What all fits of one configuration share: the instrument, its noise and the cluster maps
 * of the zone's pixels. Components are CMB, dust (modified blackbody, K_CMB, normalised at
 * {@code dustRefGHz}) and synchrotron (power law, normalised at {@code syncRefGHz}); each of
 * the three spectral parameters (beta_d, T_d, beta_s) is constant on the clusters of its own map.
 *
 * @param frequenciesGHz band centres, GHz
 * @param bandpasses per band, the bandpass the mixing matrix is averaged over ({@link Bandpass#average},
 *                   as the simulator's {@code Instrument.response}), or null for a delta band at the
 *                   centre; the array itself may be null (all delta bands)
 * @param dustRefGHz dust reference frequency, GHz (150 in the paper)
 * @param syncRefGHz synchrotron reference frequency, GHz (20 in the paper)
 * @param noiseSigma per band, the per-pixel standard deviation of Q and of U, in the units of the data
 *                   (with pixelNoiseSigma: the nominal one, which only scales intermediate whitened values)
 * @param pixelNoiseSigma null for uniform noise, else [band][zone pixel] the standard deviation of Q and of U
 *                   of each pixel, in the units of the data (e.g. nominal sigma * sqrt(mean hits / hits)): N
 *                   stays diagonal, the fit weighs each pixel by it and evaluates pixel by pixel
 * @param dustBetaClusters per zone pixel, the beta_d cluster 0..K-1
 * @param dustTempClusters per zone pixel, the T_d cluster 0..K-1
 * @param syncBetaClusters per zone pixel, the beta_s cluster 0..K-1
 */
public record FitProblem(double[] frequenciesGHz, Bandpass[] bandpasses, double dustRefGHz, double syncRefGHz,
                         double[] noiseSigma, double[][] pixelNoiseSigma,
                         int[] dustBetaClusters, int[] dustTempClusters, int[] syncBetaClusters) {

    /** A problem with delta bands at the given centres. */
    public FitProblem(double[] frequenciesGHz, double dustRefGHz, double syncRefGHz, double[] noiseSigma,
                      int[] dustBetaClusters, int[] dustTempClusters, int[] syncBetaClusters) {
        this(frequenciesGHz, null, dustRefGHz, syncRefGHz, noiseSigma, null, dustBetaClusters, dustTempClusters,
                syncBetaClusters);
    }

    /** A problem with uniform noise per band. */
    public FitProblem(double[] frequenciesGHz, Bandpass[] bandpasses, double dustRefGHz, double syncRefGHz,
                      double[] noiseSigma, int[] dustBetaClusters, int[] dustTempClusters, int[] syncBetaClusters) {
        this(frequenciesGHz, bandpasses, dustRefGHz, syncRefGHz, noiseSigma, null, dustBetaClusters,
                dustTempClusters, syncBetaClusters);
    }

    /** Checks shapes and values; every message names the offending field. */
    public FitProblem {
        if (frequenciesGHz.length < 4) {
            throw new IllegalArgumentException("frequenciesGHz has " + frequenciesGHz.length
                    + " bands: three components need at least 4 bands");
        }
        if (noiseSigma.length != frequenciesGHz.length) {
            throw new IllegalArgumentException("noiseSigma has " + noiseSigma.length + " values for "
                    + frequenciesGHz.length + " bands: give one sigma per band");
        }
        if (bandpasses != null && bandpasses.length != frequenciesGHz.length) {
            throw new IllegalArgumentException("bandpasses has " + bandpasses.length + " entries for "
                    + frequenciesGHz.length + " bands: give one per band (null for a delta band)");
        }
        for (int f = 0; f < frequenciesGHz.length; f++) {
            if (!(frequenciesGHz[f] > 0) || !(noiseSigma[f] > 0) || Double.isInfinite(noiseSigma[f])) {
                throw new IllegalArgumentException("band " + f + ": frequency " + frequenciesGHz[f]
                        + " GHz, noise sigma " + noiseSigma[f] + ": both must be positive and finite");
            }
        }
        if (!(dustRefGHz > 0) || !(syncRefGHz > 0)) {
            throw new IllegalArgumentException("reference frequencies dust " + dustRefGHz + " GHz, sync "
                    + syncRefGHz + " GHz must be positive");
        }
        int n = dustBetaClusters.length;
        if (dustTempClusters.length != n || syncBetaClusters.length != n) {
            throw new IllegalArgumentException("cluster maps cover " + n + ", " + dustTempClusters.length
                    + ", " + syncBetaClusters.length + " pixels: all three must cover the zone's pixels");
        }
        if (pixelNoiseSigma != null) {
            checkPixelNoise(pixelNoiseSigma, frequenciesGHz.length, n);
        }
        checkLabels("dustBetaClusters", dustBetaClusters);
        checkLabels("dustTempClusters", dustTempClusters);
        checkLabels("syncBetaClusters", syncBetaClusters);
    }

    /** Number of zone pixels. */
    public int pixelCount() {
        return dustBetaClusters.length;
    }

    /** Whether some band has a bandpass (the mixing matrix is then band-averaged). */
    public boolean hasBandpasses() {
        if (bandpasses != null) {
            for (Bandpass bp : bandpasses) {
                if (bp != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Number of bands. */
    public int bandCount() {
        return frequenciesGHz.length;
    }

    private static void checkPixelNoise(double[][] sigma, int bands, int pixels) {
        if (sigma.length != bands) {
            throw new IllegalArgumentException("pixelNoiseSigma has " + sigma.length + " bands, the problem " + bands
                    + ": give [band][zone pixel]");
        }
        for (int f = 0; f < bands; f++) {
            if (sigma[f].length != pixels) {
                throw new IllegalArgumentException("pixelNoiseSigma band " + f + " has " + sigma[f].length
                        + " pixels, the zone " + pixels + ": give one sigma per zone pixel");
            }
            for (int p = 0; p < pixels; p++) {
                if (!(sigma[f][p] > 0) || Double.isInfinite(sigma[f][p])) {
                    throw new IllegalArgumentException("pixelNoiseSigma band " + f + " zone pixel " + p + " is "
                            + sigma[f][p] + ": must be positive and finite (mask unobserved pixels out of the zone)");
                }
            }
        }
    }

    /** Whether the noise differs from pixel to pixel (the per-pixel evaluation path). */
    public boolean hasPixelNoise() {
        return pixelNoiseSigma != null;
    }

    private static void checkLabels(String name, int[] labels) {
        int max = -1;
        for (int l : labels) {
            if (l < 0) {
                throw new IllegalArgumentException(name + " has label " + l + ": labels must be 0..K-1");
            }
            max = Math.max(max, l);
        }
        boolean[] seen = new boolean[max + 1];
        for (int l : labels) {
            seen[l] = true;
        }
        for (int k = 0; k <= max; k++) {
            if (!seen[k]) {
                throw new IllegalArgumentException(name + " has no pixel in cluster " + k
                        + ": renumber it with ZoneLabels.renumber");
            }
        }
    }
}
