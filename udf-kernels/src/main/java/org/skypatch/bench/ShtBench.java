package org.skypatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.skypatch.harmonics.Alm;
import org.skypatch.harmonics.Sht;

/**
 * Single-threaded timings of the spherical harmonic transforms (best of several runs after a JIT warm-up of at
 * least 3 calls and 2 s of CPU time; CPU seconds of the calling thread, and process CPU seconds for healpy, so
 * that other jobs on a shared machine distort the comparison less than wall-clock time would) at
 * nside 64 / lmax 191 and nside 256 / lmax 767, next to healpy's (tools/sht_bench_healpy.py run with
 * OMP_NUM_THREADS=1 by /opt/refpy/bin/python when present). Writes the table to args[0]
 * (default target/bench/sht.txt).
 */
public final class ShtBench {
    private static final String PYTHON = "/opt/refpy/bin/python";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long WARM_UP_NANOS = 2_000_000_000L;

    private ShtBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/sht.txt");
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-22s %6s %5s %12s %12s %8s", "case", "nside", "lmax", "java_cpu_s", "healpy_cpu_s", "ratio"));
        for (int[] c : new int[][] {{64, 191, 20}, {256, 767, 5}}) {
            int nside = c[0];
            int lmax = c[1];
            int repeats = c[2];
            Map<String, Double> java = javaTimings(nside, lmax, repeats);
            Map<String, Double> healpy = healpyTimings(nside, lmax, repeats);
            for (Map.Entry<String, Double> e : java.entrySet()) {
                Double h = healpy.get(e.getKey());
                lines.add(String.format("%-22s %6d %5d %12.5f %12s %8s", e.getKey(), nside, lmax, e.getValue(),
                        h == null ? "n/a" : String.format("%.5f", h), h == null ? "n/a" : String.format("%.2f", e.getValue() / h)));
            }
        }
        lines.forEach(System.out::println);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    private static Map<String, Double> javaTimings(int nside, int lmax, int repeats) {
        SplittableRandom rnd = new SplittableRandom(1);
        Alm[] teb = new Alm[3];
        for (int k = 0; k < 3; k++) {
            teb[k] = new Alm(lmax, lmax);
            for (int m = 0; m <= lmax; m++) {
                for (int l = Math.max(m, k == 0 ? 0 : 2); l <= lmax; l++) {
                    teb[k].set(l, m, rnd.nextGaussian(), m == 0 ? 0 : rnd.nextGaussian());
                }
            }
        }
        double[][] tqu = Sht.alm2map(teb[0], teb[1], teb[2], nside);
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("alm2map_spin0", best(repeats, () -> Sht.alm2map(teb[0], nside)));
        t.put("alm2map_tqu", best(repeats, () -> Sht.alm2map(teb[0], teb[1], teb[2], nside)));
        t.put("map2alm_spin0_iter0", best(repeats, () -> Sht.map2alm(tqu[0], lmax, lmax, 0)));
        t.put("map2alm_tqu_iter0", best(repeats, () -> Sht.map2alm(tqu[0], tqu[1], tqu[2], lmax, lmax, 0)));
        t.put("map2alm_tqu_iter3", best(Math.max(2, repeats / 3), () -> Sht.map2alm(tqu[0], tqu[1], tqu[2], lmax, lmax, 3)));
        return t;
    }

    private static double best(int repeats, Supplier<Object> work) {
        double sink = 0;
        // JIT warm-up: at least 3 calls and 2 s of CPU time, so that small cases also reach their compiled steady
        // state (healpy's compiled code needs none; fewer calls left nside 64 timings at partly compiled code)
        long warmUntil = THREADS.getCurrentThreadCpuTime() + WARM_UP_NANOS;
        for (int i = 0; i < 3 || THREADS.getCurrentThreadCpuTime() < warmUntil; i++) {
            sink += work.get().hashCode();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            sink += work.get().hashCode();
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - t0) * 1e-9);
        }
        if (sink == 0.5) { // keeps the results alive
            System.out.print("");
        }
        return best;
    }

    /** healpy's timings by case name, empty when python or the script is not found. */
    private static Map<String, Double> healpyTimings(int nside, int lmax, int repeats) throws IOException, InterruptedException {
        Map<String, Double> t = new LinkedHashMap<>();
        Path script = findScript();
        if (script == null || !Files.isExecutable(Path.of(PYTHON))) {
            System.out.println("healpy comparison skipped: need " + PYTHON + " and tools/sht_bench_healpy.py");
            return t;
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(nside),
                Integer.toString(lmax), Integer.toString(repeats)).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].contains("2")) {
                    try {
                        t.put(parts[0], Double.parseDouble(parts[1]));
                        continue;
                    } catch (NumberFormatException ignored) {
                        // not a timing line: echo it below
                    }
                }
                System.out.println("healpy: " + line);
            }
        }
        p.waitFor();
        return t;
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools/sht_bench_healpy.py");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
