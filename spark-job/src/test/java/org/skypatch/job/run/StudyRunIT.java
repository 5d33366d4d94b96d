package org.skypatch.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.gpu.Backend;
import org.skypatch.job.TestSkies;
import org.skypatch.job.cli.SparkSessions;
import org.skypatch.job.error.UserException;
import org.skypatch.job.grid.GridSearch;
import org.skypatch.job.grid.Progress;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.results.StudyManifest;
import org.skypatch.job.results.UnitsTable;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudyRunIT {
    private static final String DETERMINISTIC_UNIT_COLUMNS = "unit_id, zone, config_id, batch, realizations, nll, "
            + "iterations, converged, fit_beta_d, fit_temp_d, fit_beta_s, spatial_variance, res_sum_q, res_sum_u, "
            + "res_sumsq_q, res_sumsq_u, sys_q, sys_u";

    @TempDir
    Path dir;
    private SparkSession spark;
    private Study study;
    private StudyRunner runner;
    private StudyRunner.PreparedSky sky;

    @BeforeAll
    void setUp() throws IOException {
        spark = SparkSessions.forTests();
        try (InputStream in = getClass().getResourceAsStream("/studies/tiny.yaml")) {
            study = StudyLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "tiny.yaml");
        }
        runner = new StudyRunner(spark, TestSkies.skyBuilder(), "test");
        sky = runner.prepare(study);
    }

    private List<Row> table(String root, String name, String columns, String order) {
        String[] keys = order.split(", ");
        return spark.read().parquet(root + "/" + name).selectExpr(columns.split(", "))
                .orderBy(keys[0], Arrays.copyOfRange(keys, 1, keys.length)).collectAsList();
    }

    @Test
    void rerunSkipsEveryUnitAndRepairsDeletedOnesToIdenticalTables() throws IOException {
        String out = dir.resolve("study").toString();
        Study s = study.withOutput(out);
        int units = 2 * 5 * 2;

        GridSearch.Outcome first = runner.grid(s, sky, Backend.CPU);
        assertEquals(units, first.totalUnits());
        assertEquals(units, first.computedUnits());
        List<Row> unitsBefore = table(out, "units", DETERMINISTIC_UNIT_COLUMNS, "unit_id");
        List<Row> rankingsBefore = table(out, "rankings", "zone, config_id, sigma2_cmb, spatial_variance, mean_nll, rank",
                "zone, config_id");
        assertEquals(units, unitsBefore.size());
        assertEquals(2 * 5, rankingsBefore.size());
        List<Path> written = parquetFiles(out);
        assertTrue(written.size() >= 3 && written.size() <= 3 * 2, "one file per zone of each of the 3 Spark jobs of "
                + "7 units: " + written);

        GridSearch.Outcome second = runner.grid(s, sky, Backend.CPU);
        assertEquals(0, second.computedUnits(), "a re-run recomputes nothing");
        assertEquals(units, second.skippedUnits());

        List<Path> files = parquetFiles(out);
        long lost = spark.read().parquet(files.get(0).toString()).count()
                + spark.read().parquet(files.get(files.size() - 1).toString()).count();
        Files.delete(files.get(0));
        Files.delete(files.get(files.size() - 1));
        GridSearch.Outcome third = runner.grid(s, sky, Backend.CPU);
        assertEquals(lost, third.computedUnits(), "only the deleted files' units are recomputed");
        assertEquals(unitsBefore, table(out, "units", DETERMINISTIC_UNIT_COLUMNS, "unit_id"));
        List<Row> rankingsAfter = table(out, "rankings", "zone, config_id, sigma2_cmb, spatial_variance, mean_nll, rank",
                "zone, config_id");
        // SQL sums may add in another order: metrics agree to rounding, ranks exactly
        for (int i = 0; i < rankingsBefore.size(); i++) {
            Row a = rankingsBefore.get(i);
            Row b = rankingsAfter.get(i);
            assertEquals(a.getString(1), b.getString(1));
            assertEquals(a.getInt(5), b.getInt(5), a.toString());
            for (int c = 2; c <= 4; c++) {
                assertEquals(a.getDouble(c), b.getDouble(c), 1e-12 * Math.abs(a.getDouble(c)), a.toString());
            }
        }
    }

    @Test
    void partitioningDoesNotChangeResults() {
        String a = dir.resolve("waves7").toString();
        String b = dir.resolve("wavesAuto").toString();
        runner.grid(study.withOutput(a), sky, Backend.CPU);
        Study other = StudyLoader.parse(study.yaml().replace("unitsPerCommit: 7", ""), "auto.yaml").withOutput(b);
        assertEquals(0, other.unitsPerCommit(), "the edit must apply");
        runner.grid(other, sky, Backend.CPU);
        assertEquals(table(a, "units", DETERMINISTIC_UNIT_COLUMNS, "unit_id"),
                table(b, "units", DETERMINISTIC_UNIT_COLUMNS, "unit_id"));
    }

    @Test
    void taskRetriesDoNotChangeResults() throws Exception {
        String clean = dir.resolve("clean").toString();
        String retried = FailingFirstAttemptFileSystem.SCHEME + ":" + dir.resolve("retried");
        spark.sparkContext().hadoopConfiguration().set("fs." + FailingFirstAttemptFileSystem.SCHEME + ".impl",
                FailingFirstAttemptFileSystem.class.getName());
        runner.grid(study.withOutput(clean), sky, Backend.CPU);
        int before = FailingFirstAttemptFileSystem.INJECTED.get();
        Progress progress = new Progress(2 * 5 * 2, 0, 1);
        spark.sparkContext().addSparkListener(progress);
        GridSearch.Outcome outcome;
        try {
            outcome = runner.grid(study.withOutput(retried), sky, Backend.CPU);
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(progress);
        }
        int injected = FailingFirstAttemptFileSystem.INJECTED.get() - before;
        assertTrue(injected >= 3, "the first write task of each of the 3 Spark jobs failed once: " + injected);
        assertEquals(outcome.computedUnits(), progress.done(), "each unit's task counted once");
        assertEquals(0, progress.recomputed(), "a retried write re-reads the computed rows: no unit is fitted twice");
        assertEquals(table(clean, "units", DETERMINISTIC_UNIT_COLUMNS, "unit_id"),
                table(retried, "units", DETERMINISTIC_UNIT_COLUMNS, "unit_id"));
    }

    @Test
    void aFolderWrittenWithAnotherUnitsVersionIsNotResumed() throws IOException {
        ResultLayout layout = new ResultLayout(dir.resolve("versioned").toString());
        StudyManifest.writeOrCheck(spark, layout, study, "test");
        StudyManifest.writeOrCheck(spark, layout, study, "test");
        Path manifest = Path.of(layout.studyJson());
        String older = Files.readString(manifest).replace("\"units_schema_version\" : " + UnitsTable.VERSION,
                "\"units_schema_version\" : " + (UnitsTable.VERSION - 1));
        assertNotEquals(Files.readString(manifest), older);
        Files.writeString(manifest, older);
        Files.deleteIfExists(manifest.resolveSibling("._study.json.crc")); // Hadoop's checksum of the old text
        UserException e = assertThrows(UserException.BadOutput.class,
                () -> StudyManifest.writeOrCheck(spark, layout, study, "test"));
        assertTrue(e.getMessage().contains("schema version " + (UnitsTable.VERSION - 1)), e.getMessage());
        assertEquals(older, Files.readString(manifest), "the refused folder is left as it was");
    }

    /** A manifest written before fits_sha256 is judged by the fits identity of the study file it holds. */
    @Test
    void aManifestWithoutTheFitsHashIsResumedByAStudyThatFitsAlike() throws IOException {
        ResultLayout layout = new ResultLayout(dir.resolve("older").toString());
        StudyManifest.writeOrCheck(spark, layout, study, "test");
        Path manifest = Path.of(layout.studyJson());
        ObjectNode older = (ObjectNode) new ObjectMapper().readTree(manifest.toFile());
        older.remove("fits_sha256");
        Files.writeString(manifest, older.toString());
        Files.deleteIfExists(manifest.resolveSibling("._study.json.crc"));
        Study reseeded = StudyLoader.parse(study.yaml().replace("seed: 11", "seed: 12"), "tiny2.yaml");
        assertThrows(UserException.BadOutput.class, () -> StudyManifest.writeOrCheck(spark, layout, reseeded, "test"));
        Study renamed = StudyLoader.parse(study.yaml().replace("name: tiny", "name: tiny2"), "tiny2.yaml");
        StudyManifest.writeOrCheck(spark, layout, renamed, "test");
        assertEquals(StudyManifest.fitsHash(study), new ObjectMapper().readTree(manifest.toFile()).get("fits_sha256").asText(),
                "upgraded");
    }

    @Test
    void rankingsAgreeWithAVarianceComputedFromTheUnits() {
        String out = dir.resolve("check").toString();
        runner.grid(study.withOutput(out), sky, Backend.CPU);
        Dataset<Row> rankings = spark.read().parquet(out + "/rankings");
        // recompute sigma2_cmb of one (zone, configuration) directly: with 2 realizations in 2 batches,
        // the per-pixel variance is (r1 - r2)^2 / 2 where r_i = res_sum of batch i
        List<Row> units = spark.read().parquet(out + "/units")
                .where("zone = 'GAL020_U' AND config_id = 'kmeans_3_1_2'").orderBy("batch").collectAsList();
        List<Double> q1 = units.get(0).getList(units.get(0).fieldIndex("res_sum_q"));
        List<Double> q2 = units.get(1).getList(units.get(1).fieldIndex("res_sum_q"));
        List<Double> u1 = units.get(0).getList(units.get(0).fieldIndex("res_sum_u"));
        List<Double> u2 = units.get(1).getList(units.get(1).fieldIndex("res_sum_u"));
        double sum = 0;
        for (int p = 0; p < q1.size(); p++) {
            sum += 0.5 * (Math.pow(q1.get(p) - q2.get(p), 2) / 2 + Math.pow(u1.get(p) - u2.get(p), 2) / 2);
        }
        double expected = sum / q1.size();
        double got = rankings.where("zone = 'GAL020_U' AND config_id = 'kmeans_3_1_2'").first().getAs("sigma2_cmb");
        assertEquals(expected, got, 1e-9 * expected);
        assertTrue(expected > 0);
        assertEquals(2, spark.read().parquet(out + "/best").count(), "one best configuration per zone");
        for (String zone : List.of("GAL020_U", "GAL040")) {
            List<Row> ranked = rankings.where("zone = '" + zone + "'").orderBy("rank").collectAsList();
            for (int i = 1; i < ranked.size(); i++) {
                assertEquals(i + 1, ranked.get(i).<Integer>getAs("rank"));
                // equal to 12 digits counts as a tie, broken by config_id
                double prev = ranked.get(i - 1).<Double>getAs("sigma2_cmb");
                double next = ranked.get(i).<Double>getAs("sigma2_cmb");
                assertTrue(prev <= next * (1 + 1e-11), "ranks follow the metric in " + zone + ": " + ranked);
            }
        }
    }

    private static List<Path> parquetFiles(String root) throws IOException {
        try (Stream<Path> s = Files.walk(Path.of(root, "units"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }
}
