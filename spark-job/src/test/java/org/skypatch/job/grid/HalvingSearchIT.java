package org.skypatch.job.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.gpu.Backend;
import org.skypatch.job.TestSkies;
import org.skypatch.job.cli.SparkSessions;
import org.skypatch.job.run.StudyRunner;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;

/** Successive halving on a small study: its bookkeeping, its agreement with an exhaustive search, and resume. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HalvingSearchIT {
    private static final List<String> ZONES = List.of("GAL020_U", "GAL040");
    private static final List<Integer> RUNGS = List.of(1, 2, 4);

    @TempDir
    static Path dir;
    private SparkSession spark;
    private Study halving;
    private StudyRunner runner;
    private StudyRunner.PreparedSky sky;
    private String out;
    private GridSearch.Outcome first;

    @BeforeAll
    void runHalving() throws IOException {
        spark = SparkSessions.forTests();
        try (InputStream in = getClass().getResourceAsStream("/studies/halving.yaml")) {
            halving = StudyLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "halving.yaml");
        }
        runner = new StudyRunner(spark, TestSkies.skyBuilder(), "test");
        sky = runner.prepare(halving);
        out = dir.resolve("halving").toString();
        first = runner.grid(halving.withOutput(out), sky, Backend.CPU);
    }

    private List<Row> cuts(String root) {
        return spark.read().parquet(root + "/halving").orderBy("zone", "rung", "config_id").collectAsList();
    }

    /** zone/config -> the unit ids of that pair in the table. */
    private Map<String, Set<String>> unitsByConfiguration(String root) {
        Map<String, Set<String>> m = new TreeMap<>();
        for (Row r : spark.read().parquet(root + "/units").select("zone", "config_id", "unit_id").collectAsList()) {
            m.computeIfAbsent(r.getString(0) + "/" + r.getString(1), k -> new TreeSet<>()).add(r.getString(2));
        }
        return m;
    }

    @Test
    void everyConfigurationHasExactlyTheBatchesOfTheRungsItReachedAndFinalistsTheirSystematic() {
        List<Row> cuts = cuts(out);
        Map<String, Set<String>> units = unitsByConfiguration(out);
        assertEquals(2 * 7, units.size(), "every configuration of both zones ran the first rung");
        for (String zone : ZONES) {
            for (int rung = 0; rung < RUNGS.size(); rung++) {
                final int k = rung;
                List<Row> at = cuts.stream().filter(r -> r.getString(0).equals(zone) && r.getInt(1) == k).toList();
                List<Row> next = cuts.stream().filter(r -> r.getString(0).equals(zone) && r.getInt(1) == k + 1).toList();
                long kept = at.stream().filter(r -> r.getBoolean(7)).count();
                assertTrue(kept >= halving.search().keptCount(at.size(), 1), zone + " rung " + k + ": " + at);
                if (k < RUNGS.size() - 1) {
                    assertEquals(at.stream().filter(r -> r.getBoolean(7)).map(r -> r.getString(3)).collect(Collectors.toSet()),
                            next.stream().map(r -> r.getString(3)).collect(Collectors.toSet()), "the kept go on");
                } else {
                    assertEquals(at.size(), kept, "the last rung's configurations are the finalists");
                }
                for (Row r : at) {
                    String pair = zone + "/" + r.getString(3);
                    int reached = (int) cuts.stream().filter(c -> (c.getString(0) + "/" + c.getString(3)).equals(pair))
                            .count() - 1;
                    boolean finalist = reached == RUNGS.size() - 1;
                    Set<String> expected = new TreeSet<>();
                    for (int b = 0; b < RUNGS.get(reached); b++) {
                        expected.add(pair + "/b" + b);
                    }
                    if (finalist || r.getString(3).equals("single")) {
                        expected.add(pair + "/sys");
                    }
                    assertEquals(expected, units.get(pair), pair);
                }
            }
        }
        long exhaustiveFits = 2 * 7 * (4 + 1);
        assertTrue(first.fits() < exhaustiveFits, first.fits() + " fits");
        assertEquals(first.fits(), spark.read().parquet(out + "/units")
                .selectExpr("size(realizations) + CASE WHEN sys_q IS NULL THEN 0 ELSE 1 END AS fits")
                .agg(org.apache.spark.sql.functions.sum("fits")).first().getLong(0), "fits counted as made");
    }

    @Test
    void theRankingPutsTheFinalistsFirstWithTheirSystematicAndTheBestIsOne() {
        for (String zone : ZONES) {
            List<Row> ranked = spark.read().parquet(out + "/rankings").where("zone = '" + zone + "'").orderBy("rank")
                    .collectAsList();
            assertEquals(7, ranked.size());
            Row top = ranked.get(0);
            assertEquals(4, top.<Integer>getAs("realizations"));
            assertNotNull(top.getAs("systematic_bb_sum"));
            for (int i = 1; i < ranked.size(); i++) {
                assertTrue(ranked.get(i - 1).<Integer>getAs("realizations") >= ranked.get(i).<Integer>getAs("realizations"));
            }
            Row best = spark.read().parquet(out + "/best").where("zone = '" + zone + "'").first();
            assertEquals(top.<String>getAs("config_id"), best.getAs("config_id"));
        }
    }

    @Test
    void itsFitsAreTheExhaustiveSearchsFitsOfTheSameRealizations() {
        String exhaustive = dir.resolve("exhaustive").toString();
        Study all = StudyLoader.parse(halving.yaml().replaceAll("(?s)search:.*?keep: 0.3\n", ""), "all.yaml");
        assertFalse(all.search().halving(), "the edit must apply");
        runner.grid(all.withOutput(exhaustive), sky, Backend.CPU);
        Map<String, Row> full = spark.read().parquet(exhaustive + "/units").select("unit_id", "nll", "spatial_variance")
                .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
        List<Row> halved = spark.read().parquet(out + "/units").where("batch >= 0")
                .select("unit_id", "nll", "spatial_variance").collectAsList();
        for (Row r : halved) {
            assertEquals(full.get(r.getString(0)), r, "unit " + r.getString(0));
        }
        // the choice of each zone: the exhaustive one, or within its statistical error of it
        for (String zone : ZONES) {
            String chosen = spark.read().parquet(out + "/best").where("zone = '" + zone + "'").first().getAs("config_id");
            String truth = spark.read().parquet(exhaustive + "/best").where("zone = '" + zone + "'").first().getAs("config_id");
            assertEquals(truth, chosen, zone);
        }
    }

    @Test
    void aRerunCutsAlikeAndRecomputesExactlyTheDeletedUnits() throws IOException {
        String copy = dir.resolve("resumed").toString();
        copyTree(Path.of(out), Path.of(copy));
        List<Row> cutsBefore = cuts(copy);
        GridSearch.Outcome again = runner.grid(halving.withOutput(copy), sky, Backend.CPU);
        assertEquals(0, again.computedUnits(), "a re-run recomputes nothing");
        assertEquals(first.totalUnits(), again.skippedUnits());

        // delete the files holding a last-rung unit and a systematic unit
        Set<Path> doomed = new TreeSet<>();
        Set<String> lost = new TreeSet<>();
        for (Row r : spark.read().parquet(copy + "/units").where("unit_id LIKE '%/b3' OR unit_id LIKE '%/sys'")
                .selectExpr("input_file_name()").limit(2).collectAsList()) {
            doomed.add(Path.of(java.net.URI.create(r.getString(0))));
        }
        for (Path f : doomed) {
            spark.read().parquet(f.toString()).select("unit_id").collectAsList().forEach(r -> lost.add(r.getString(0)));
        }
        for (Path f : doomed) {
            Files.delete(f);
        }
        GridSearch.Outcome third = runner.grid(halving.withOutput(copy), sky, Backend.CPU);
        assertEquals(lost.size(), third.computedUnits(), "only the deleted units are recomputed: " + lost);
        assertEquals(cutsBefore, cuts(copy));
        assertEquals(unitsByConfiguration(out), unitsByConfiguration(copy));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith("_lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
