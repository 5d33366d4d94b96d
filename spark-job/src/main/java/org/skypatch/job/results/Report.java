package org.skypatch.job.results;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skypatch.job.fit.ZoneClusters;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.Metric;
import org.skypatch.job.study.Study;
import org.skypatch.plot.MollweidePlot;
import org.skypatch.sphere.Nside;

/**
 * The report pictures of a results folder: Mollweide maps of the zones, the chosen clusters, the fitted parameters
 * beside the truth ({@link SkyPictures}) and the residuals, residual BB spectra against lensing and an r = 0.001
 * tensor spectrum titled with their configurations, the r likelihood curves with the input r, and a heat map of the
 * ranking metric, in its unit, over the grid per zone. PNGs go to {@code <output>/pictures} for a local
 * output, else to {@code ./skypatch-pictures}.
 */
public final class Report {
    private Report() {
    }

    /** Writes the pictures; returns their file names. */
    public static List<String> write(SparkSession spark, Study study, ResultLayout layout) {
        return write(spark, layout, study.metric(), study.clusteringSeed());
    }

    public static List<String> write(SparkSession spark, ResultLayout layout, Metric metric, long clusteringSeed) {
        Path dir = localPictures(layout);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        StudyTables.register(spark, layout);
        List<String> written = new ArrayList<>();
        Map<String, int[]> zones = new LinkedHashMap<>();
        int nside = 0;
        for (Row r : spark.sql("SELECT zone, nside, pixels FROM zones ORDER BY zone").collectAsList()) {
            zones.put(r.getString(0), r.<Integer>getList(2).stream().mapToInt(Integer::intValue).toArray());
            nside = r.getInt(1);
        }
        int npix = (int) Nside.npix(nside);
        Map<String, Configuration> best = new LinkedHashMap<>();
        for (Row r : spark.sql("SELECT zone, method, beta_d, temp_d, beta_s FROM best ORDER BY zone").collectAsList()) {
            best.put(r.getString(0), new Configuration(Configuration.Method.fromLabel(r.getString(1)), r.getInt(2),
                    r.getInt(3), r.getInt(4)));
        }
        written.addAll(new SkyPictures(spark, dir, zones, best, nside, clusteringSeed).write());
        written.addAll(residualMaps(spark, dir, zones, best, npix));
        if (HadoopFiles.exists(spark, layout.table("spectra"))) {
            written.addAll(spectra(spark, dir));
            written.add(likelihood(spark, dir, HadoopFiles.exists(spark, layout.table("r_realizations"))));
        }
        written.addAll(heatMaps(spark, dir, metric));
        if (HadoopFiles.exists(spark, layout.table("r_beta_d"))) {
            written.add(rByBetaDust(spark, dir));
        }
        written.add(metricDistributions(spark, dir, metric,
                selections(spark, best, HadoopFiles.exists(spark, layout.table("r_estimates")))));
        return written;
    }

