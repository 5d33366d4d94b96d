package org.skypatch.job.fit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.skypatch.cluster.ZoneLabels;
import org.skypatch.gpu.Backend;
import org.skypatch.harmonics.Alm;
import org.skypatch.harmonics.PowerSpectra;
import org.skypatch.harmonics.Sht;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.FitSettings;
import org.skypatch.job.study.WorkUnit;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;
import org.skypatch.sphere.Nside;
import org.skypatch.stats.Moments;

/**
 * Runs one work unit on an executor: cluster maps (cached per JVM), one fit per noise realization of
 * the batch (noise drawn from (study seed, realization) with {@link org.skypatch.sky.WhiteNoise}, so any unit
 * can be recomputed alone; {@link NoisyData} keeps the draws per JVM) with its metrics, and for the unit carrying it (WorkUnit#systematic) the foreground-only fit whose W applied to the
 * foregrounds is the configuration's systematic residual, with its BB power.
 */
public final class UnitFitter {
    private static final String HOST = hostName();

    private UnitFitter() {
    }

    public static UnitOutcome run(WorkUnit unit, SkyInputs sky, FitSettings settings) {
        ZoneData zone = sky.zone(unit.zone());
        Configuration c = unit.configuration();
        long t0 = System.nanoTime();
        int[][] labels = ZoneClusters.of(sky.nside(), zone, c, settings.clusteringSeed());
        long t1 = System.nanoTime();
        FitProblem problem = problem(sky, zone, labels);
        FitOptions options = settings.options();
        int device = TaskGpu.ordinal();
        Backend backend = settings.engineBackend(problem, device);

        int n = unit.realizations();
        int npix = zone.pixels().length;
        int[] realizations = new int[n];
        double[] nll = new double[n];
        int[] iterations = new int[n];
        int[] evaluations = new int[n];
        double[] gradient = new double[n];
        boolean[] converged = new boolean[n];
        double[][] bd = new double[n][];
        double[][] td = new double[n][];
        double[][] bs = new double[n][];
        double[] spatial = new double[n];
        double[] clBbSum = new double[n];
        double[] clBbObserved = new double[n];
        double[][] fullSky = new double[3][(int) Nside.npix(sky.nside())];
        double zoneFsky = (double) npix / fullSky[0].length;
        double[][] sum = new double[2][npix];
        double[][] sumSq = new double[2][npix];
        Alm trueB = bModes(zoneMap(zone.cmb(), zone.pixels(), fullSky), sky.nside());
        List<double[][][]> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            realizations[i] = unit.firstRealization() + i;
            batch.add(NoisyData.of(sky, zone, realizations[i]));
        }
        List<FitResult> fits = n == 0 ? List.of() : backend.fitBatch(problem, batch, options, device);
        for (int i = 0; i < n; i++) {
            FitResult fit = fits.get(i);
            nll[i] = fit.nll();
            iterations[i] = fit.iterations();
            evaluations[i] = fit.evaluations();
            gradient[i] = fit.projectedGradientNorm();
            converged[i] = fit.converged();
            bd[i] = fit.dustBeta();
            td[i] = fit.dustTemp();
            bs[i] = fit.syncBeta();
            spatial[i] = 0.5 * (Moments.variance(fit.cmb()[0]) + Moments.variance(fit.cmb()[1]));
            for (int s = 0; s < 2; s++) {
                for (int p = 0; p < npix; p++) {
                    double res = fit.cmb()[s][p] - zone.cmb()[s][p];
                    sum[s][p] += res;
                    sumSq[s][p] += res * res;
                }
            }
            // B modes are linear in the map: the residual's are the reconstruction's minus the truth's
            Alm observedB = bModes(zoneMap(fit.cmb(), zone.pixels(), fullSky), sky.nside());
            clBbObserved[i] = bbSum(observedB, zoneFsky);
            Alm residualB = observedB.copy();
            residualB.addScaled(trueB, -1);
            clBbSum[i] = bbSum(residualB, zoneFsky);
        }
        long t2 = System.nanoTime();
        double[][] systematic = unit.systematic()
                ? systematicResidual(new ComponentSeparation(problem), zone, options) : null;
        Double sysBbSum = systematic == null ? null : bbSum(zoneMap(systematic, zone.pixels(), fullSky), sky.nside(), zoneFsky);
        long t3 = System.nanoTime();
        int[] clusters = {ZoneLabels.count(labels[0]), ZoneLabels.count(labels[1]), ZoneLabels.count(labels[2])};
        return new UnitOutcome(unit.id(), unit.zone(), c.id(), c.method().label(), c.betaDust(), c.tempDust(),
                c.betaSync(), clusters, unit.batch(), realizations, nll, iterations, evaluations, gradient, converged,
                bd, td, bs, spatial, clBbSum, clBbObserved, sum[0], sum[1], sumSq[0], sumSq[1],
                systematic == null ? null : systematic[0], systematic == null ? null : systematic[1], sysBbSum,
                seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2), Backend.label(backend, device), HOST);
    }

    /**
     * The engine problem of a zone with these cluster maps: the instrument's bandpasses, noise weights
     * at nominal depth, per pixel when the zone has a hits-map noise scale.
     */
    public static FitProblem problem(SkyInputs sky, ZoneData zone, int[][] labels) {
        double[] scale = zone.noiseScale();
        double[][] pixelSigma = null;
        if (scale != null) {
            pixelSigma = new double[sky.sigma().length][scale.length];
            for (int b = 0; b < pixelSigma.length; b++) {
                for (int i = 0; i < scale.length; i++) {
                    pixelSigma[b][i] = sky.sigma()[b] * scale[i];
                }
            }
        }
        return new FitProblem(sky.frequenciesGHz(), sky.bandpasses(), sky.dustRefGHz(), sky.syncRefGHz(), sky.sigma(),
                pixelSigma, labels[0], labels[1], labels[2]);
    }

    /**
     * The systematic residual of a configuration, [stokes][zone pixel]: W of the fit to the noiseless
     * foregrounds applied to them. The spectral likelihood is blind to the CMB (its amplitude is free
     * in every pixel), so this fit finds the parameters a noiseless CMB + foreground sky would give.
     */
    public static double[][] systematicResidual(ComponentSeparation engine, ZoneData zone, FitOptions options) {
        FitResult fit = engine.fit(zone.foreground(), options);
        return engine.reconstructCmb(fit, zone.foreground());
    }

    /**
     * BB power of a residual map (zero outside the zone) divided by the zone's f_sky, summed over
     * l = 2..2 nside + 1, uK_CMB^2: the multipoles of the r likelihood. A ranking metric computed for
     * every fit, so without Jacobi iterations: healpy's default 3 cost 7x more, at nside 64 more than the
     * fit itself, and move the sum by only 4e-5 to 1.3e-4 of itself (measured on a nside-64 grid, same
     * ranking). Without iterations the multipoles up to 2 nside + 1 need no analysis above them.
     */
    static double bbSum(double[][] tqu, int nside, double fsky) {
        return bbSum(bModes(tqu, nside), fsky);
    }

    /** The B-mode alm of {@link #bbSum}'s multipoles (no Jacobi iterations) of a T,Q,U map (T ignored). */
    private static Alm bModes(double[][] tqu, int nside) {
        int lmax = 2 * nside + 1;
        return Sht.map2almSpin2(tqu[1], tqu[2], lmax, lmax, 0)[1];
    }

    /** {@link #bbSum} of a map with these B modes. */
    private static double bbSum(Alm b, double fsky) {
        double[] cl = ResidualSpectra.perSky(PowerSpectra.alm2cl(b, b), fsky);
        double sum = 0;
        for (int l = 2; l <= b.lmax(); l++) {
            sum += cl[l];
        }
        return sum;
    }

    /** Writes Q, U of a zone map into the full-sky map's Q, U rows (zero elsewhere, as they are), returning it. */
    private static double[][] zoneMap(double[][] qu, int[] pixels, double[][] tqu) {
        for (int s = 0; s < 2; s++) {
            for (int p = 0; p < pixels.length; p++) {
                tqu[s + 1][pixels[p]] = qu[s][p];
            }
        }
        return tqu;
    }

    private static double seconds(long nanos) {
        return nanos * 1e-9;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
