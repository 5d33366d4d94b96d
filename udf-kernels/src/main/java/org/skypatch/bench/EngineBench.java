package org.skypatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.Supplier;
import org.skypatch.cluster.MultiResolutionPatches;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.cluster.ZoneLabels;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;
import org.skypatch.sky.Bandpass;

/**
 * Wall time of the engine on one thread, on the compact compsep sample (32,512 pixels,
 * 15 bands, nside 64): fgbuster's two cases (single patch; nside-8 patches for all three
 * parameters; fgbuster's start, the default box), a K-means case
 * (K 300, 100, 50; also with 41-node bandpasses and with per-pixel noise), and a 10,000-pixel zone with ~2000 clusters; plus K-means itself (K 5000 on
 * 10,000 pixels). Each figure is the median of 5 timed runs after 2 warm-up runs, in CPU
 * seconds of the computing thread (and wall seconds); a fit includes building its ComponentSeparation.
 *
 * <p>args[0]: output file (default target/bench/engine.txt); args[1]: the compsep sample folder
 * (default src/test/resources/compsep, then udf-kernels/src/test/resources/compsep).
 */
public final class EngineBench {
    private static final int WARMUP = 2;
    private static final int RUNS = 5;

    private EngineBench() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/engine.txt");
        Path dir = args.length > 1 ? Path.of(args[1]) : Path.of("src/test/resources/compsep");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("udf-kernels/src/test/resources/compsep");
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("compsep.properties"))) {
            props.load(in);
        }
        double[] freq = list(props, "frequencies_GHz");
        double[] sigma = list(props, "sigma_K_CMB");
        int[] zone = BigEndianArrays.ints(Files.newInputStream(dir.resolve("mask_pixels.i4")));
        double[][][] maps = BigEndianArrays.doubles(Files.newInputStream(dir.resolve("freq_maps.f8")), freq.length, 2,
                zone.length);
        // fgbuster's start; the default (physical) box
        FitOptions fgbusterLike = FitOptions.defaults().withStart(1.6, 22.0, -2.7);
        StringBuilder report = new StringBuilder();
        report.append(String.format("EngineBench: %s, Java %s, one thread, median of %d runs%n",
                System.getProperty("os.arch"), System.getProperty("java.version"), RUNS));

        int[] one = new int[zone.length];
        fitCase(report, "single_patch (fgbuster 10-16 s)", 15.67, problem(freq, sigma, one, one, one), maps,
                fgbusterLike);
        int[] n8 = MultiResolutionPatches.labels(64, zone, 8);
        fitCase(report, "basic_nside8 (fgbuster 16-19 s)", 16.30, problem(freq, sigma, n8, n8, n8), maps,
                fgbusterLike);
        int[] kb = SphericalKMeans.cluster(64, zone, 300, 1);
        int[] kt = SphericalKMeans.cluster(64, zone, 100, 1);
        int[] ks = SphericalKMeans.cluster(64, zone, 50, 1);
        fitCase(report, "kmeans 300/100/50", Double.NaN, problem(freq, sigma, kb, kt, ks), maps, FitOptions.defaults());
        fitCase(report, "  same, 41-node bandpasses", Double.NaN, new FitProblem(freq, topHats(freq), 150.0, 20.0, sigma,
                kb, kt, ks), maps, FitOptions.defaults());
        fitCase(report, "  same, per-pixel noise", Double.NaN, new FitProblem(freq, null, 150.0, 20.0, sigma,
                hitsLike(sigma, zone.length), kb, kt, ks), maps, FitOptions.defaults());

        int small = 10_000;
        int[] zone10k = Arrays.copyOf(zone, small);
        double[][][] maps10k = new double[freq.length][2][];
        for (int f = 0; f < freq.length; f++) {
            for (int x = 0; x < 2; x++) {
                maps10k[f][x] = Arrays.copyOf(maps[f][x], small);
            }
        }
        int[] b10 = SphericalKMeans.cluster(64, zone10k, 1000, 2);
        int[] t10 = SphericalKMeans.cluster(64, zone10k, 500, 2);
        int[] s10 = SphericalKMeans.cluster(64, zone10k, 500, 2);
        fitCase(report, "10k pixels, kmeans 1000/500/500", Double.NaN, problem(freq, sigma, b10, t10, s10), maps10k,
                FitOptions.defaults());

        double kmeans = medianSeconds(() -> SphericalKMeans.cluster(64, zone10k, 5000, 3));
        report.append(String.format("K-means K=5000 on 10,000 pixels: %.3f s CPU (%.3f s wall)%n", kmeans, lastWall));
        double kmeans300 = medianSeconds(() -> SphericalKMeans.cluster(64, zone, 300, 1));
        report.append(String.format("K-means K=300 on 32,512 pixels: %.3f s CPU (%.3f s wall)%n", kmeans300, lastWall));

        System.out.print(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.print(report);
        }
    }

    /** +-15% top-hat bandpasses of 41 nodes around each band centre. */
    private static Bandpass[] topHats(double[] freq) {
        Bandpass[] bp = new Bandpass[freq.length];
        for (int f = 0; f < freq.length; f++) {
            double[] nu = new double[41];
            double[] w = new double[41];
            for (int i = 0; i < nu.length; i++) {
                nu[i] = freq[f] * (0.85 + 0.3 * i / 40.0);
                w[i] = 1;
            }
            bp[f] = new Bandpass(nu, w);
        }
        return bp;
    }

    /** Per-pixel sigma varying by up to 2x over the zone (a hits-map-like pattern), [band][zone pixel]. */
    private static double[][] hitsLike(double[] sigma, int pixels) {
        double[][] s = new double[sigma.length][pixels];
        for (int f = 0; f < sigma.length; f++) {
            for (int p = 0; p < pixels; p++) {
                s[f][p] = sigma[f] * (1 + (p % 7) / 6.0);
            }
        }
        return s;
    }

    private static FitProblem problem(double[] freq, double[] sigma, int[] b, int[] t, int[] s) {
        return new FitProblem(freq, 150.0, 20.0, sigma, b, t, s);
    }

    private static void fitCase(StringBuilder report, String name, double fgbusterSeconds, FitProblem problem,
                                double[][][] maps, FitOptions options) {
        FitResult[] last = new FitResult[1];
        double seconds = medianSeconds(() -> last[0] = new ComponentSeparation(problem).fit(maps, options));
        FitResult r = last[0];
        report.append(String.format("%-34s clusters %d/%d/%d: %.4f s CPU (%.4f s wall) per fit, %d iterations,"
                        + " %d evaluations, NLL %.4f, converged %s%s%n", name, r.dustBeta().length, r.dustTemp().length,
                r.syncBeta().length, seconds, lastWall, r.iterations(), r.evaluations(), r.nll(), r.converged(),
                Double.isNaN(fgbusterSeconds) ? "" : String.format(", %.0fx (wall) faster than fgbuster's median %.2f s",
                        fgbusterSeconds / lastWall, fgbusterSeconds)));
    }

    /**
     * Median over the timed runs of the thread's CPU time (the build machine is shared, so
     * wall time includes waiting for a core; CPU time of the single computing thread does not).
     */
    private static double medianSeconds(Supplier<Object> work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARMUP; i++) {
            work.get();
        }
        double[] cpu = new double[RUNS];
        double[] wall = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            work.get();
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) * 1e-9;
            wall[i] = (System.nanoTime() - start) * 1e-9;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        lastWall = wall[RUNS / 2];
        return cpu[RUNS / 2];
    }

    /** Median wall time of the last {@link #medianSeconds} call. */
    private static double lastWall;

    private static double[] list(Properties props, String key) {
        String v = props.getProperty(key);
        if (v == null) {
            throw new UncheckedIOException(new IOException("compsep.properties has no " + key
                    + ": rerun tools/make_compsep_test_resources.py"));
        }
        return Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
