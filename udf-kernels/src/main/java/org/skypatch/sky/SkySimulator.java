package org.skypatch.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.harmonics.GaussianSky;
import org.skypatch.sphere.Nside;
import org.skypatch.stats.Moments;

/**
 * Simulates the paper's sky: a Gaussian CMB drawn from C_ell(r), and dust and synchrotron Q/U with their
 * spectral parameters either from PySM templates (d1s1: PySM's own maps and per-pixel parameters; d0s0: the
 * same maps, constant parameters) or, for the Gaussian toy sky, power-law Gaussian fields modulated by a
 * Galactic-latitude envelope with smooth Gaussian parameter fields; piecewise skies replace the parameters by
 * constants on seeded clusters. The components are mixed into the instrument's bands. Every random field has its own seed derived from the study seed, so changing one option
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
                SphericalKMeans::cluster);
    }

    public SimulatedSky simulate(SkyOptions o) {
        int nside = o.nside();
        int lmax = o.lmax();
        PysmTemplates templates = o.templates();
        ForegroundModel model = o.model();

        double[][] cmbTqu = fields.synfast(o.spectra().upTo(lmax), nside, lmax, subSeed(o.seed(), CMB));
        double[][] cmb = {scale(cmbTqu[1], 1e-6), scale(cmbTqu[2], 1e-6)};
        double[][] dust;
        double[][] sync;
        if (templates == null) {
            double[] envelope = envelope(o);
            dust = foreground(o, o.dustSlope(), o.dustRmsMicroK(), envelope, DUST);
            sync = foreground(o, o.syncSlope(), o.syncRmsMicroK(), envelope, SYNC);
        } else {
            dust = PysmTemplates.polarizationKcmb(templates.dustAt(model.dustReferenceGhz()), model.dustReferenceGhz());
            sync = PysmTemplates.polarizationKcmb(templates.syncAt(model.syncReferenceGhz()), model.syncReferenceGhz());
        }

        double[][] params = new double[3][];
        int[][] labels = null;
        double[][] meanSigma = {o.betaDust(), o.tempDust(), o.betaSync()};
        if (o.piecewiseCounts() == null && templates != null) {
            params = new double[][] {templates.betaDust(), templates.tempDust(), templates.betaSync()};
        } else if (o.piecewiseCounts() == null) {
            for (int i = 0; i < 3; i++) {
                params[i] = unitScalarField(nside, lmax, subSeed(o.seed(), PARAM_FIELDS + i));
                affine(params[i], meanSigma[i][0], meanSigma[i][1]);
            }
        } else {
            List<Zone> regions = regions(o);
            labels = new int[3][];
            for (int i = 0; i < 3; i++) {
                labels[i] = new int[(int) Nside.npix(nside)];
                int total = 0;
                for (int z = 0; z < regions.size(); z++) {
                    Zone region = regions.get(z);
                    int k = region.cappedClusterCount(o.piecewiseCounts()[i]);
                    int[] local = clustering.labels(nside, region.pixels(), k, subSeed(subSeed(o.seed(), CLUSTERING + i), z));
                    for (int j = 0; j < local.length; j++) {
                        if (local[j] < 0 || local[j] >= k) {
                            throw new IllegalStateException("clustering returned label " + local[j] + " outside 0.." + (k - 1));
                        }
                        labels[i][region.pixels()[j]] = total + local[j];
                    }
                    total += k;
                }
                params[i] = piecewise(labels[i], total, meanSigma[i][0], meanSigma[i][1],
                        subSeed(o.seed(), CLUSTER_VALUES), i);
            }
        }
        double[][][] freq = model.mix(o.instrument(), cmb, dust, sync, params[0], params[1], params[2]);
        double[][][] fg = model.mix(o.instrument(), null, dust, sync, params[0], params[1], params[2]);
        return new SimulatedSky(nside, o.instrument(), freq, fg, cmb, dust, sync, params[0], params[1], params[2], labels,
                scale(cmbTqu[0], 1e-6),
                templates == null ? null : templates.intensity(PysmTemplates.MASK_FREQUENCY_GHZ));
    }

    /** The regions clustered separately: the given zones plus the rest of the sky, or the full sky. */
    private static List<Zone> regions(SkyOptions o) {
        int npix = (int) Nside.npix(o.nside());
        List<Zone> zones = o.piecewiseZones() == null ? List.of() : o.piecewiseZones();
        boolean[] inZone = new boolean[npix];
        for (Zone z : zones) {
            for (int p : z.pixels()) {
                inZone[p] = true;
            }
        }
        int[] rest = IntStream.range(0, npix).filter(p -> !inZone[p]).toArray();
        List<Zone> regions = new ArrayList<>(zones);
        if (rest.length > 0) {
            regions.add(new Zone(zones.isEmpty() ? "FULL_SKY" : "REST", rest));
        }
        return regions;
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
        double mean = Moments.mean(g);
        double sd = Math.sqrt(Moments.variance(g));
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