    /** Pictures folder on this machine: the output's own for a local output. */
    static Path localPictures(ResultLayout layout) {
        URI uri = URI.create(layout.pictures().replace(" ", "%20"));
        if (uri.getScheme() == null) {
            return Path.of(layout.pictures());
        }
        if ("file".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        return Path.of("skypatch-pictures");
    }

    private static List<String> residualMaps(SparkSession spark, Path dir, Map<String, int[]> zones,
                                             Map<String, Configuration> best, int npix) {
        double[] sysQ = unseen(npix);
        double[] stdQ = unseen(npix);
        double[] meanQ = unseen(npix);
        for (Map.Entry<String, Configuration> e : best.entrySet()) {
            int[] pixels = zones.get(e.getKey());
            Row sys = spark.sql("SELECT sys_q FROM units WHERE sys_q IS NOT NULL AND zone = '" + e.getKey()
                    + "' AND config_id = '" + e.getValue().id() + "'").first();
            List<Double> q = sys.getList(0);
            Row sums = spark.sql("SELECT SUM(size(realizations)) AS n, aggregate(collect_list(res_sum_q), "
                    + "array_repeat(0D, " + pixels.length + "), (acc, x) -> zip_with(acc, x, (a, b) -> a + b)) AS s, "
                    + "aggregate(collect_list(res_sumsq_q), array_repeat(0D, " + pixels.length + "), "
                    + "(acc, x) -> zip_with(acc, x, (a, b) -> a + b)) AS ss FROM units WHERE zone = '" + e.getKey()
                    + "' AND config_id = '" + e.getValue().id() + "'").first();
            long n = sums.getLong(0);
            List<Double> s = sums.getList(1);
            List<Double> ss = sums.getList(2);
            for (int i = 0; i < pixels.length; i++) {
                sysQ[pixels[i]] = q.get(i);
                meanQ[pixels[i]] = s.get(i) / n;
                stdQ[pixels[i]] = n > 1 ? Math.sqrt(Math.max(0, (ss.get(i) - s.get(i) * s.get(i) / n) / (n - 1))) : 0;
            }
        }
        MollweidePlot.write(dir.resolve("residual_systematic_q.png"), sysQ, "systematic residual Q (chosen)", "uK_CMB");
        MollweidePlot.write(dir.resolve("residual_mean_q.png"), meanQ, "mean total residual Q (chosen)", "uK_CMB");
        MollweidePlot.write(dir.resolve("residual_noise_std_q.png"), stdQ, "std of reconstructed CMB Q across noise", "uK_CMB");
        return List.of("residual_systematic_q.png", "residual_mean_q.png", "residual_noise_std_q.png");
    }

    private static List<String> spectra(SparkSession spark, Path dir) {
        List<String> out = new ArrayList<>();
        for (Row sel : spark.sql("SELECT DISTINCT selection FROM spectra ORDER BY selection").collectAsList()) {
            String name = sel.getString(0);
            List<Row> rows = spark.sql("SELECT ell, cl_total, cl_systematic, cl_statistical, cl_lensing, cl_tensor_r1 "
                    + "FROM spectra WHERE selection = '" + name + "' ORDER BY ell").collectAsList();
            double[] ell = column(rows, 0);
            double[] tensor = column(rows, 5);
            for (int i = 0; i < tensor.length; i++) {
                tensor[i] *= 1e-3;
            }
            String file = "spectra_" + name + ".png";
            String configurations = spark.sql("SELECT configurations FROM r_estimates WHERE selection = '" + name + "'")
                    .first().getString(0);
            new Charts.Lines("residual BB: " + name + " (" + configurations.replace(",", ", ") + ")", "multipole l",
                    "C_l^BB [uK^2]", true, true)
                    .add("total residual", ell, positive(column(rows, 1)), false)
                    .add("systematic residual", ell, positive(column(rows, 2)), false)
                    .add("statistical residual", ell, positive(column(rows, 3)), false)
                    .add("lensing", ell, positive(column(rows, 4)), true)
                    .add("tensor r = 0.001", ell, positive(tensor), true)
                    .write(dir.resolve(file));
            out.add(file);
        }
        return out;
    }

    /** The r of the input sky, from r_estimates (folders written before it was recorded had r = 0 skies only). */
    private static double inputR(SparkSession spark) {
        return Arrays.asList(spark.table("r_estimates").columns()).contains("input_r")
                ? spark.sql("SELECT FIRST(input_r) FROM r_estimates").first().getDouble(0) : 0;
    }

    /**
     * The r likelihood of each selection, with its noise realizations' own r-hat as ticks on the r axis and the
     * sky's input r marked.
     */
    private static String likelihood(SparkSession spark, Path dir, boolean perRealization) {
        Charts.Lines plot = new Charts.Lines("r likelihood (ticks: r-hat of each noise realization)", "r", "L(r) / L(r-hat)",
                false, false);
        double inputR = inputR(spark);
        plot.marker(inputR, String.format(Locale.ROOT, "input r = %.3g", inputR));
        for (Row sel : spark.sql("SELECT DISTINCT selection FROM likelihood ORDER BY selection").collectAsList()) {
            // only where L exceeds 1e-4 of its peak, so the axis spans the curves rather than the whole r grid
            List<Row> rows = spark.sql("SELECT r, likelihood FROM likelihood WHERE selection = '" + sel.getString(0)
                    + "' AND likelihood > 1e-4 ORDER BY r").collectAsList();
            plot.add(sel.getString(0), column(rows, 0), column(rows, 1), false);
            if (perRealization) {
                plot.rug(column(spark.sql("SELECT r_hat FROM r_realizations WHERE selection = '" + sel.getString(0) + "'")
                        .collectAsList(), 0));
            }
        }
        plot.write(dir.resolve("r_likelihood.png"));
        return "r_likelihood.png";
    }

    /**
     * The selections to compare: "chosen" (the best configuration of each zone) and, when r was estimated, every
     * baseline of {@code r_estimates} (multi-resolution, single patch), each zone -> configuration id; not
     * "per_realization", whose configuration changes with the realization.
     */
    static Map<String, Map<String, String>> selections(SparkSession spark, Map<String, Configuration> best,
                                                       boolean estimated) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> chosen = new LinkedHashMap<>();
        best.forEach((zone, c) -> chosen.put(zone, c.id()));
        out.put("chosen", chosen);
        if (estimated) {
            for (Row r : spark.sql("SELECT selection, configurations FROM r_estimates "
                    + "WHERE selection NOT IN ('chosen', 'per_realization') ORDER BY selection").collectAsList()) {
                Map<String, String> zones = new LinkedHashMap<>();
                for (String pair : r.getString(1).split(",")) {
                    String[] zc = pair.split("=", 2);
                    zones.put(zc[0], zc[1]);
                }
                out.put(r.getString(0), zones);
            }
        }
        return out;
    }

