package org.skypatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.skypatch.job.cli.Captured.stderr;
import static org.skypatch.job.cli.Captured.stdout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.job.FullDiskFileSystem;

/**
 * A results folder under concurrent runs and damage, through the command line: every fault ends in one line
 * and exit code 2 with the folder left as it was, or in tables equal to those of a clean run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsFolderIT {
    private static final String UNIT_COLUMNS = "unit_id, zone, config_id, batch, realizations, nll, iterations, "
            + "converged, fit_beta_d, fit_temp_d, fit_beta_s, spatial_variance, cl_bb_sum, res_sum_q, res_sum_u, "
            + "res_sumsq_q, res_sumsq_u, sys_q, sys_u";
    private static final String RANKING_COLUMNS = "zone, config_id, rank, sigma2_cmb, mean_nll, cl_bb_sum";

    @TempDir
    static Path dir;
    private SparkSession spark;
    private String yaml;
    private String clean;

    @BeforeAll
    void runTheStudyOnce() throws IOException {
        spark = SparkSessions.forTests();
        Path file = dir.resolve("faults.yaml");
        try (InputStream in = getClass().getResourceAsStream("/studies/faults.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        yaml = file.toString();
        clean = dir.resolve("clean").toString();
        assertEquals(0, SkypatchCli.execute("run", yaml, "--output", clean, "--no-report"));
        assertFalse(Files.exists(Path.of(clean, "_lock")), "a finished run releases its lock");
    }

    @Test
    void aSecondRunOnTheFolderIsRefusedAndTheFirstEndsAsIfAlone() throws Exception {
        String out = dir.resolve("concurrent").toString();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> SkypatchCli.execute("run", yaml, "--output", out, "--no-report"));
        while (!Files.exists(Path.of(out, "_lock"))) {
            if (first.isDone()) {
                fail("the first run ended before its lock was seen: " + first.get());
            }
            Thread.sleep(20);
        }
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("run", yaml, "--output", out, "--no-report")));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("skypatch: results folder " + out + " is in use by skypatch run (run "), err);
        assertEquals(0, first.get());
        assertTablesEqualTheCleanRun(out);
    }

    @Test
    void aStaleLockIsRefusedNamingItsRunThenForceUnlockClearsIt() throws IOException {
        String out = copyOfClean("stale");
        String lock = "{\"runId\":\"20261201T0900Z-dead\",\"command\":\"run\",\"host\":\"node-17\",\"pid\":4242,"
                + "\"started\":\"2026-12-01T09:00:00Z\"}";
        Files.writeString(Path.of(out, "_lock"), lock);
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("report", out)));
        assertTrue(err.startsWith("skypatch: results folder " + out + " is in use by skypatch run (run "
                + "20261201T0900Z-dead, host node-17, pid 4242, started 2026-12-01T09:00:00Z, "), err);
        assertTrue(err.strip().endsWith("run again with --force-unlock"), err);
        assertEquals(lock, Files.readString(Path.of(out, "_lock")));
        assertEquals(0, SkypatchCli.execute("report", out, "--force-unlock"));
        assertFalse(Files.exists(Path.of(out, "_lock")));
        assertTrue(Files.exists(Path.of(out, "pictures", "r_likelihood.png")));
    }

    @Test
    void aUnitFileInTheTableTwiceIsAnErrorNamingBothFiles() throws IOException {
        String out = copyOfClean("twice");
        Path unit = unitFiles(out).get(0);
        Path copy = unit.resolveSibling("part-copy-" + unit.getFileName());
        Files.copy(unit, copy);
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("run", yaml, "--output", out, "--no-report")));
        assertEquals(1, err.strip().lines().count(), err);
        String zone = unit.getParent().getFileName().toString();
        assertTrue(err.contains(" holds 2 units twice (") && err.contains(zone + "/" + unit.getFileName())
                && err.contains(zone + "/" + copy.getFileName()), err);
        Files.delete(copy);
        assertEquals(0, SkypatchCli.execute("run", yaml, "--output", out, "--no-report"));
        assertTablesEqualTheCleanRun(out);
    }

    @Test
    void rankRefusesATableThatLacksAPlannedUnit() throws IOException {
        String out = copyOfClean("lacking");
        Files.delete(unitFiles(out).get(0));
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("rank", out, "--no-r")));
        assertEquals("skypatch: " + out + "/units lacks 2 of the 6 units it needs (", err.substring(0, err.indexOf('(') + 1));
        assertTrue(err.strip().endsWith("): run the study again to compute them"), err);
    }

    @Test
    void aDeletedUnitFileCostsExactlyItsUnits() throws IOException {
        String out = copyOfClean("deleted");
        Path unit = unitFiles(out).get(1);
        List<String> lost = unitIds(unit.toString());
        assertEquals(2, lost.size(), "a file holds the units of one Spark job: " + lost);
        List<Path> kept = unitFiles(out).stream().filter(p -> !p.equals(unit)).toList();
        Files.delete(unit);
        String printed = stdout(() -> assertEquals(0, SkypatchCli.execute("run", yaml, "--output", out, "--no-report")));
        assertTrue(printed.contains("(2 computed now, 4 already done)"), printed);
        List<Path> added = unitFiles(out).stream().filter(p -> !kept.contains(p)).toList();
        assertEquals(1, added.size(), added.toString());
        assertEquals(lost, unitIds(added.get(0).toString()), "the new file holds exactly the lost units");
        assertTablesEqualTheCleanRun(out);
    }

    private List<String> unitIds(String file) {
        return spark.read().parquet(file).select("unit_id").collectAsList().stream().map(r -> r.getString(0)).sorted()
                .toList();
    }

    @Test
    void aTruncatedUnitFileIsQuarantinedAndItsUnitComputedAgain() throws IOException {
        String out = copyOfClean("truncated");
        Path unit = unitFiles(out).get(0);
        byte[] bytes = Files.readAllBytes(unit);
        Files.write(unit, Arrays.copyOf(bytes, bytes.length / 2));
        String printed = stdout(() -> assertEquals(0, SkypatchCli.execute("run", yaml, "--output", out, "--no-report")));
        assertTrue(printed.contains("(2 computed now, 4 already done)"), printed);
        Path quarantined = Path.of(out, "_quarantine", "units", unit.getParent().getFileName().toString(),
                unit.getFileName().toString());
        assertEquals(bytes.length / 2, Files.size(quarantined));
        assertTablesEqualTheCleanRun(out);
    }

    @Test
    void anEmptyStudyJsonInAFolderWithoutUnitsIsSetAsideAndWrittenAnew() throws IOException {
        Path out = Files.createDirectories(dir.resolve("emptyManifest"));
        Files.createFile(out.resolve("_study.json"));
        assertEquals(0, SkypatchCli.execute("run", yaml, "--output", out.toString(), "--no-report"));
        assertEquals(0, Files.size(out.resolve("_quarantine").resolve("_study.json")));
        assertTrue(Files.readString(out.resolve("_study.json")).contains("\"name\" : \"faults\""));
        assertTablesEqualTheCleanRun(out.toString());
    }

    @Test
    void anEmptyStudyJsonBesideUnitsIsRefusedInOneLineUntilDeleted() throws IOException {
        String out = copyOfClean("emptyManifestWithUnits");
        Path manifest = Path.of(out, "_study.json");
        Files.write(manifest, new byte[0]);
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("run", yaml, "--output", out, "--no-report")));
        assertEquals("skypatch: " + manifest + " is damaged (0 bytes) and " + out + "/units holds units: if they are "
                + "this study's, delete _study.json and run again; else choose another output folder", err.strip());
        err = stderr(() -> assertEquals(2, SkypatchCli.execute("report", out)));
        assertEquals("skypatch: " + manifest + " is damaged (0 bytes): delete it and run the study again into " + out
                + " (its units are kept)", err.strip());
        Files.delete(manifest);
        String printed = stdout(() -> assertEquals(0, SkypatchCli.execute("run", yaml, "--output", out, "--no-report")));
        assertTrue(printed.contains("(0 computed now, 6 already done)"), printed);
    }

    @Test
    void aDiskFullInTheMiddleOfTheGridStopsInOneLineAndTheNextRunCompletesIt() throws IOException {
        spark.sparkContext().hadoopConfiguration().set("fs." + FullDiskFileSystem.SCHEME + ".impl",
                FullDiskFileSystem.class.getName());
        Path local = dir.resolve("full");
        String out = FullDiskFileSystem.SCHEME + ":" + local;
        String err;
        FullDiskFileSystem.fillAfter(2); // the second Spark job writes its file, then cannot write its _SUCCESS
        try {
            err = stderr(() -> assertEquals(2, SkypatchCli.execute("run", yaml, "--output", out, "--no-report")));
        } finally {
            FullDiskFileSystem.free();
        }
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("skypatch: no space left for the results (IOException: No space left on device): "
                + "free some space or choose another output folder, then run the same command again"), err);
        assertEquals(1, unitFiles(local.toString()).size(), "the first Spark job's file of 2 units is committed");
        assertFalse(Files.exists(local.resolve("_lock")));
        String printed = stdout(() -> assertEquals(0, SkypatchCli.execute("run", yaml, "--output", out, "--no-report")));
        assertTrue(printed.contains("(4 computed now, 2 already done)"), printed);
        assertTablesEqualTheCleanRun(local.toString());
    }

    @Test
    void editingKeysThatDoNotChangeTheFitsKeepsTheResultsAndAFitKeyIsRefused() throws IOException {
        String out = copyOfClean("edited");
        String edited = Files.readString(Path.of(yaml)).replace("name: faults", "name: faults-renamed")
                .replace("rMax: 0.1", "rMax: 0.5").replace("output: unused", "output: unused\nmetric: mean_nll\nbackend: cpu");
        Path editedYaml = Files.writeString(dir.resolve("edited.yaml"), edited);
        String printed = stdout(() -> assertEquals(0,
                SkypatchCli.execute("run", editedYaml.toString(), "--output", out, "--no-report")));
        assertTrue(printed.contains("(0 computed now, 6 already done)"), printed);
        JsonNode manifest = new ObjectMapper().readTree(Path.of(out, "_study.json").toFile());
        assertEquals(edited, manifest.get("study_yaml").asText());
        assertEquals("mean_nll", manifest.get("metric").asText());
        assertEquals(0.5, spark.read().parquet(out + "/likelihood").agg(functions.max("r")).first().getDouble(0));

        Path refit = Files.writeString(dir.resolve("refit.yaml"), edited.replace("maxIterations: 100", "maxIterations: 50"));
        byte[] before = Files.readAllBytes(Path.of(out, "_study.json"));
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("run", refit.toString(), "--output", out)));
        assertEquals("skypatch: output " + out + " holds results of another study (faults-renamed, whose sky, instrument, "
                + "zones, grid, realizations, seeds or fit differ): choose another output folder or delete it", err.strip());
        assertArrayEquals(before, Files.readAllBytes(Path.of(out, "_study.json")));
    }

    @Test
    void rankTakesTheRGridAndRecordsItsMetricForReport() throws IOException {
        String out = copyOfClean("ranked");
        assertEquals(0, SkypatchCli.execute("rank", out, "--metric", "cl_bb_sum", "--r-max", "0.3", "--r-points", "31"));
        List<Row> grid = spark.read().parquet(out + "/likelihood").groupBy("selection")
                .agg(functions.count("r"), functions.max("r")).collectAsList();
        assertEquals(2, grid.size());
        for (Row selection : grid) {
            assertEquals(31L, selection.getLong(1));
            assertEquals(0.3, selection.getDouble(2), 1e-15);
        }
        assertEquals("cl_bb_sum", new ObjectMapper().readTree(Path.of(out, "_study.json").toFile()).get("metric").asText());
        String printed = stdout(() -> assertEquals(0, SkypatchCli.execute("report", out)));
        assertTrue(printed.contains("(heat maps of cl_bb_sum; "), printed);
        String err = stderr(() -> assertEquals(2, SkypatchCli.execute("rank", out, "--r-points", "2")));
        assertEquals("skypatch: study key '--r-points': 2 is too few: use at least 3", err.strip());
    }

    private void assertTablesEqualTheCleanRun(String out) throws IOException {
        assertEquals(table(clean, "units", UNIT_COLUMNS, "unit_id"), table(out, "units", UNIT_COLUMNS, "unit_id"));
        List<Row> expected = table(clean, "rankings", RANKING_COLUMNS, "zone, config_id");
        List<Row> got = table(out, "rankings", RANKING_COLUMNS, "zone, config_id");
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            // the SQL may sum in another order: metrics agree to rounding, ranks exactly
            assertEquals(expected.get(i).getString(1), got.get(i).getString(1));
            assertEquals(expected.get(i).getInt(2), got.get(i).getInt(2), got.get(i).toString());
            for (int c = 3; c < RANKING_COLUMNS.split(", ").length; c++) {
                assertEquals(expected.get(i).getDouble(c), got.get(i).getDouble(c), 1e-12 * Math.abs(expected.get(i).getDouble(c)));
            }
        }
        assertEquals(3, unitFiles(out).size(), "one file per Spark job of 2 units in the study's one zone");
        assertFalse(Files.exists(Path.of(out, "_lock")));
    }

    private List<Row> table(String root, String name, String columns, String order) {
        return spark.read().parquet(root + "/" + name).selectExpr(columns.split(", "))
                .orderBy(Stream.of(order.split(", ")).map(functions::col).toArray(Column[]::new)).collectAsList();
    }

    private static List<Path> unitFiles(String root) throws IOException {
        try (Stream<Path> s = Files.walk(Path.of(root, "units"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    /** A copy of the clean run's folder, without Hadoop's checksum files (edited files would fail them). */
    private String copyOfClean(String name) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> s = Files.walk(Path.of(clean))) {
            for (Path p : s.toList()) {
                Path target = to.resolve(Path.of(clean).relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().endsWith(".crc")) {
                    Files.copy(p, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return to.toString();
    }
}
