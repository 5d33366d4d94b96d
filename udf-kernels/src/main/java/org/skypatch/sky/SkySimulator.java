package org.skypatch.sky;

import java.util.stream.IntStream;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.harmonics.GaussianSky;
import org.skypatch.sphere.Nside;

/**
 * Simulates the paper's sky: a Gaussian CMB drawn from C_ell(r), dust and synchrotron Q/U with
 * power-law spectra modulated by a Galactic-latitude envelope, and spatially varying spectral
 * parameters (smooth Gaussian fields or constants on seeded clusters), mixed into the instrument's
 * bands. Every random field has its own seed derived from the study seed, so changing one option
 * (r, the instrument, piecewise counts) leaves the other fields as they were.
 */
public final class SkySimulator {
    /** Seed streams of the random fields. */
    private static final int CMB = 0;
    private static final int DUST = 1;
    private static final int SYNC = 2;
    private static final int PARAM_FIELDS = 3; // + 0, 1, 2 for beta_d, T_d, beta_s
    private static final int CLUSTERING = 6;   // + 0, 1, 2
    private static final int CLUSTER_VALUES = 9;
    /** Multipole where the foreground spectra are normalised, as in the fixture's (ell/80)^slope. */
    private static final double ELL_PIVOT = 80;

    private final GaussianFields fields;
    private final SkyClustering clustering;

    /**
     * @param fields     Gaussian map synthesis (org.skypatch.harmonics.Sht)
     * @param clustering sky partition for piecewise parameters (spherical K-means); only piecewise skies use it
     */
    public SkySimulator(GaussianFields fields, SkyClustering clustering) {
        this.fields = fields;
        this.clustering = clustering;
    }

    /** The simulator of the paper's sky: harmonic synthesis by GaussianSky, full-sky spherical K-means clusters. */
    public static SkySimulator standard() {
        return new SkySimulator(
                (s, nside, lmax, seed) -> GaussianSky.synfast(new double[][] {s.tt(), s.ee(), s.bb(), s.te()}, nside, lmax, seed),
                (nside, k, seed) -> SphericalKMeans.cluster(nside, IntStream.range(0, (int) Nside.npix(nside)).toArray(), k, seed));
    }

    public SimulatedSky simulate(SkyOptions o) {
        int nside = o.nside();
        int lmax = o.lmax();
        double[] envelope = envelope(o);

        double[][] cmbTqu = fields.synfast(o.spectra().upTo(lmax), nside, lmax, subSeed(o.seed(), CMB));
        double[][] cmb = {scale(cmbTqu[1], 1e-6), scale(cmbTqu[2], 1e-6)};
        double[][] dust = foreground(o, o.dustSlope(), o.dustRmsMicroK(), envelope, DUST);
        double[][] sync = foreground(o, o.syncSlope(), o.syncRmsMicroK(), envelope, SYNC);

        double[][] params = new double[3][];
        int[][] labels = null;
        double[][] meanSigma = {o.betaDust(), o.tempDust(), o.betaSync()};
        if (o.piecewiseCounts() == null) {
            for (int i = 0; i < 3; i++) {
                params[i] = unitScalarField(nside, lmax, subSeed(o.seed(), PARAM_FIELDS + i));
                affine(params[i], meanSigma[i][0], meanSigma[i][1]);
            }
        } else {
            labels = new int[3][];
            for (int i = 0; i < 3; i++) {
                int k = o.piecewiseCounts()[i];
                labels[i] = clustering.labels(nside, k, subSeed(o.seed(), CLUSTERING + i));
                params[i] = piecewise(labels[i], k, meanSigma[i][0], meanSigma[i][1],
                        subSeed(o.seed(), CLUSTER_VALUES), i);
            }
        }
        ForegroundModel model = o.model();
        double[][][] freq = model.mix(o.instrument(), cmb, dust, sync, params[0], params[1], params[2]);
        double[][][] fg = model.mix(o.instrument(), null, dust, sync, params[0], params[1], params[2]);
        return new SimulatedSky(nside, o.instrument(), freq, fg, cmb, dust, sync, params[0], params[1], params[2], labels);
    }

