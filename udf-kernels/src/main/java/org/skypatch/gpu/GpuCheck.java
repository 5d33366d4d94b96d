package org.skypatch.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.skypatch.bench.BigEndianArrays;
import org.skypatch.cluster.MultiResolutionPatches;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;
import org.skypatch.likelihood.LikelihoodEvaluator;
import org.skypatch.likelihood.Evaluation;
import org.skypatch.sky.WhiteNoise;

/**
 * The device check of the GPU backend, made to run unchanged in one short slot on a bare GPU
 * machine (tools/gpu-check.sh carries a Java runtime and the jars there): GPU against CPU on
 * fgbuster's two cases and a K-means case (NLL 1e-10 relative, gradients 1e-8, fitted parameters
 * 1e-6), two GPU runs bit for bit, the cost of opening the device, where one evaluation's time
 * goes, and the benchmark: one configuration of R realizations per case (the fixture's noiseless
 * sky plus white noise at the bands' depth, as the job draws them), on the GPU and on all CPU cores
 * of the same machine. Writes report.txt and bench.tsv into the output folder as it goes
 * (a section that fails is reported and the next one runs); exits 1 when an equivalence check fails.
 *
 * <p>Usage: GpuCheck --fixture udf-kernels/src/test/resources/compsep --out DIR [--cpu-only] [--quick]
 * [--realizations R]. {@code --cpu-only} runs the same path with the model device (the kernels' Java
 * model on the host) in place of the GPU; {@code --quick} cuts every case to a small zone.
 */
public final class GpuCheck {
    private static final int NSIDE = 64;
    private static final long NOISE_SEED = 20261204L;
    private static final FitOptions FGBUSTER_START = FitOptions.defaults().withStart(1.6, 22.0, -2.7);
    private static final FitOptions TIGHT = FitOptions.defaults().withTolerances(1e-6, 1e-6);
    /** Parameter differences allowed in units of their statistical error: sqrt(2 x 1e-6), TIGHT's reach. */
    private static final double SIGMA_TOLERANCE = 1.5e-3;

    private final boolean cpuOnly;
    private final boolean quick;
    private final int realizations;
    private final PrintWriter report;
    private final PrintWriter tsv;
    private final double[] freq;
    private final double[] sigma;
    private final int[] mask;
    /** The fixture's noisy maps (its own noise realization, the one fgbuster fitted) and its noiseless sky. */
    private final double[][][] maps;
    private final double[][][] noiseless;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private boolean failed;
    private GpuSession session;

