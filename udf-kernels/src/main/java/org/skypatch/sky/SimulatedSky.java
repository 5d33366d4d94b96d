package org.skypatch.sky;

/**
 * A simulated (or loaded) sky, full-sky RING maps in K_CMB. Noise is not included: add
 * {@link #noisy(WhiteNoise, int)} realizations where they are needed. A sky loaded from a user's files
 * ({@link SkyInputs#read}) has null for every truth the files did not give (foreground maps, CMB,
 * amplitudes, parameters, clusters).
 *
 * @param nside          HEALPix resolution
 * @param instrument     the bands of the frequency maps
 * @param frequencyMaps  [band][Q, U][pixel]: CMB + foregrounds, K_CMB
 * @param foregroundMaps [band][Q, U][pixel]: foregrounds only (no CMB, no noise), K_CMB
 * @param cmb            [Q, U][pixel] true CMB, K_CMB
 * @param dust           [Q, U][pixel] true dust amplitude at the model's dust reference frequency, K_CMB
 * @param sync           [Q, U][pixel] true synchrotron amplitude at its reference frequency, K_CMB
 * @param betaDust       true beta_d per pixel
 * @param tempDust       true T_d per pixel, K
 * @param betaSync       true beta_s per pixel
 * @param clusters       for a piecewise sky, [beta_d, T_d, beta_s][pixel] cluster labels; null for a smooth sky
 * @param cmbTemperature [pixel] true CMB temperature, K_CMB (drawn with Q, U from TT, EE, BB, TE; the fits use
 *                       polarization only)
 * @param foregroundIntensity [pixel] total intensity of the foregrounds at 353 GHz, uK_RJ, the map Planck's
 *                       Galactic masks threshold (templated skies; null for the Gaussian toy and FITS skies)
 */
public record SimulatedSky(int nside, Instrument instrument, double[][][] frequencyMaps, double[][][] foregroundMaps,
                           double[][] cmb, double[][] dust, double[][] sync, double[] betaDust, double[] tempDust,
                           double[] betaSync, int[][] clusters, double[] cmbTemperature,
                           double[] foregroundIntensity) {

    /** Frequency maps plus noise realization r, [band][Q, U][pixel], K_CMB. */
    public double[][][] noisy(WhiteNoise noise, int realization) {
        double[][][] out = new double[frequencyMaps.length][][];
        for (int b = 0; b < out.length; b++) {
            out[b] = new double[frequencyMaps[b].length][];
            for (int s = 0; s < out[b].length; s++) {
                out[b][s] = frequencyMaps[b][s].clone();
                noise.addToMap(realization, b, s, out[b][s]);
            }
        }
        return out;
    }

    /** sqrt(Q^2 + U^2) of band b's foregrounds, K_CMB: the score Planck-like masks rank. */
    public double[] polarizedForegroundIntensity(int band) {
        double[] q = foregroundMaps[band][0];
        double[] u = foregroundMaps[band][1];
        double[] p = new double[q.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.hypot(q[i], u[i]);
        }
        return p;
    }
}