    /** The units column holding a metric's per-realization values: sigma2_cmb has none, spatial_variance stands in. */
    static String perRealizationColumn(Metric metric) {
        return metric.perRealizationColumn() != null ? metric.perRealizationColumn()
                : Metric.SPATIAL_VARIANCE.perRealizationColumn();
    }

    /**
     * The paper's figure 11: per selection, the distribution over noise realizations of the ranking metric, each
     * realization's value combined over the selection's zones (the NLL summed, the others averaged with pixel
     * weights, as the metric of the union of the zones would be).
     */
    static String metricDistributions(SparkSession spark, Path dir, Metric metric,
                                      Map<String, Map<String, String>> selections) {
        String column = perRealizationColumn(metric);
        boolean sum = metric == Metric.MEAN_NLL;
        String where = selections.values().stream().flatMap(m -> m.entrySet().stream())
                .map(e -> "(zone = '" + e.getKey() + "' AND config_id = '" + e.getValue() + "')").distinct()
                .reduce((a, b) -> a + " OR " + b).orElse("FALSE");
        // zone|config -> realization -> value, and zone -> pixels
        Map<String, Map<Integer, Double>> values = new LinkedHashMap<>();
        Map<String, Integer> pixels = new LinkedHashMap<>();
        for (Row r : spark.sql("SELECT zone, config_id, size(res_sum_q), realizations, " + column + " FROM units WHERE "
                + where).collectAsList()) {
            pixels.put(r.getString(0), r.getInt(2));
            Map<Integer, Double> v = values.computeIfAbsent(r.getString(0) + "|" + r.getString(1), k -> new TreeMap<>());
            List<Integer> realizations = r.getList(3);
            List<Double> x = r.getList(4);
            for (int i = 0; i < realizations.size(); i++) {
                v.put(realizations.get(i), x.get(i));
            }
        }
        List<String> names = new ArrayList<>();
        List<double[]> samples = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> sel : selections.entrySet()) {
            Map<Integer, double[]> perRealization = new TreeMap<>();
            for (Map.Entry<String, String> zc : sel.getValue().entrySet()) {
                Map<Integer, Double> v = values.get(zc.getKey() + "|" + zc.getValue());
                if (v == null) {
                    throw new IllegalStateException("the units table lacks " + zc.getKey() + " " + zc.getValue());
                }
                double w = sum ? 1 : pixels.get(zc.getKey());
                v.forEach((realization, x) -> {
                    double[] acc = perRealization.computeIfAbsent(realization, k -> new double[3]);
                    acc[0] += w * x;
                    acc[1] += w;
                    acc[2]++;
                });
            }
            int zones = sel.getValue().size();
            double[] sample = perRealization.values().stream().filter(a -> a[2] == zones)
                    .mapToDouble(a -> sum ? a[0] : a[0] / a[1]).toArray();
            Map<String, Long> methods = sel.getValue().values().stream().collect(Collectors.groupingBy(
                    id -> id.replaceAll("_.*", ""), LinkedHashMap::new, Collectors.counting()));
            names.add(String.format(Locale.ROOT, "%s (%s; mean %.4g)", sel.getKey(), methods.keySet().stream()
                    .collect(Collectors.joining("+")), Arrays.stream(sample).average().orElse(Double.NaN)));
            samples.add(sample);
        }
        int n = samples.stream().mapToInt(a -> a.length).max().orElse(1);
        int bins = Math.max(10, Math.min(60, 4 * (int) Math.ceil(Math.sqrt(n))));
        String title = column + " over noise realizations, per selection (dashed: means)"
                + (metric == Metric.SIGMA2_CMB ? "; the ranking metric sigma2_cmb is a variance across realizations, "
                + "with no value per realization: its spatial_variance shown instead" : "");
        String file = "metric_distributions.png";
        Charts.write(Charts.histograms(title, column + " [" + metric.unit() + "], " + (sum ? "summed over" :
                "pixel-weighted mean over") + " the selection's zones", names, samples, bins),
                dir.resolve(file), Charts.WIDTH, Charts.HEIGHT);
        return file;
    }

    /**
     * The paper's figure 13: r-hat with its 68% bounds against the beta_d clusters summed over the zones, for the
     * best K-means configuration of each beta_d count of the grid and for the baselines (table {@code r_beta_d}).
     */
    static String rByBetaDust(SparkSession spark, Path dir) {
        Map<String, List<Row>> byMethod = new LinkedHashMap<>();
        String metric = "";
        for (Row r : spark.sql("SELECT method, selection, beta_d, clusters_beta_d, r_hat, sigma_minus, sigma_plus, metric "
                + "FROM r_beta_d ORDER BY method = 'kmeans' DESC, method, clusters_beta_d").collectAsList()) {
            String key = r.getString(0).equals("kmeans") ? "K-means (best of each K beta_d per zone)"
                    : r.getString(1) + " (" + r.getString(0) + ")";
            byMethod.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            metric = r.getString(7);
        }
        List<Charts.Points> series = new ArrayList<>();
        byMethod.forEach((name, rows) -> series.add(new Charts.Points(name, column(rows, 3), column(rows, 4),
                column(rows, 5), column(rows, 6))));
        double inputR = inputR(spark);
        String file = "r_by_beta_d.png";
        Charts.write(Charts.errorBars("r-hat (68% bounds) against the number of beta_d clusters (ranked by " + metric
                + ")", "beta_d clusters, summed over the zones", true, "r-hat", series, inputR,
                String.format(Locale.ROOT, "input r = %.3g", inputR)), dir.resolve(file), Charts.WIDTH, Charts.HEIGHT);
        return file;
    }

    /** Per zone, the metric of the K-means configurations: rows beta_d count, columns (T_d, beta_s) counts. */
    private static List<String> heatMaps(SparkSession spark, Path dir, Metric metric) {
        List<String> out = new ArrayList<>();
        for (Row z : spark.sql("SELECT DISTINCT zone FROM rankings ORDER BY zone").collectAsList()) {
            String zone = z.getString(0);
            List<Row> rows = spark.sql("SELECT beta_d, temp_d, beta_s, " + metric.column() + " FROM rankings WHERE zone = '"
                    + zone + "' AND method = 'kmeans'").collectAsList();
            if (rows.isEmpty()) {
                continue;
            }
            TreeSet<Integer> bd = new TreeSet<>();
            TreeSet<String> tdbs = new TreeSet<>();
            for (Row r : rows) {
                bd.add(r.getInt(0));
                tdbs.add(String.format("%03d/%03d", r.getInt(1), r.getInt(2)));
            }
            List<Integer> bdList = new ArrayList<>(bd);
            List<String> colList = new ArrayList<>(tdbs);
            double[][] v = new double[bdList.size()][colList.size()];
            for (double[] row : v) {
                Arrays.fill(row, Double.NaN);
            }
            for (Row r : rows) {
                int i = bdList.indexOf(r.getInt(0));
                int j = colList.indexOf(String.format("%03d/%03d", r.getInt(1), r.getInt(2)));
                v[i][j] = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
            }
            String[] rowNames = bdList.stream().map(String::valueOf).toArray(String[]::new);
            String[] colNames = colList.stream().map(c -> Integer.parseInt(c.substring(0, 3)) + "/"
                    + Integer.parseInt(c.substring(4))).toArray(String[]::new);
            String file = "heatmap_" + zone + ".png";
            Charts.write(Charts.heatMap(metric.column() + " in " + zone + " over the K-means grid (lower is better; "
                    + "red: the lowest)", "K beta_d", rowNames, "K T_d / K beta_s", colNames, v,
                    metric.column() + " [" + metric.unit() + "]"), dir.resolve(file),
                    Math.max(700, 160 + 62 * colNames.length), Math.max(450, 190 + 48 * rowNames.length));
            out.add(file);
        }
        return out;
    }

    private static double[] column(List<Row> rows, int c) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = rows.get(i).get(c);
            out[i] = ((Number) o).doubleValue();
        }
        return out;
    }

    /** The values, with those at or below 0 as NaN: gaps on a log axis. */
    private static double[] positive(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] > 0 ? out[i] : Double.NaN;
        }
        return out;
    }

    private static double[] unseen(int npix) {
        double[] m = new double[npix];
        Arrays.fill(m, MollweidePlot.UNSEEN);
        return m;
    }
}
