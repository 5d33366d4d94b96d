package org.skypatch.sky;

import java.util.List;
import org.skypatch.sphere.Nside;

/**
 * How to simulate a sky. Amplitudes are rms of Q and U before the Galactic envelope, uK_CMB at the
 * component's reference frequency; spectral slopes are those of EE (BB = bbOverEe * EE) in
 * (ell/80)^slope; parameter fields are mean + sigma * g with g a unit-variance Gaussian field of
 * C_ell ~ (ell+1)^-2.5 (ell >= 2). A piecewise sky ({@code piecewiseCounts} not null) makes beta_d,
 * T_d and beta_s constant on seeded spherical K-means clusters of the given counts, with independent
 * N(mean, sigma^2) values per cluster: over the full sky, or, with {@code piecewiseZones}, in each zone
 * separately (and in the rest of the sky), so that every zone holds exactly the given counts (capped at
 * its pixel count) and a grid search within a zone has a true answer.
 *
 * @param nside            HEALPix resolution of every map
 * @param seed             study seed: every random field derives from it
 * @param r                tensor-to-scalar ratio of the CMB
 * @param cmbSpectra       CMB spectra, uK^2 (null: {@link CmbSpectra#total(double)} of r)
 * @param instrument       bands to observe
 * @param model            component SEDs and reference frequencies
 * @param dustRmsMicroK    dust Q/U rms at its reference frequency, uK_CMB
 * @param syncRmsMicroK    synchrotron Q/U rms at its reference frequency, uK_CMB
 * @param dustSlope        dust EE spectral index in ell
 * @param syncSlope        synchrotron EE spectral index in ell
 * @param bbOverEe         foreground BB / EE
 * @param envelopePeak     Galactic envelope 1 + peak exp(-|b| / scale)
 * @param envelopeScaleDeg envelope latitude scale, degrees
 * @param betaDust         mean and sigma of beta_d
 * @param tempDust         mean and sigma of T_d, K
 * @param betaSync         mean and sigma of beta_s
 * @param piecewiseCounts  cluster counts for beta_d, T_d, beta_s, or null for smooth fields
 * @param piecewiseZones   disjoint zones clustered separately, or null to cluster the full sky
 * @param templates        PySM-style foreground templates at this nside (the paper's d1s1, or d0s0 with constant
 *                         parameters): their amplitudes and, unless piecewise, their parameters replace the
 *                         Gaussian foreground fields and parameter fields; null for the Gaussian toy sky
 */
