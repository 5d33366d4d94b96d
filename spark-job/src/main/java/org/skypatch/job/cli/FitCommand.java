package org.skypatch.job.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.skypatch.cluster.ClusterNeighbours;
import org.skypatch.job.error.UserException;
import org.skypatch.job.separation.ClusterMaps;
import org.skypatch.job.separation.FitReport;
import org.skypatch.job.separation.MapUnits;
import org.skypatch.job.separation.ObservedSky;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;
import org.skypatch.sky.ForegroundModel;
import org.skypatch.sky.Instrument;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skypatch fit}: parametric component separation of a user's own maps (the engine of {@code run},
 * on maps taken as observed: nothing is added to them), with the user's mask, noise and clusters.
 * Runs locally, without Spark.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Component separation of your own maps: fit beta_d, T_d, beta_s per cluster.",
            "The maps are taken as observed (no noise is added). Writes FITS maps of the",
            "parameters and components, a per-cluster CSV, summary.json and PNGs."})
public final class FitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--maps", required = true, split = ",", paramLabel = "FILE",
            description = {"Frequency maps, .fits or .fits.gz: one file per band in the instrument's",
                "band order (Q, U or I, Q, U columns), or one file with a Q and a U column per band."})
    List<Path> maps;

    @Option(names = "--instrument", defaultValue = "litebird",
            description = {"litebird (built in) or an instrument CSV (name,frequency_GHz,",
                "depth_uK_arcmin[,bandpass]) as run takes (default ${DEFAULT-VALUE})."})
    String instrument;

    @Option(names = "--units", description = {"K_CMB, uK_CMB, K_RJ or uK_RJ (default: the maps' TUNIT card).",
        "Outputs are in K_CMB or uK_CMB."})
    String units;

    @Option(names = "--mask", description = {"Mask FITS file (any nside, 0/1 or apodized; fully covered pixels",
        "are fitted). Default: the pixels observed in every band."})
    Path mask;

    @Option(names = "--mask-column", description = "The mask's column (default: the first).")
    String maskColumn;

    @ArgGroup(exclusive = true)
    NoiseFiles noise;

    static final class NoiseFiles {
        @Option(names = "--hits", description = {"Hit-count map: per-pixel sigma = depth sigma *",
            "sqrt(mean hits / hits). Default: the instrument's depths, uniform."})
        Path hits;

        @Option(names = "--variance", split = ",", paramLabel = "FILE",
                description = "Per band, a map of the noise variance of Q and of U (maps' units squared).")
        List<Path> variance;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Clusters clusters;

    static final class Clusters {
        @Option(names = "--labels", split = ",", paramLabel = "FILE",
                description = {"Label maps: one file per parameter (beta_d, T_d, beta_s), or one with a",
                    "column each (or one column for all); any integer ids, UNSEEN outside."})
        List<Path> labels;

        @Option(names = "--kmeans", split = ",", paramLabel = "BD,TD,BS",
                description = "Spherical K-means of the fitted pixels, e.g. 300,100,50.")
        int[] kmeans;

        @Option(names = "--multires", split = ",", paramLabel = "BD,TD,BS",
                description = "Patches of these nsides (0: one patch), e.g. 8,4,2.")
        int[] multires;

        @Option(names = "--single", description = "One patch for every parameter.")
        boolean single;
    }

    @Option(names = "--seed", defaultValue = "0", description = "K-means seed, as a study's clusteringSeed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--fix", paramLabel = "NAME=VALUE",
            description = "Fix a parameter in every cluster: beta_d, temp_d (K) or beta_s, e.g. temp_d=19.6.")
    Map<String, Double> fixed = new LinkedHashMap<>();

    @Option(names = "--start", split = ",", paramLabel = "BD,TD,BS", description = "Start (default 1.54,20,-3).")
    double[] start;

    @Option(names = "--lower", split = ",", paramLabel = "BD,TD,BS", description = "Lower bounds (default 0.5,6,-7).")
    double[] lower;

    @Option(names = "--upper", split = ",", paramLabel = "BD,TD,BS", description = "Upper bounds (default 5,40,-0.5).")
    double[] upper;

    @Option(names = "--no-restarts", description = {"One start only, as run fits (default: clusters ending on a bound",
        "or converging slowly are fitted again from the default start, the single-patch",
        "solution and their neighbours' solutions, keeping the lowest NLL)."})
    boolean noRestarts;

    @Option(names = "--out", required = true, description = "Output folder (created; earlier results of a fit replaced).")
    Path out;

    @Override
    public Integer call() {
        try {
            run(spec.commandLine().getOut());
            return 0;
        } catch (IllegalArgumentException e) { // the core's checks of the inputs (and MapFormatException)
            throw new UserException.BadInput(e.getMessage());
        }
    }

    private void run(PrintWriter log) {
        long t0 = System.nanoTime();
        Instrument inst = instrument.equalsIgnoreCase("litebird") ? Instrument.liteBird() : Instrument.readCsv(Path.of(instrument));
        MapUnits u = units == null ? null : MapUnits.parse(units);
        if (units != null && u == null) {
            throw new IllegalArgumentException("--units " + units + ": use K_CMB, uK_CMB, K_RJ or uK_RJ");
        }
        FitOptions options = options();
        ObservedSky.Noise model = noise == null ? ObservedSky.Noise.DEPTHS
                : noise.hits != null ? ObservedSky.Noise.HITS : ObservedSky.Noise.VARIANCE;
        List<Path> noiseFiles = noise == null ? List.of() : noise.hits != null ? List.of(noise.hits) : noise.variance;
        ObservedSky sky = ObservedSky.read(maps, inst, u, mask, maskColumn, model, noiseFiles);
        long t1 = System.nanoTime();
        ClusterMaps cm = clusterMaps(sky);
        long t2 = System.nanoTime();
        FitProblem problem = new FitProblem(inst.frequencies(), inst.bandpasses(), ForegroundModel.PAPER.dustReferenceGhz(),
                ForegroundModel.PAPER.syncReferenceGhz(), sky.sigma(), sky.pixelSigma(), cm.labels()[0], cm.labels()[1],
                cm.labels()[2]);
        ComponentSeparation engine;
        if (noRestarts) {
            engine = new ComponentSeparation(problem);
        } else {
            options = withRestarts(options, problem, sky);
            int[][][] near = new int[3][][];
            for (int j = 0; j < 3; j++) {
                near[j] = ClusterNeighbours.of(sky.nside(), sky.pixels(), cm.labels()[j]);
            }
            engine = new ComponentSeparation(problem, near);
        }
        FitResult fit = engine.fit(sky.data(), options);
        long t3 = System.nanoTime();
        var errors = engine.errors(sky.data(), fit, options);
        double[][] componentNoise = engine.componentNoise(fit);
        long t4 = System.nanoTime();
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("read", (t1 - t0) * 1e-9);
        seconds.put("clusters", (t2 - t1) * 1e-9);
        seconds.put("fit", (t3 - t2) * 1e-9);
        seconds.put("errors", (t4 - t3) * 1e-9);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("maps", maps.stream().map(Path::toString).toList());
        inputs.put("instrument", instrument);
        inputs.put("mask", mask == null ? null : mask.toString());
        inputs.put("fixed", fixed);
        List<Path> written = FitReport.write(out, new FitReport.Contents(sky, cm, options, fit, errors, componentNoise,
                inputs, seconds));
        long t5 = System.nanoTime();
        log.printf(Locale.ROOT, "fit of %d pixels, %s: NLL %.6f, %d iterations, %d evaluations, %s (%d of %d subproblems;"
                        + " %d restarted, %d moved), %.2f s%n", sky.pixels().length, cm.description(), fit.nll(),
                fit.iterations(), fit.evaluations(), fit.converged() ? "converged" : "NOT converged",
                java.util.stream.IntStream.range(0, fit.subproblems().count()).filter(fit.subproblems()::converged).count(),
                fit.subproblems().count(), fit.subproblems().restartedCount(), fit.subproblems().movedCount(),
                (t5 - t0) * 1e-9);
        log.println("results: " + out + " (" + written.size() + " files: params.fits, cmb.fits, clusters.csv, summary.json, ...)");
        log.flush();
    }

    private ClusterMaps clusterMaps(ObservedSky sky) {
        if (clusters.labels != null) {
            return ClusterMaps.fromFiles(clusters.labels, sky.nside(), sky.pixels());
        }
        if (clusters.kmeans != null) {
            return ClusterMaps.kmeans(clusters.kmeans, seed, sky.nside(), sky.pixels());
        }
        if (clusters.multires != null) {
            return ClusterMaps.multires(clusters.multires, sky.nside(), sky.pixels());
        }
        return ClusterMaps.single(sky.pixels());
    }

    /** The engine's defaults with the options given, fixed parameters last. */
    private FitOptions options() {
        int[] which = new int[fixed.size()];
        int n = 0;
        for (Map.Entry<String, Double> f : fixed.entrySet()) {
            which[n] = java.util.Arrays.asList(ClusterMaps.PARAMETERS).indexOf(f.getKey().toLowerCase(Locale.ROOT));
            if (which[n++] < 0) {
                throw new IllegalArgumentException("--fix " + f.getKey() + "=" + f.getValue()
                        + ": the parameters are beta_d, temp_d and beta_s");
            }
        }
        FitOptions d = FitOptions.defaults();
        double[] s = triple(start, d.start(), "--start");
        double[] lo = triple(lower, d.lower(), "--lower");
        double[] hi = triple(upper, d.upper(), "--upper");
        try {
            FitOptions o = new FitOptions(s, lo, hi, d.maxIterations(), d.nllTolerance(), d.projectedGradientTolerance());
            n = 0;
            for (double value : fixed.values()) {
                o = o.withFixed(which[n++], value);
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--start/--lower/--upper/--fix: " + e.getMessage(), e);
        }
    }

    private static double[] triple(double[] given, double[] fallback, String option) {
        if (given != null && given.length != 3) {
            throw new IllegalArgumentException(option + " needs three values (beta_d, T_d, beta_s), got " + given.length);
        }
        return given == null ? fallback : given;
    }

    /** Restart points: the engine's default start (when --start moved it) and the single-patch solution. */
    private FitOptions withRestarts(FitOptions options, FitProblem problem, ObservedSky sky) {
        List<double[]> points = new ArrayList<>();
        double[] defaultStart = FitOptions.defaults().start();
        if (!java.util.Arrays.equals(defaultStart, options.start())) {
            points.add(defaultStart);
        }
        int[] one = new int[sky.pixels().length];
        FitResult single = new ComponentSeparation(new FitProblem(problem.frequenciesGHz(), problem.bandpasses(),
                problem.dustRefGHz(), problem.syncRefGHz(), problem.noiseSigma(), problem.pixelNoiseSigma(), one, one, one))
                .fit(sky.data(), options);
        points.add(new double[] {single.dustBeta()[0], single.dustTemp()[0], single.syncBeta()[0]});
        return options.withRestarts(points.toArray(new double[0][]));
    }
}
