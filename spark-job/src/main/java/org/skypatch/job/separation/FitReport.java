package org.skypatch.job.separation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.skypatch.fits.HealpixFits;
import org.skypatch.job.error.UserException;
import org.skypatch.fits.HealpixMap;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitResult;
import org.skypatch.likelihood.ParameterErrors;
import org.skypatch.likelihood.Subproblems;
import org.skypatch.plot.MollweidePlot;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.Ordering;

/**
 * What {@code skypatch fit} writes into its output folder, all at once: the files are written into a
 * staging folder first and moved in only when all are written, so a failure leaves earlier results as
 * they were. Maps are full-sky RING, healpy-readable, UNSEEN outside the fitted pixels:
 * <ul>
 * <li>{@code params.fits}: BETA_D, TEMP_D (K), BETA_S and their errors BETA_D_ERR, TEMP_D_ERR, BETA_S_ERR;</li>
 * <li>{@code clusters.fits}: each pixel's cluster id (the user's) for BETA_D, TEMP_D, BETA_S;</li>
 * <li>{@code cmb.fits}, {@code dust.fits}, {@code sync.fits}: Q, U of the component and SIGMA, the standard
 * deviation of each of Q and U (sqrt of the diagonal of (A^T N^-1 A)^-1); dust at its reference frequency,
 * synchrotron at its own;</li>
 * <li>{@code clusters.csv}: one row per cluster of each parameter, with the user's id, its pixels, the fitted
 * value and error, and its subproblem's convergence and counts;</li>
 * <li>{@code summary.json}: NLL, iterations, evaluations, seconds, and what was fitted;</li>
 * <li>{@code beta_d.png}, {@code temp_d.png}, {@code beta_s.png}: the parameter maps.</li>
 * </ul>
 */
public final class FitReport {
    private static final String[] MAP_NAMES = {"BETA_D", "TEMP_D", "BETA_S"};
    private static final String[] COMPONENTS = {"cmb", "dust", "sync"};

    private FitReport() {
    }

    /** Everything a report shows. */
    public record Contents(ObservedSky sky, ClusterMaps clusters, FitOptions options, FitResult fit,
                           ParameterErrors errors, double[][] componentNoise, Map<String, Object> inputs,
                           Map<String, Double> seconds) {
    }

