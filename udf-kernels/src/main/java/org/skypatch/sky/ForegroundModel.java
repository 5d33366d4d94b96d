package org.skypatch.sky;

/**
 * The paper's three-component sky in K_CMB: CMB (flat in K_CMB), dust as a modified blackbody
 * referenced at {@code dustReferenceGhz} and synchrotron as a power law referenced at
 * {@code syncReferenceGhz} (fgbuster's MixingMatrix(CMB(), Dust(nu_d), Synchrotron(nu_s))).
 * The signal in band f is d_f = cmb + a_dust * dust_f(beta_d, T_d) + a_sync * sync_f(beta_s), with
 * each SED taken through the band's response (delta or bandpass, {@link Instrument#response}).
 */
public record ForegroundModel(double dustReferenceGhz, double syncReferenceGhz) {
    /** Dust at 150 GHz, synchrotron at 20 GHz, as in the shared fixture and the paper. */
    public static final ForegroundModel PAPER = new ForegroundModel(150, 20);

    /** Dust SED of every band at (beta_d, T_d) into out[band]. */
    public void dustColumn(Instrument instrument, double betaD, double tempD, double[] out) {
        for (int b = 0; b < instrument.bandCount(); b++) {
            out[b] = instrument.bandpasses()[b] == null
                    ? Seds.dust(instrument.frequencies()[b], dustReferenceGhz, betaD, tempD)
                    : instrument.response(b, nu -> Seds.dust(nu, dustReferenceGhz, betaD, tempD));
        }
    }

    /** Synchrotron SED of every band at beta_s into out[band]. */
    public void syncColumn(Instrument instrument, double betaS, double[] out) {
        for (int b = 0; b < instrument.bandCount(); b++) {
            out[b] = instrument.bandpasses()[b] == null
                    ? Seds.synchrotron(instrument.frequencies()[b], syncReferenceGhz, betaS)
                    : instrument.response(b, nu -> Seds.synchrotron(nu, syncReferenceGhz, betaS));
        }
    }

    /**
     * Mixes per-pixel amplitudes into frequency maps: out[band][stokes][p] = cmb[stokes][p]
     * + dust[stokes][p] dust_band(p) + sync[stokes][p] sync_band(p), all in K_CMB, for every pixel p of
     * the given maps (cmb may be null for foreground-only maps). Parameter maps are per pixel.
     */
    public double[][][] mix(Instrument instrument, double[][] cmb, double[][] dust, double[][] sync,
                            double[] betaD, double[] tempD, double[] betaS) {
        int bands = instrument.bandCount();
        int stokes = dust.length;
        int npix = betaD.length;
        double[][][] out = new double[bands][stokes][npix];
        double[] fd = new double[bands];
        double[] fs = new double[bands];
        for (int p = 0; p < npix; p++) {
            dustColumn(instrument, betaD[p], tempD[p], fd);
            syncColumn(instrument, betaS[p], fs);
            for (int b = 0; b < bands; b++) {
                for (int s = 0; s < stokes; s++) {
                    double c = cmb == null ? 0 : cmb[s][p];
                    out[b][s][p] = c + dust[s][p] * fd[b] + sync[s][p] * fs[b];
                }
            }
        }
        return out;
    }
}