public record SkyOptions(int nside, long seed, double r, CmbSpectra cmbSpectra, Instrument instrument,
                         ForegroundModel model, double dustRmsMicroK, double syncRmsMicroK, double dustSlope,
                         double syncSlope, double bbOverEe, double envelopePeak, double envelopeScaleDeg,
                         double[] betaDust, double[] tempDust, double[] betaSync, int[] piecewiseCounts,
                         List<Zone> piecewiseZones, PysmTemplates templates) {

    public SkyOptions {
        Nside.check(nside);
        if (!(r >= 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException("r = " + r + " must be a finite number >= 0");
        }
        if (betaDust.length != 2 || tempDust.length != 2 || betaSync.length != 2) {
            throw new IllegalArgumentException("spectral parameters take {mean, sigma}");
        }
        if (!(tempDust[0] - 5 * tempDust[1] > 0)) {
            throw new IllegalArgumentException("T_d mean " + tempDust[0] + " K with sigma " + tempDust[1]
                    + " K reaches non-positive temperatures: lower sigma");
        }
        if (piecewiseZones != null) {
            boolean[] seen = new boolean[(int) Nside.npix(nside)];
            for (Zone z : piecewiseZones) {
                for (int p : z.pixels()) {
                    if (p >= seen.length || seen[p]) {
                        throw new IllegalArgumentException("piecewise zone " + z.name() + " pixel " + p
                                + (p >= seen.length ? " is beyond nside " + nside : " is in another zone too")
                                + ": zones must be disjoint sets of the study's pixels");
                    }
                    seen[p] = true;
                }
            }
        }
        if (templates != null && templates.nside() != nside) {
            throw new IllegalArgumentException("foreground templates are nside " + templates.nside() + ", the sky nside "
                    + nside + ": take templates.atNside(" + nside + ")");
        }
        if (piecewiseCounts != null) {
            if (piecewiseCounts.length != 3) {
                throw new IllegalArgumentException("piecewise counts take three values: beta_d, T_d, beta_s");
            }
            for (int k : piecewiseCounts) {
                if (k < 1 || k > Nside.npix(nside)) {
                    throw new IllegalArgumentException("piecewise cluster count " + k + " must be in 1.."
                            + Nside.npix(nside) + " at nside " + nside);
                }
            }
        }
    }

    /** The fixture's recipe (sky_meta.json): r = 0, LiteBIRD, 2 uK dust at 150 GHz, 15 uK sync at 20 GHz. */
    public static SkyOptions defaults(int nside, long seed) {
        return new SkyOptions(nside, seed, 0, null, Instrument.liteBird(), ForegroundModel.PAPER, 2, 15, -2.42, -3,
                0.5, 10, 8, new double[] {1.54, 0.1}, new double[] {20, 2}, new double[] {-3, 0.1}, null, null, null);
    }

    public SkyOptions withR(double newR) {
        return new SkyOptions(nside, seed, newR, cmbSpectra, instrument, model, dustRmsMicroK, syncRmsMicroK, dustSlope,
                syncSlope, bbOverEe, envelopePeak, envelopeScaleDeg, betaDust, tempDust, betaSync, piecewiseCounts,
                piecewiseZones, templates);
    }

    public SkyOptions withInstrument(Instrument newInstrument) {
        return new SkyOptions(nside, seed, r, cmbSpectra, newInstrument, model, dustRmsMicroK, syncRmsMicroK, dustSlope,
                syncSlope, bbOverEe, envelopePeak, envelopeScaleDeg, betaDust, tempDust, betaSync, piecewiseCounts,
                piecewiseZones, templates);
    }

    public SkyOptions withCmbSpectra(CmbSpectra spectra) {
        return new SkyOptions(nside, seed, r, spectra, instrument, model, dustRmsMicroK, syncRmsMicroK, dustSlope,
                syncSlope, bbOverEe, envelopePeak, envelopeScaleDeg, betaDust, tempDust, betaSync, piecewiseCounts,
                piecewiseZones, templates);
    }

    /**
     * Piecewise-constant parameters on (beta_d, T_d, beta_s) clusters ({100, 20, 20} is the paper's
     * validation sky); null for smooth fields.
     */
    public SkyOptions withPiecewise(int[] counts) {
        return new SkyOptions(nside, seed, r, cmbSpectra, instrument, model, dustRmsMicroK, syncRmsMicroK, dustSlope,
                syncSlope, bbOverEe, envelopePeak, envelopeScaleDeg, betaDust, tempDust, betaSync,
                counts == null ? null : counts.clone(), piecewiseZones, templates);
    }

    /** Cluster each of these disjoint zones (and the rest of the sky) separately; null for the full sky. */
    public SkyOptions withPiecewiseZones(List<Zone> zones) {
        return new SkyOptions(nside, seed, r, cmbSpectra, instrument, model, dustRmsMicroK, syncRmsMicroK, dustSlope,
                syncSlope, bbOverEe, envelopePeak, envelopeScaleDeg, betaDust, tempDust, betaSync, piecewiseCounts,
                zones == null ? null : List.copyOf(zones), templates);
    }

    /** Foregrounds from these templates (already at this nside); null for the Gaussian toy sky. */
    public SkyOptions withTemplates(PysmTemplates newTemplates) {
        return new SkyOptions(nside, seed, r, cmbSpectra, instrument, model, dustRmsMicroK, syncRmsMicroK, dustSlope,
                syncSlope, bbOverEe, envelopePeak, envelopeScaleDeg, betaDust, tempDust, betaSync, piecewiseCounts,
                piecewiseZones, newTemplates);
    }

    /** 3 nside - 1, healpy's default band limit. */
    public int lmax() {
        return 3 * nside - 1;
    }

    /** The CMB spectra to draw from: the given ones, or the shipped lensed + r tensor spectra. */
    public CmbSpectra spectra() {
        return cmbSpectra != null ? cmbSpectra : CmbSpectra.total(r);
    }
}