    /** Writes the report into out (created; files of an earlier report replaced) and returns the files written. */
    public static java.util.List<Path> write(Path out, Contents c) {
        Path staging = null;
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, ".skypatch-fit-");
            writeAll(staging, c);
            Files.createDirectories(out);
            java.util.List<Path> written = new java.util.ArrayList<>();
            try (Stream<Path> files = Files.list(staging)) {
                for (Path f : files.sorted().toList()) {
                    Path target = out.resolve(f.getFileName());
                    Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    written.add(target);
                }
            }
            return written;
        } catch (IOException | UncheckedIOException e) {
            throw new UserException.BadOutput("cannot write the fit's results into " + out + " (" + e.getMessage()
                    + "): choose a writable folder", e);
        } finally {
            deleteQuietly(staging);
        }
    }

    private static void writeAll(Path dir, Contents c) throws IOException {
        ObservedSky sky = c.sky();
        FitResult fit = c.fit();
        double[][] perCluster = {fit.dustBeta(), fit.dustTemp(), fit.syncBeta()};
        ParameterErrors e = c.errors();
        double[][] errors = {e.dustBeta(), e.dustTemp(), e.syncBeta()};
        int[][] labels = c.clusters().labels();
        double[][] params = new double[6][];
        double[][] ids = new double[3][];
        for (int j = 0; j < 3; j++) {
            int jj = j;
            params[j] = fullSky(sky, i -> perCluster[jj][labels[jj][i]]);
            params[3 + j] = fullSky(sky, i -> errors[jj][labels[jj][i]]);
            ids[j] = fullSky(sky, i -> c.clusters().ids()[jj][labels[jj][i]]);
        }
        HealpixFits.write(dir.resolve("params.fits"), new HealpixMap(sky.nside(), Ordering.RING, "G",
                new String[] {"BETA_D", "TEMP_D", "BETA_S", "BETA_D_ERR", "TEMP_D_ERR", "BETA_S_ERR"},
                new String[] {"", "K", "", "", "K", ""}, params));
        HealpixFits.write(dir.resolve("clusters.fits"), HealpixMap.of(sky.nside(), Ordering.RING, "G", MAP_NAMES, ids));
        double[][][] amplitudes = {fit.cmb(), fit.dust(), fit.sync()};
        String unit = sky.units().toString();
        for (int k = 0; k < 3; k++) {
            int kk = k;
            double[][] cols = {fullSky(sky, i -> amplitudes[kk][0][i]), fullSky(sky, i -> amplitudes[kk][1][i]),
                fullSky(sky, i -> c.componentNoise()[kk][i])};
            HealpixFits.write(dir.resolve(COMPONENTS[k] + ".fits"), new HealpixMap(sky.nside(), Ordering.RING, "G",
                    new String[] {"Q", "U", "SIGMA"}, new String[] {unit, unit, unit}, cols));
        }
        writeTable(dir.resolve("clusters.csv"), c, perCluster, errors);
        writeSummary(dir.resolve("summary.json"), c);
        String[] titles = {"beta_d", "T_d", "beta_s"};
        String[] units = {"", "K", ""};
        for (int j = 0; j < 3; j++) {
            MollweidePlot.write(dir.resolve(ClusterMaps.PARAMETERS[j] + ".png"), params[j], "fitted " + titles[j], units[j]);
        }
    }

    private static double[] fullSky(ObservedSky sky, java.util.function.IntToDoubleFunction valueAt) {
        double[] map = new double[(int) Nside.npix(sky.nside())];
        Arrays.fill(map, Healpix.UNSEEN);
        for (int i = 0; i < sky.pixels().length; i++) {
            map[sky.pixels()[i]] = valueAt.applyAsDouble(i);
        }
        return map;
    }

    private static void writeTable(Path file, Contents c, double[][] values, double[][] errors) throws IOException {
        Subproblems sub = c.fit().subproblems();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("parameter,cluster_id,pixels,value,error,fixed,subproblem,converged,stop,iterations,evaluations,"
                    + "restarted,moved,hessian");
            for (int j = 0; j < 3; j++) {
                int[] pixels = new int[values[j].length];
                for (int label : c.clusters().labels()[j]) {
                    pixels[label]++;
                }
                for (int k = 0; k < values[j].length; k++) {
                    int s = c.fit().subproblemOf(j, k);
                    w.println(String.join(",", ClusterMaps.PARAMETERS[j], Long.toString(c.clusters().ids()[j][k]),
                            Integer.toString(pixels[k]), number(values[j][k]), number(errors[j][k]),
                            Boolean.toString(c.options().fixed(j)), Integer.toString(s),
                            Boolean.toString(sub.converged(s)), sub.stop()[s].name().toLowerCase(Locale.ROOT),
                            Integer.toString(sub.iterations()[s]), Integer.toString(sub.evaluations()[s]),
                            Boolean.toString(sub.restarted()[s]), Boolean.toString(sub.moved()[s]),
                            c.errors().hessian()[s]));
                }
            }
        }
    }

    private static void writeSummary(Path file, Contents c) throws IOException {
        FitResult fit = c.fit();
        Subproblems sub = fit.subproblems();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nll", fit.nll());
        m.put("converged", fit.converged());
        m.put("iterations", fit.iterations());
        m.put("evaluations", fit.evaluations());
        m.put("projected_gradient", fit.projectedGradientNorm());
        m.put("subproblems", sub.count());
        m.put("subproblems_converged", (int) java.util.stream.IntStream.range(0, sub.count()).filter(sub::converged).count());
        m.put("restarted", sub.restartedCount());
        m.put("moved", sub.movedCount());
        m.put("seconds", c.seconds());
        m.put("pixels", c.sky().pixels().length);
        m.put("nside", c.sky().nside());
        m.put("units", c.sky().units().toString());
        m.put("noise", c.sky().noise());
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("beta_d", fit.dustBeta().length);
        counts.put("temp_d", fit.dustTemp().length);
        counts.put("beta_s", fit.syncBeta().length);
        m.put("clusters", counts);
        m.put("clustering", c.clusters().description());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("start", c.options().start());
        o.put("lower", c.options().lower());
        o.put("upper", c.options().upper());
        o.put("restarts", c.options().restarts());
        o.put("nll_tolerance", c.options().nllTolerance());
        o.put("max_iterations", c.options().maxIterations());
        m.put("options", o);
        m.put("inputs", c.inputs());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), m);
    }

    private static String number(double v) {
        return Double.toString(v);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover staging folder is harmless: its name starts with a dot
        }
    }
}
