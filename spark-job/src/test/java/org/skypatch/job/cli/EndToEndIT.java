package org.skypatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skypatch.job.cli.Captured.stderr;
import static org.skypatch.job.cli.Captured.stdout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.gpu.GpuDevice;
import org.skypatch.job.estimate.TensorEstimation;
import org.skypatch.job.results.UnitsTable;
import org.skypatch.plot.MollweidePlot;

/** The command line on the tiny study, end to end: run, then every table, notebook paragraph and command. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
    @TempDir
    static Path dir;
    private SparkSession spark;
    private String out;

    @BeforeAll
    void runTheTinyStudy() throws IOException {
        spark = SparkSessions.forTests();
        Path yaml = dir.resolve("tiny.yaml");
        try (InputStream in = getClass().getResourceAsStream("/studies/tiny.yaml")) {
            Files.write(yaml, in.readAllBytes());
        }
        out = dir.resolve("results").toString();
        assertEquals(0, SkypatchCli.execute("run", yaml.toString(), "--output", out));
    }

    @Test
    void unitsSchemaIsPinned() {
        // the on-disk contract of notebooks and users' SQL: names and types in order (zone last, the partition)
        String expected = "unit_id:string,config_id:string,method:string,beta_d:int,temp_d:int,beta_s:int,"
                + "clusters_beta_d:int,clusters_temp_d:int,clusters_beta_s:int,batch:int,realizations:array<int>,"
                + "nll:array<double>,iterations:array<int>,evaluations:array<int>,gradient_norm:array<double>,"
                + "converged:array<boolean>,fit_beta_d:array<array<double>>,fit_temp_d:array<array<double>>,"
                + "fit_beta_s:array<array<double>>,spatial_variance:array<double>,cl_bb_sum:array<double>,"
                + "cl_bb_observed:array<double>,res_sum_q:array<double>,res_sum_u:array<double>,res_sumsq_q:array<double>,"
                + "res_sumsq_u:array<double>,sys_q:array<double>,sys_u:array<double>,sys_cl_bb_sum:double,cluster_seconds:double,"
                + "fit_seconds:double,systematic_seconds:double,backend:string,executor:string,zone:string";
        assertEquals(expected, simple(UnitsTable.SCHEMA));
        assertEquals(expected, simple(spark.read().parquet(out + "/units").schema()));
        assertEquals("selection:string,r:double,minus_two_ln_l:double,likelihood:double",
                simple(spark.read().parquet(out + "/likelihood").schema()));
        assertEquals(simple(TensorEstimation.ESTIMATES), simple(spark.read().parquet(out + "/r_estimates").schema()));
        assertEquals("zone:string,config_id:string,method:string,beta_d:int,temp_d:int,beta_s:int,clusters_beta_d:int,"
                + "clusters_temp_d:int,clusters_beta_s:int,realizations:int,sigma2_cmb:double,spatial_variance:double,"
                + "cl_bb_sum:double,cl_bb_observed:double,mean_nll:double,mean_residual_power:double,"
                + "systematic_bb_sum:double,systematic_over_lensing:double,converged_fraction:double,"
                + "mean_iterations:double,task_seconds:double,rank:int",
                simple(spark.read().parquet(out + "/rankings").schema()));
        // the rankings say which metrics need the true CMB
        StructType rankings = spark.read().parquet(out + "/rankings").schema();
        assertEquals("needs the true CMB (simulations only); lower is better",
                rankings.apply("cl_bb_sum").getComment().get());
        assertEquals("no truth needed; lower is better", rankings.apply("spatial_variance").getComment().get());
        assertEquals("zone:string,config_id:string,method:string,beta_d:int,temp_d:int,beta_s:int,clusters_beta_d:int,"
                + "clusters_temp_d:int,clusters_beta_s:int,sigma2_cmb:double,spatial_variance:double,"
                + "cl_bb_observed:double,cl_bb_sum:double,mean_nll:double,systematic_over_lensing:double,rank:int,"
                + "rule:string,rule_met:boolean,runner_up:string", simple(spark.read().parquet(out + "/best").schema()));
    }

    private static String simple(StructType t) {
        return Stream.of(t.fields()).map(f -> f.name() + ":" + f.dataType().simpleString()).collect(Collectors.joining(","));
    }

    @Test
    void everyTableAndSideFileIsWritten() throws IOException {
        assertEquals(2 * 5 * 2, spark.read().parquet(out + "/units").count());
        assertEquals(2 * 5, spark.read().parquet(out + "/rankings").count());
        // chosen + single-patch baseline
        List<Row> r = spark.read().parquet(out + "/r_estimates").orderBy("selection").collectAsList();
        assertEquals(List.of("chosen", "single"), r.stream().map(x -> x.getString(0)).toList());
        // per realization: 2 selections x 2 realizations, summarised in r_estimates
        List<Row> each = spark.read().parquet(out + "/r_realizations").orderBy("selection", "realization").collectAsList();
        assertEquals(4, each.size());
        for (Row selection : r) {
            double[] rHats = each.stream().filter(x -> x.getString(0).equals(selection.getString(0)))
                    .mapToDouble(x -> x.getDouble(2)).toArray();
            assertEquals(2, rHats.length);
            assertEquals((rHats[0] + rHats[1]) / 2, selection.<Double>getAs("r_hat_realization_mean"), 1e-15);
            assertEquals(Math.abs(rHats[0] - rHats[1]) / Math.sqrt(2), selection.<Double>getAs("r_hat_realization_std"),
                    1e-15);
        }
        // l = 2..2 nside + 1 at nside 16
        assertEquals(2 * (2 * 16), spark.read().parquet(out + "/spectra").count());
        JsonNode study = new ObjectMapper().readTree(Path.of(out, "_study.json").toFile());
        assertEquals("tiny", study.get("name").asText());
        JsonNode summary = new ObjectMapper().readTree(Path.of(out, "summary.json").toFile());
        assertEquals(2, summary.get("r_estimates").size());
        assertTrue(summary.get("r_estimates").get(0).has("r_hat_realization_std"), summary.toString());
        try (Stream<Path> pngs = Files.list(Path.of(out, "pictures"))) {
            List<String> names = pngs.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.containsAll(List.of("zones.png", "clusters_beta_d.png", "params_T_d.png", "r_likelihood.png",
                    "spectra_chosen.png", "heatmap_GAL020_U.png", "residual_systematic_q.png")), names.toString());
        }
        // a simulated sky's fitted parameters are drawn beside the truth, which the zones table holds per pixel
        assertEquals(1600, ImageIO.read(Path.of(out, "pictures", "params_beta_s.png").toFile()).getWidth());
        for (Row z : spark.read().parquet(out + "/zones").collectAsList()) {
            assertEquals(z.<Integer>getAs("pixel_count"), z.getList(z.fieldIndex("true_temp_d")).size());
        }
        // the zones in categorical colours, one each (the legend's boxes at least), not a colour bar's ramp
        BufferedImage zones = ImageIO.read(Path.of(out, "pictures", "zones.png").toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < zones.getHeight(); y++) {
            for (int x = 0; x < zones.getWidth(); x++) {
                colours.add(zones.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertTrue(colours.contains(MollweidePlot.categoryColour(0)) && colours.contains(MollweidePlot.categoryColour(1)),
                "the two zones' colours");
        assertFalse(colours.contains(MollweidePlot.categoryColour(2)), "no third category");
    }

    @Test
    void everyNotebookSqlParagraphRuns() throws IOException {
        // $${name=default} is a form of the whole note, ${name=default} one of its paragraph
        Pattern form = Pattern.compile("\\$\\$?\\{([A-Za-z_]+)=([^}]*)}");
        List<String> ran = new ArrayList<>();
        try (Stream<Path> notes = Files.list(Path.of("..", "notebooks"))) {
            for (Path note : notes.filter(p -> p.toString().endsWith(".zpln")).toList()) {
                // Zeppelin takes a note file as <name>_<note id>.zpln
                JsonNode json = new ObjectMapper().readTree(note.toFile());
                assertEquals(json.get("name").asText() + "_" + json.get("id").asText() + ".zpln", note.getFileName().toString());
                for (JsonNode p : json.get("paragraphs")) {
                    String text = p.get("text").asText();
                    if (!text.startsWith("%spark.sql")) {
                        continue;
                    }
                    Matcher m = form.matcher(text.substring("%spark.sql".length()));
                    StringBuilder sql = new StringBuilder();
                    while (m.find()) {
                        String value = m.group(1).equals("results") ? out : m.group(2);
                        m.appendReplacement(sql, Matcher.quoteReplacement(value));
                    }
                    m.appendTail(sql);
                    List<Row> rows = spark.sql(sql.toString()).collectAsList();
                    assertFalse(rows.isEmpty(), note.getFileName() + " / " + p.get("title").asText() + " returned no rows");
                    ran.add(p.get("title").asText());
                }
            }
        }
        assertTrue(ran.size() >= 6, "notebook SQL paragraphs run: " + ran);
    }

    @Test
    void sqlRankAndReportCommandsWork() {
        String printed = stdout(() -> assertEquals(0, SkypatchCli.execute("sql", out,
                "SELECT zone, config_id FROM best ORDER BY zone")));
        assertTrue(printed.contains("GAL020_U") && printed.contains("GAL040"), printed);
        String bySigma2 = chosenConfigurations();
        assertEquals(bySigma2, bestConfigurations());
        List<Row> estimatesBefore = spark.read().parquet(out + "/r_estimates").orderBy("selection").collectAsList();

        assertEquals(0, SkypatchCli.execute("rank", out, "--metric", "mean_nll", "--top", "2", "--no-r"));
        assertEquals(1, spark.read().parquet(out + "/rankings").where("rank = 1 AND zone = 'GAL040'").count());
        String byNll = bestConfigurations();
        assertNotEquals(bySigma2, byNll, "the tiny study's two metrics choose differently");
        assertEquals(bySigma2, chosenConfigurations(), "--no-r keeps the r estimates");

        // without --no-r, r follows the new choice, and back
        assertEquals(0, SkypatchCli.execute("rank", out, "--metric", "mean_nll"));
        assertEquals(byNll, chosenConfigurations());
        assertEquals("mean_nll", spark.read().parquet(out + "/r_estimates").where("selection = 'chosen'")
                .first().getAs("metric"));
        assertEquals(0, SkypatchCli.execute("rank", out, "--metric", "sigma2_cmb"));
        assertEquals(bySigma2, chosenConfigurations());
        // the study rebuilt from _study.json refits to the very numbers of the run
        assertEquals(estimatesBefore, spark.read().parquet(out + "/r_estimates").orderBy("selection").collectAsList());
        assertEquals(0, SkypatchCli.execute("report", out));

        // the section 6 rule: among the 3 best by sigma2_cmb, the lowest systematic residual, and the runner-up
        assertEquals(0, SkypatchCli.execute("rank", out, "--metric", "sigma2_cmb", "--top-n", "3", "--no-r"));
        for (Row best : spark.read().parquet(out + "/best").collectAsList()) {
            List<Row> top = spark.read().parquet(out + "/rankings").where("zone = '" + best.getAs("zone")
                    + "' AND rank <= 3").orderBy("systematic_over_lensing").collectAsList();
            assertEquals(top.get(0).<String>getAs("config_id"), best.getAs("config_id"));
            assertEquals(top.get(1).<String>getAs("config_id"), best.getAs("runner_up"));
            assertEquals("lowest systematic_over_lensing among the 3 best by sigma2_cmb", best.getAs("rule"));
            assertTrue(best.<Boolean>getAs("rule_met"));
        }
    }

    private String bestConfigurations() {
        return spark.read().parquet(out + "/best").orderBy("zone").collectAsList().stream()
                .map(r -> r.getAs("zone") + "=" + r.getAs("config_id")).collect(Collectors.joining(","));
    }

    private String chosenConfigurations() {
        return spark.read().parquet(out + "/r_estimates").where("selection = 'chosen'").first().getAs("configurations");
    }

    /**
     * The paper's figures 11 and 13 from report, on a copy of the folder (the other tests see its tables): the metric
     * over noise realizations of each selection, and r against the beta_d count, whose K-means points are the
     * best-ranked configuration of each count in every zone.
     */
    @Test
    void reportDrawsTheMetricDistributionsAndRByBetaDust() throws IOException {
        Path copy = dir.resolve("copy-for-figures");
        try (Stream<Path> files = Files.walk(Path.of(out))) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(Path.of(out).relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Files.deleteIfExists(copy.resolve("pictures/metric_distributions.png"));
        String printed = stdout(() -> assertEquals(0, SkypatchCli.execute("report", copy.toString(), "--r-by-beta-d")));
        assertTrue(printed.contains("r_by_beta_d.png") && printed.contains("metric_distributions.png"), printed);
        for (String png : List.of("r_by_beta_d.png", "metric_distributions.png")) {
            BufferedImage img = ImageIO.read(copy.resolve("pictures").resolve(png).toFile());
            assertEquals(1000, img.getWidth(), png);
            assertEquals(650, img.getHeight(), png);
            // two selections (chosen and single), in the first two colours of the palette
            assertTrue(count(img, 0x1f77b4) > 50 && count(img, 0xd62728) > 50, png + ": "
                    + count(img, 0x1f77b4) + " / " + count(img, 0xd62728));
        }
        String c = copy.toString();
        List<Row> scan = spark.read().parquet(c + "/r_beta_d").orderBy("method", "beta_d").collectAsList();
        assertEquals(List.of("kmeans_1", "kmeans_3", "single"), scan.stream().map(r -> r.<String>getAs("selection")).toList());
        List<Row> rankings = spark.read().parquet(c + "/rankings").where("method = 'kmeans'").collectAsList();
        for (Row point : scan.subList(0, 2)) {
            int k = point.getAs("beta_d");
            for (String pair : point.<String>getAs("configurations").split(",")) {
                String zone = pair.split("=")[0];
                Row best = rankings.stream().filter(r -> r.getAs("zone").equals(zone) && r.<Integer>getAs("beta_d") == k)
                        .min(java.util.Comparator.comparingInt(r -> r.<Integer>getAs("rank"))).orElseThrow();
                assertEquals(zone + "=" + best.getAs("config_id"), pair);
            }
            assertTrue(point.<Double>getAs("sigma_minus") > 0 && point.<Double>getAs("sigma_plus") > 0, point.toString());
        }
        Row single = spark.read().parquet(c + "/r_estimates").where("selection = 'single'").first();
        assertEquals(single.<Double>getAs("r_hat"), scan.get(2).<Double>getAs("r_hat"));
        assertEquals(2, scan.get(2).<Integer>getAs("clusters_beta_d"), "one patch in each of the two zones");
        // a K-means point that is the chosen set is the chosen r-hat: the same refits
        Row chosen = spark.read().parquet(c + "/r_estimates").where("selection = 'chosen'").first();
        for (Row point : scan.subList(0, 2)) {
            if (point.getAs("configurations").equals(chosen.getAs("configurations"))) {
                assertEquals(chosen.<Double>getAs("r_hat"), point.<Double>getAs("r_hat"), 1e-12);
            }
        }
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void rerunThroughTheCommandLineComputesNothing() throws IOException {
        String printed = stdout(() -> assertEquals(0, SkypatchCli.execute("run", dir.resolve("tiny.yaml").toString(),
                "--output", out, "--no-report")));
        assertTrue(printed.contains("(0 computed now, 20 already done)"), printed);
    }

    @Test
    void badStudiesAndBackendsFailInOneLine() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(dir.resolve("tiny.yaml")).replace("realizations: 2", "realizations: 0"));
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("run", bad.toString())));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains("study key 'realizations'"), err);
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");
        err = stderr(() -> assertEquals(2, SkypatchCli.execute("run", dir.resolve("tiny.yaml").toString(), "--output",
                notAFolder.resolve("results").toString())));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("skypatch: cannot write the results folder " + notAFolder.resolve("results")), err);
    }

    @Test
    void backendGpuRunsOnAGpuAndIsAOneLineErrorWithout() throws IOException {
        Path gpu = dir.resolve("gpu.yaml");
        Files.writeString(gpu, Files.readString(dir.resolve("tiny.yaml")).replace("output: unused", "output: unused\nbackend: gpu"));
        String gpuOut = dir.resolve("gpu-results").toString();
        if (GpuDevice.probe().available()) {
            assertEquals(0, SkypatchCli.execute("run", gpu.toString(), "--output", gpuOut, "--no-report"));
            assertEquals(List.of("gpu " + GpuDevice.probe().name()), spark.read().parquet(gpuOut + "/units")
                    .select("backend").distinct().collectAsList().stream().map(r -> r.getString(0)).toList());
            return;
        }
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("run", gpu.toString(), "--output", gpuOut)));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("skypatch: study key 'backend': backend gpu: CUDA device 0 is not usable ("), err);
    }

    @Test
    void sqlErrorsAreOneLineNamingTheProblem() {
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("sql", out, "SELEC zone FROM units")));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("skypatch: the query failed: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'"), err);
        err = stderr(() -> assertEquals(2, SkypatchCli.execute("sql", out, "SELECT l, cl_total FROM spectra")));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("skypatch: the query failed: [UNRESOLVED_COLUMN.WITH_SUGGESTION]") && err.contains("`ell`")
                && err.strip().endsWith("(tables: units, zones, rankings, best, spectra, likelihood, r_estimates, "
                + "r_realizations)"), err);
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("run", "rank", "report", "sql")) {
            String printed = stdout(() -> assertEquals(0, SkypatchCli.execute(c, "--help")));
            assertTrue(printed.startsWith("Usage: skypatch " + c), printed);
        }
    }
}