    private GpuCheck(Path fixture, Path out, boolean cpuOnly, boolean quick, int realizations) throws IOException {
        this.cpuOnly = cpuOnly;
        this.quick = quick;
        this.realizations = realizations;
        Files.createDirectories(out);
        report = new PrintWriter(Files.newBufferedWriter(out.resolve("report.txt")), true);
        tsv = new PrintWriter(Files.newBufferedWriter(out.resolve("bench.tsv")), true);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(fixture.resolve("compsep.properties"))) {
            props.load(in);
        }
        freq = list(props, "frequencies_GHz");
        sigma = list(props, "sigma_K_CMB");
        int[] all = BigEndianArrays.ints(Files.newInputStream(fixture.resolve("mask_pixels.i4")));
        double[][][] allMaps = BigEndianArrays.doubles(Files.newInputStream(fixture.resolve("freq_maps.f8")),
                freq.length, 2, all.length);
        double[][][] allNoiseless = BigEndianArrays.doubles(
                Files.newInputStream(fixture.resolve("freq_maps_noiseless.f8")), freq.length, 2, all.length);
        int n = quick ? 1500 : all.length;
        mask = Arrays.copyOf(all, n);
        maps = cut(allMaps, n);
        noiseless = cut(allNoiseless, n);
    }

    public static void main(String[] args) throws IOException {
        Path fixture = Path.of("udf-kernels/src/test/resources/compsep");
        Path out = Path.of("gpu-check");
        boolean cpuOnly = false;
        boolean quick = false;
        int realizations = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fixture" -> fixture = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--cpu-only" -> cpuOnly = true;
                case "--quick" -> quick = true;
                case "--realizations" -> realizations = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("GpuCheck: unknown argument '" + args[i] + "': use --fixture DIR --out DIR"
                            + " [--cpu-only] [--quick] [--realizations R]");
                    System.exit(2);
                }
            }
        }
        GpuCheck check = new GpuCheck(fixture, out, cpuOnly, quick, quick ? Math.min(realizations, 3) : realizations);
        check.run();
        System.exit(check.failed ? 1 : 0);
    }

    private void run() {
        long start = System.nanoTime();
        section("environment", this::environment);
        if (session == null) {
            line("no device: every GPU section is skipped");
            failed = true;
        } else {
            section("equivalence with the CPU engine", this::equivalence);
            section("two GPU runs, bit for bit", this::repeat);
            section("benchmark: one configuration of " + realizations + " realizations per case", this::benchmark);
        }
        line(String.format("%nGpuCheck %s in %.1f s: %s", cpuOnly ? "(--cpu-only, model device)" : "",
                (System.nanoTime() - start) * 1e-9, failed ? "FAILED (see above)" : "all checks passed"));
        report.close();
        tsv.close();
    }

    private void environment() {
        line(String.format("java %s on %s, %d cores, max heap %.1f GiB", System.getProperty("java.version"),
                System.getProperty("os.arch"), cores, Runtime.getRuntime().maxMemory() / (double) (1L << 30)));
        line(String.format("fixture: %d zone pixels of the compsep sky (nside %d, %d bands)%s", mask.length, NSIDE,
                freq.length, quick ? ", --quick" : ""));
        if (cpuOnly) {
            session = new GpuSession(new ModelCuda(), 0);
            line("device: the model device (kernels' Java model on the host), --cpu-only");
            return;
        }
        GpuDevice probe = GpuDevice.probe(0);
        line("probe: " + (probe.available() ? probe.name() : "unavailable: " + probe.reason()));
        if (probe.available()) {
            session = GpuSession.shared(0);
            line(String.format("opening the device: context %.3f s, module load (driver's PTX compilation) %.3f s",
                    session.contextNanos * 1e-9, session.moduleNanos * 1e-9));
            session.lock();
            try {
                line(String.format("device memory available to a batch: %.1f GiB", session.availableMemory() / 1073741824.0));
                line("kernels: " + session.kernelResources());
            } finally {
                session.unlock();
            }
        }
    }

    /** A case: a name, its problem and the start/tolerances of its fits. */
    private record Case(String name, FitProblem problem, FitOptions options) {
    }

    private List<Case> equivalenceCases() {
        int[] one = new int[mask.length];
        int[] n8 = MultiResolutionPatches.labels(NSIDE, mask, 8);
        int[][] k = kmeans(mask, quick ? new int[] {30, 10, 5} : new int[] {300, 100, 50});
        return List.of(new Case("single patch (fgbuster)", problem(one, one, one), FGBUSTER_START),
                new Case("nside-8 patches (fgbuster)", problem(n8, n8, n8), FGBUSTER_START),
                new Case("K-means " + clusters(k), problem(k[0], k[1], k[2]), FitOptions.defaults()));
    }

    private void equivalence() {
        // the fixture's own noisy maps (fgbuster's cases), then three realizations of the job's noise
        List<double[][][]> data = new ArrayList<>(realizations(noiseless, mask, 4));
        data.set(0, maps);
        for (Case c : equivalenceCases()) {
            ComponentSeparation engine = new ComponentSeparation(c.problem());
            // one evaluation at the start and one away from it, realization 0 (the fixture's own maps)
            for (double shift : new double[] {0, 0.03}) {
                double[] x = start(TupleLayout.of(c.problem(), engine), c.options(), shift);
                Evaluated gpu = evaluateOnGpu(engine, c.problem(), data.get(0), x);
                Evaluated cpu = evaluateOnCpu(engine, data.get(0), x);
                double nll = Math.abs(gpu.nll - cpu.nll) / Math.abs(cpu.nll);
                double grad = maxDiff(gpu.grad, cpu.grad) / maxAbs(cpu.grad);
                verdict(String.format("%-30s evaluation at start%s: NLL rel diff %.1e (<= 1e-10), gradient %.1e (<= 1e-8)",
                        c.name(), shift == 0 ? "      " : " +0.03", nll, grad), nll <= 1e-10 && grad <= 1e-8);
            }
            FitOptions tight = c.options().withTolerances(TIGHT.nllTolerance(), TIGHT.projectedGradientTolerance());
            List<FitResult> gpu = Backend.fitOnGpu(session, engine, c.problem(), data, tight, null);
            // the GPU fits' arithmetic: finite differences of the gradient for the exact Hessian
            List<FitResult> cpu = engine.fitBatch(data, tight.withFiniteDifferenceHessian());
            double nll = 0;
            double params = 0;
            double sigmas = 0;
            double cmb = 0;
            for (int r = 0; r < data.size(); r++) {
                FitResult a = cpu.get(r);
                FitResult b = gpu.get(r);
                nll = Math.max(nll, Math.abs(a.nll() - b.nll()) / Math.abs(a.nll()));
                double[] xa = parameters(a);
                double[] xb = parameters(b);
                double[] error = statisticalErrors(engine, data.get(r), xa);
                for (int i = 0; i < xa.length; i++) {
                    params = Math.max(params, Math.abs(xa[i] - xb[i]) / Math.abs(xa[i]));
                    sigmas = Math.max(sigmas, Math.abs(xa[i] - xb[i]) / error[i]);
                }
                cmb = Math.max(cmb, maxDiff(a.cmb()[0], b.cmb()[0]) / maxAbs(a.cmb()[0]));
            }
            // a fit stopped at an NLL tolerance t leaves each parameter ~sqrt(2 t) sigma from the minimum: two
            // fits of a flat patch can differ by more than 1e-6 of the value though both are at the minimum
            verdict(String.format("%-30s fits of %d realizations: NLL %.1e (<= 1e-10), parameters %.1e relative"
                    + " (target 1e-6), %.1e of their statistical error (<= %.1e), CMB %.1e", c.name(), data.size(),
                    nll, params, sigmas, SIGMA_TOLERANCE, cmb), nll <= 1e-10 && sigmas <= SIGMA_TOLERANCE);
        }
    }

    private void repeat() {
        Case c = equivalenceCases().get(2);
        ComponentSeparation engine = new ComponentSeparation(c.problem());
        List<double[][][]> data = realizations(noiseless, mask, 8);
        List<FitResult> a = Backend.fitOnGpu(session, engine, c.problem(), data, c.options(), null);
        List<FitResult> b = Backend.fitOnGpu(session, engine, c.problem(), data, c.options(), null);
        boolean same = true;
        for (int r = 0; r < data.size(); r++) {
            FitResult x = a.get(r);
            FitResult y = b.get(r);
            same &= Double.doubleToRawLongBits(x.nll()) == Double.doubleToRawLongBits(y.nll())
                    && x.iterations() == y.iterations() && Arrays.equals(x.dustBeta(), y.dustBeta())
                    && Arrays.equals(x.dustTemp(), y.dustTemp()) && Arrays.equals(x.syncBeta(), y.syncBeta())
                    && Arrays.equals(x.cmb()[0], y.cmb()[0]) && Arrays.equals(x.cmb()[1], y.cmb()[1]);
        }
        verdict(c.name() + ", " + data.size() + " realizations fitted twice: NLL, iterations, parameters and CMB maps"
                + " identical bit for bit", same);
    }

    private void benchmark() {
        int small = Math.min(quick ? 600 : 10_000, mask.length);
        int[] zone = Arrays.copyOf(mask, small);
        double[][][] zoneMaps = cut(noiseless, small);
        tsv.println("case\tpixels\tclusters\ttuples\tchunks\trealizations\tgpu_s\tlaunches\tgpu_ms_per_launch"
                + "\tsed_ms\tmoments_ms\toutputs_ms\tdownload_ms\thost_ms\tdownload_MB\tcpu_s\tcpu_cores\tspeedup"
                + "\titerations_mean\titerations_max\tnll_mean\tnll_max_rel_diff");
        line(String.format("%-40s %6s %6s %6s %9s %8s %8s %25s %9s %7s %6s %8s", "case", "pixels", "tuples", "chunks",
                "GPU s", "launches", "ms/eval", "kernels/copy/host ms/eval", "CPU s", "cores", "CPU/GPU", "NLL diff"));
        for (int[] z : new int[][] {mask, zone}) {
            double[][][] m = z == mask ? noiseless : zoneMaps;
            List<double[][][]> data = realizations(m, z, realizations);
            int[] one = new int[z.length];
            int[] n8 = MultiResolutionPatches.labels(NSIDE, z, 8);
            int[][] k1 = kmeans(z, quick ? new int[] {30, 10, 5} : new int[] {300, 100, 50});
            int[][] k2 = kmeans(z, quick ? new int[] {100, 50, 50} : new int[] {1000, 500, 500});
            List<Case> cases = List.of(new Case("single patch", problem(one, one, one), FitOptions.defaults()),
                    new Case("nside-8 patches", problem(n8, n8, n8), FitOptions.defaults()),
                    new Case("K-means " + clusters(k1), problem(k1[0], k1[1], k1[2]), FitOptions.defaults()),
                    new Case("K-means " + clusters(k2), problem(k2[0], k2[1], k2[2]), FitOptions.defaults()));
            for (Case c : cases) {
                try {
                    benchCase(c, data);
                } catch (RuntimeException | Error e) {
                    verdict(c.name() + " on " + z.length + " pixels: " + e, false);
                    e.printStackTrace();
                }
            }
        }
    }

    private void benchCase(Case c, List<double[][][]> data) {
        ComponentSeparation engine = new ComponentSeparation(c.problem());
        TupleLayout layout = TupleLayout.of(c.problem(), engine);
        List<double[][][]> warm = data.subList(0, Math.min(4, data.size()));
        Backend.fitOnGpu(session, engine, c.problem(), warm, c.options(), null);
        long t0 = System.nanoTime();
        List<FitResult> gpu = Backend.fitOnGpu(session, engine, c.problem(), data, c.options(), null);
        double gpuSeconds = (System.nanoTime() - t0) * 1e-9;
        GpuTimings timings = new GpuTimings();
        Backend.fitOnGpu(session, engine, c.problem(), data, c.options(), timings);
        CpuRun cpuRun = fitOnCpuCores(c, data);
        double cpuSeconds = cpuRun.seconds();
        List<FitResult> cpu = cpuRun.fits();
        int launches = timings.evaluations;
        double nllMean = 0;
        double nllDiff = 0;
        double itMean = 0;
        int itMax = 0;
        for (int r = 0; r < data.size(); r++) {
            nllMean += gpu.get(r).nll() / data.size();
            nllDiff = Math.max(nllDiff, Math.abs(gpu.get(r).nll() - cpu.get(r).nll()) / Math.abs(cpu.get(r).nll()));
            itMean += gpu.get(r).iterations() / (double) data.size();
            itMax = Math.max(itMax, gpu.get(r).iterations());
        }
        double perLaunch = 1e3 / Math.max(launches, 1);
        double sed = timings.seconds(GpuTimings.Phase.SED) * perLaunch;
        double moments = timings.seconds(GpuTimings.Phase.MOMENTS) * perLaunch;
        double outputs = timings.seconds(GpuTimings.Phase.OUTPUTS) * perLaunch;
        double download = timings.seconds(GpuTimings.Phase.DOWNLOAD) * perLaunch;
        double host = timings.seconds(GpuTimings.Phase.HOST) * perLaunch;
        String name = c.name() + ", " + clustersOf(layout);
        line(String.format("%-40s %6d %6d %6d %9.3f %8d %8.2f %7.2f/%5.2f/%5.2f ms %9.3f %7d %6.1fx %8.1e", name,
                layout.pixels, layout.tuples, layout.chunks, gpuSeconds, launches, gpuSeconds * perLaunch,
                sed + moments + outputs, download, host, cpuSeconds, cores, cpuSeconds / gpuSeconds, nllDiff));
        tsv.println(String.join("\t", c.name(), "" + layout.pixels, clustersOf(layout), "" + layout.tuples,
                "" + layout.chunks, "" + data.size(), f(gpuSeconds), "" + launches, f(gpuSeconds * perLaunch), f(sed),
                f(moments), f(outputs), f(download), f(host), f(timings.downloadedBytes / 1e6), f(cpuSeconds),
                "" + cores, f(cpuSeconds / gpuSeconds), f(itMean), "" + itMax, f(nllMean), f(nllDiff)));
    }

    /** CPU fits and their wall time. */
    private record CpuRun(double seconds, List<FitResult> fits) {
    }

    /** All realizations fitted on every core, one engine per thread, timed after one warm-up fit per thread. */
    private CpuRun fitOnCpuCores(Case c, List<double[][][]> data) {
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        ThreadLocal<ComponentSeparation> engines = ThreadLocal.withInitial(() -> new ComponentSeparation(c.problem()));
        try {
            List<Future<FitResult>> warm = new ArrayList<>();
            for (int i = 0; i < Math.min(cores, data.size()); i++) {
                double[][][] d = data.get(i);
                warm.add(pool.submit(() -> engines.get().fit(d, c.options())));
            }
            for (Future<FitResult> f : warm) {
                f.get();
            }
            long t0 = System.nanoTime();
            List<Future<FitResult>> fits = new ArrayList<>();
            for (double[][][] d : data) {
                fits.add(pool.submit(() -> engines.get().fit(d, c.options())));
            }
            List<FitResult> results = new ArrayList<>();
            for (Future<FitResult> f : fits) {
                results.add(f.get());
            }
            return new CpuRun((System.nanoTime() - t0) * 1e-9, results);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("CPU fits failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** An evaluation's NLL and gradient. */
    private record Evaluated(double nll, double[] grad) {
    }

    private Evaluated evaluateOnGpu(ComponentSeparation engine, FitProblem problem, double[][][] data, double[] x) {
        session.lock();
        try (GpuBatch batch = new GpuBatch(session, problem, engine, List.<double[][][]>of(data), null)) {
            TupleLayout l = batch.layout;
            double[] grad = new double[x.length];
            double[] tupleNll = new double[l.tuples];
            l.unpack(batch.evaluate(new int[] {0}, 1, x, true), 0, 1,
                    new Evaluation(x, grad, null, null, tupleNll));
            return new Evaluated(Arrays.stream(tupleNll).sum(), grad);
        } finally {
            session.unlock();
        }
    }

    private static double[] parameters(FitResult f) {
        double[] x = new double[f.dustBeta().length + f.dustTemp().length + f.syncBeta().length];
        System.arraycopy(f.dustBeta(), 0, x, 0, f.dustBeta().length);
        System.arraycopy(f.dustTemp(), 0, x, f.dustBeta().length, f.dustTemp().length);
        System.arraycopy(f.syncBeta(), 0, x, x.length - f.syncBeta().length, f.syncBeta().length);
        return x;
    }

    /** 1 / sqrt(H_ii) of the Gauss-Newton Hessian at x: each parameter's statistical error with the others fixed. */
    private static double[] statisticalErrors(ComponentSeparation engine, double[][][] data, double[] x) {
        int[][] tp = engine.tupleParameters();
        double[][] blocks = new double[tp.length][9];
        LikelihoodEvaluator cpu = engine.evaluator(data);
        cpu.setParameters(x);
        cpu.evaluate(null, blocks, null, null);
        double[] diag = new double[x.length];
        for (int t = 0; t < tp.length; t++) {
            for (int a = 0; a < 3; a++) {
                diag[tp[t][a]] += blocks[t][4 * a];
            }
        }
        // NLL = -2 ln L, so the Fisher information is H / 2
        return Arrays.stream(diag).map(h -> 1 / Math.sqrt(h / 2)).toArray();
    }

    private static Evaluated evaluateOnCpu(ComponentSeparation engine, double[][][] data, double[] x) {
        LikelihoodEvaluator cpu = engine.evaluator(data);
        cpu.setParameters(x);
        double[] grad = new double[x.length];
        return new Evaluated(cpu.evaluate(grad, null, null, null), grad);
    }

    /** The options' start in every cluster, shifted by shift times (1, 10 K, -1) in every other cluster. */
    private static double[] start(TupleLayout l, FitOptions options, double shift) {
        double[] x = new double[l.parameters()];
        double[] scale = {1, 10, -1};
        for (int i = 0; i < x.length; i++) {
            int kind = i < l.kDustBeta ? 0 : i < l.kDustBeta + l.kDustTemp ? 1 : 2;
            x[i] = options.start()[kind] + (i % 2 == 0 ? shift * scale[kind] : 0);
        }
        return x;
    }

    /** Realizations 0..count-1 as the job draws them: the noiseless sky plus white noise of (seed, r) at the bands' sigma. */
    private List<double[][][]> realizations(double[][][] base, int[] zone, int count) {
        List<double[][][]> out = new ArrayList<>(count);
        double[] noise = new double[zone.length];
        for (int r = 0; r < count; r++) {
            double[][][] d = new double[freq.length][2][];
            for (int f = 0; f < freq.length; f++) {
                for (int x = 0; x < 2; x++) {
                    d[f][x] = base[f][x].clone();
                    WhiteNoise.fill(NOISE_SEED, r, f, x, zone, sigma[f], noise);
                    for (int p = 0; p < zone.length; p++) {
                        d[f][x][p] += noise[p];
                    }
                }
            }
            out.add(d);
        }
        return out;
    }

    private FitProblem problem(int[] b, int[] t, int[] s) {
        return new FitProblem(freq, 150.0, 20.0, sigma, b, t, s);
    }

    private static int[][] kmeans(int[] zone, int[] k) {
        return new int[][] {SphericalKMeans.cluster(NSIDE, zone, k[0], 1), SphericalKMeans.cluster(NSIDE, zone, k[1], 1),
            SphericalKMeans.cluster(NSIDE, zone, k[2], 1)};
    }

    private static String clusters(int[][] k) {
        return Arrays.stream(k[0]).max().orElse(0) + 1 + "/" + (Arrays.stream(k[1]).max().orElse(0) + 1) + "/"
                + (Arrays.stream(k[2]).max().orElse(0) + 1);
    }

    private static String clustersOf(TupleLayout l) {
        return l.kDustBeta + "/" + l.kDustTemp + "/" + l.kSyncBeta;
    }

    private interface Section {
        void run() throws Exception;
    }

    private void section(String title, Section body) {
        line("\n== " + title);
        long t0 = System.nanoTime();
        try {
            body.run();
        } catch (Exception | Error e) {
            verdict("section failed: " + e, false);
            e.printStackTrace();
        }
        line(String.format("   (%.1f s)", (System.nanoTime() - t0) * 1e-9));
    }

    private void verdict(String text, boolean pass) {
        failed |= !pass;
        line((pass ? "PASS " : "FAIL ") + text);
    }

    private void line(String text) {
        System.out.println(text);
        report.println(text);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static double[][][] cut(double[][][] maps, int n) {
        double[][][] out = new double[maps.length][2][];
        for (int f = 0; f < maps.length; f++) {
            for (int x = 0; x < 2; x++) {
                out[f][x] = Arrays.copyOf(maps[f][x], n);
            }
        }
        return out;
    }

    private static double maxDiff(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    private static double maxAbs(double[] a) {
        return Arrays.stream(a).map(Math::abs).max().orElse(0);
    }

    private static double[] list(Properties props, String key) {
        String v = props.getProperty(key);
        if (v == null) {
            throw new UncheckedIOException(new IOException("compsep.properties has no " + key));
        }
        return Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