    /** 1 + peak exp(-|b| / scale) per pixel. */
    static double[] envelope(SkyOptions o) {
        double[] b = GalacticZones.latitudeDegrees(o.nside());
        for (int p = 0; p < b.length; p++) {
            b[p] = 1 + o.envelopePeak() * Math.exp(-Math.abs(b[p]) / o.envelopeScaleDeg());
        }
        return b;
    }

    /** amplitude (uK) * envelope * G in K_CMB, G a spin-2 field of unit Q/U rms with EE ~ (ell/80)^slope. */
    private double[][] foreground(SkyOptions o, double slope, double rmsMicroK, double[] envelope, int stream) {
        int lmax = o.lmax();
        double[] zero = new double[lmax + 1];
        double[] ee = new double[lmax + 1];
        double[] bb = new double[lmax + 1];
        for (int l = 2; l <= lmax; l++) {
            ee[l] = Math.pow(l / ELL_PIVOT, slope);
            bb[l] = o.bbOverEe() * ee[l];
        }
        double[][] tqu = fields.synfast(new CmbSpectra(zero, ee, bb, zero.clone()), o.nside(), lmax,
                subSeed(o.seed(), stream));
        double[] q = tqu[1];
        double[] u = tqu[2];
        double sumSq = 0;
        for (int p = 0; p < q.length; p++) {
            sumSq += q[p] * q[p] + u[p] * u[p];
        }
        double norm = rmsMicroK * 1e-6 / Math.sqrt(sumSq / (2.0 * q.length));
        for (int p = 0; p < q.length; p++) {
            q[p] *= norm * envelope[p];
            u[p] *= norm * envelope[p];
        }
        return new double[][] {q, u};
    }

    /** A zero-mean, unit-variance scalar Gaussian field with C_ell ~ (ell+1)^-2.5, ell >= 2. */
    private double[] unitScalarField(int nside, int lmax, long seed) {
        double[] tt = new double[lmax + 1];
        for (int l = 2; l <= lmax; l++) {
            tt[l] = Math.pow(l + 1, -2.5);
        }
        double[] zero = new double[lmax + 1];
        double[] g = fields.synfast(new CmbSpectra(tt, zero, zero.clone(), zero.clone()), nside, lmax, seed)[0];
        double mean = 0;
        for (double v : g) {
            mean += v;
        }
        mean /= g.length;
        double var = 0;
        for (double v : g) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / g.length);
        for (int p = 0; p < g.length; p++) {
            g[p] = (g[p] - mean) / sd;
        }
        return g;
    }

    /** mean + sigma N(0,1) drawn independently for each cluster (counter-based: cluster c, parameter i). */
    private static double[] piecewise(int[] labels, int k, double mean, double sigma, long seed, int param) {
        double[] value = new double[k];
        for (int c = 0; c < k; c++) {
            value[c] = mean + sigma * WhiteNoise.gaussian(seed, 0, param, 0, c);
        }
        double[] out = new double[labels.length];
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] < 0 || labels[p] >= k) {
                throw new IllegalStateException("clustering returned label " + labels[p] + " outside 0.." + (k - 1));
            }
            out[p] = value[labels[p]];
        }
        return out;
    }

    private static void affine(double[] x, double mean, double sigma) {
        for (int p = 0; p < x.length; p++) {
            x[p] = mean + sigma * x[p];
        }
    }

    private static double[] scale(double[] x, double f) {
        double[] out = new double[x.length];
        for (int p = 0; p < x.length; p++) {
            out[p] = f * x[p];
        }
        return out;
    }

    /** An independent seed for random stream i of a study. */
    static long subSeed(long seed, int stream) {
        return WhiteNoise.mix(WhiteNoise.mix(seed) + 0x9E3779B97F4A7C15L * (stream + 1));
    }
}
