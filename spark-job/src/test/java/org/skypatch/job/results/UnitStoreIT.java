package org.skypatch.job.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.job.cli.SparkSessions;
import org.skypatch.job.grid.Progress;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.WorkUnit;

/**
 * {@link UnitStore}'s waves on rows made up without fits: one file per zone of a wave, each unit computed once
 * (counted where the rows are made, and by {@link Progress}), a staged wave that does not hold exactly its units
 * refused before anything is committed, and a deleted file costing exactly its units.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnitStoreIT {
    /** Units computed, counted where the rows are made (local mode: the executors share this JVM). */
    private static final AtomicInteger COMPUTED = new AtomicInteger();
    private static final List<String> ZONES = List.of("GAL020_U", "GAL040", "GAL060_L");

    @TempDir
    Path dir;
    private SparkSession spark;

    @BeforeAll
    void setUp() {
        spark = SparkSessions.forTests();
    }

    /** 3 zones x 3 configurations, zones interleaved as a plan sorted by cost interleaves them. */
    private static List<WorkUnit> wave() {
        List<WorkUnit> out = new ArrayList<>();
        for (int c = 1; c <= 3; c++) {
            for (String zone : ZONES) {
                out.add(new WorkUnit(zone, new Configuration(Configuration.Method.KMEANS, c, 1, 1), 0, 0, 1, true, 10 - c));
            }
        }
        return out;
    }

    /** One partition per unit; computing it counts in {@link #COMPUTED}. */
    private JavaRDD<Row> rows(List<WorkUnit> units) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(units, units.size()).map(u -> {
            COMPUTED.incrementAndGet();
            return row(u);
        });
    }

    /** A row of the units schema for a unit, every column filled from its id. */
    private static Row row(WorkUnit u) {
        List<Object> values = new ArrayList<>();
        int seed = u.id().hashCode();
        for (StructField f : UnitsTable.SCHEMA.fields()) {
            values.add(switch (f.name()) {
                case "unit_id" -> u.id();
                case "zone" -> u.zone();
                case "config_id" -> u.configuration().id();
                case "batch" -> u.batch();
                default -> value(f.dataType(), seed);
            });
        }
        return RowFactory.create(values.toArray());
    }

    private static Object value(DataType type, int seed) {
        if (type.equals(DataTypes.StringType)) {
            return "s" + seed;
        } else if (type.equals(DataTypes.IntegerType)) {
            return seed;
        } else if (type.equals(DataTypes.DoubleType)) {
            return seed * 0.5;
        } else if (type instanceof ArrayType a && a.elementType().equals(DataTypes.IntegerType)) {
            return new int[] {seed, 1};
        } else if (type instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return new double[] {seed, 0.25};
        } else if (type instanceof ArrayType a && a.elementType().equals(DataTypes.BooleanType)) {
            return new boolean[] {true};
        } else if (type instanceof ArrayType a && a.elementType() instanceof ArrayType) {
            return new double[][] {{seed}, {1.5}};
        }
        throw new IllegalArgumentException("no test value for " + type);
    }

    private static List<String> ids(List<WorkUnit> units) {
        return units.stream().map(WorkUnit::id).sorted().toList();
    }

    private static List<Path> unitFiles(String root) throws IOException {
        Path units = Path.of(root, "units");
        if (!Files.exists(units)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(units)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    @Test
    void aWaveOfNineUnitsInThreeZonesIsCommittedAsThreeFilesEachUnitComputedOnce() throws Exception {
        ResultLayout layout = new ResultLayout(dir.resolve("wave").toString());
        UnitStore store = new UnitStore(spark, layout);
        List<WorkUnit> wave = wave();
        Progress progress = new Progress(wave.size(), 0, 1);
        spark.sparkContext().addSparkListener(progress);
        COMPUTED.set(0);
        try {
            UnitStore.StagedWave staged = store.write(rows(wave), wave);
            assertEquals(ZONES.size(), staged.files().size(), "one staged file per zone");
            assertEquals(wave.size(), store.commit(staged), "units committed");
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(progress);
        }
        assertEquals(wave.size(), COMPUTED.get(), "the fits of each unit run once: write, sort and read-back reuse them");
        assertEquals(wave.size(), progress.done(), "Progress counts the units' tasks, not the write's");
        assertEquals(0, progress.recomputed());

        List<Path> files = unitFiles(layout.root());
        assertEquals(ZONES.size(), files.size(), "one file per zone of the wave: " + files);
        assertEquals(ZONES.stream().map(z -> "zone=" + z).collect(Collectors.toSet()),
                files.stream().map(f -> f.getParent().getFileName().toString()).collect(Collectors.toSet()));
        Map<String, List<String>> inventory = store.inventory();
        assertEquals(ids(wave), List.copyOf(inventory.keySet()));
        for (WorkUnit u : wave) {
            List<String> in = inventory.get(u.id());
            assertEquals(1, in.size(), u.id() + " in " + in);
            assertTrue(in.get(0).startsWith("zone=" + u.zone() + "/"), u.id() + " in " + in);
        }
        try (Stream<Path> left = Files.walk(Path.of(layout.staging()))) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".parquet")).toList(), "staging emptied");
        }
        assertEquals(wave.stream().map(u -> u.id() + " " + u.zone() + " " + (double) u.id().hashCode()).sorted().toList(),
                spark.read().parquet(layout.units()).selectExpr("unit_id", "zone", "nll[0]").collectAsList().stream()
                        .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getDouble(2)).sorted().toList(),
                "the rows as computed");
    }

    @Test
    void deletingOneFileLeavesExactlyItsUnitsToCompute() throws IOException {
        ResultLayout layout = new ResultLayout(dir.resolve("resume").toString());
        UnitStore store = new UnitStore(spark, layout);
        List<WorkUnit> wave = wave();
        store.commit(store.write(rows(wave), wave));
        Path deleted = unitFiles(layout.root()).get(1);
        String zone = deleted.getParent().getFileName().toString().substring("zone=".length());
        Files.delete(deleted);

        Set<String> written = store.inventory().keySet();
        List<WorkUnit> pending = wave.stream().filter(u -> !written.contains(u.id())).toList();
        assertEquals(wave.stream().filter(u -> u.zone().equals(zone)).map(WorkUnit::id).toList(),
                pending.stream().map(WorkUnit::id).toList(), "the deleted file's units, and only they");
        COMPUTED.set(0);
        store.commit(store.write(rows(pending), pending));
        assertEquals(pending.size(), COMPUTED.get());
        Map<String, List<String>> inventory = store.inventory();
        store.check(inventory, ids(wave), ids(wave));
        assertEquals(ZONES.size(), unitFiles(layout.root()).size());
    }

    @Test
    void aStagedWaveThatLacksAUnitIsRefusedAndNothingCommitted() throws IOException {
        ResultLayout layout = new ResultLayout(dir.resolve("lacking").toString());
        UnitStore store = new UnitStore(spark, layout);
        List<WorkUnit> wave = wave();
        List<WorkUnit> computed = wave.subList(0, wave.size() - 1); // a unit whose rows got lost
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.write(rows(computed), wave));
        assertTrue(e.getMessage().contains(" that lack 1 of its units (" + wave.get(wave.size() - 1).id()
                + "): nothing of it is committed"), e.getMessage());
        assertEquals(List.of(), unitFiles(layout.root()));
        assertTrue(store.inventory().isEmpty());
    }

    @Test
    void aStagedWaveWithAUnitTwiceIsRefused() {
        ResultLayout layout = new ResultLayout(dir.resolve("twice").toString());
        UnitStore store = new UnitStore(spark, layout);
        List<WorkUnit> wave = wave();
        List<WorkUnit> doubled = new ArrayList<>(wave);
        doubled.add(wave.get(4));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.write(rows(doubled), wave));
        assertTrue(e.getMessage().contains(" that hold 1 units twice (" + wave.get(4).id() + " in zone="
                + wave.get(4).zone() + "/part-"), e.getMessage());
    }

    @Test
    void mismatchNamesWhatIsWrong() {
        List<String> expected = List.of("a/x/b0", "b/x/b0");
        Map<String, List<String>> ok = Map.of("a/x/b0", List.of("zone=a/f1"), "b/x/b0", List.of("zone=b/f2"));
        assertNull(UnitStore.mismatch(ok, expected, List.of("zone=a/f1", "zone=b/f2")));
        assertEquals("lack 1 of its units (b/x/b0)",
                UnitStore.mismatch(Map.of("a/x/b0", List.of("zone=a/f1")), expected, List.of("zone=a/f1")));
        Map<String, List<String>> extra = Map.of("a/x/b0", List.of("zone=a/f1"), "b/x/b0", List.of("zone=b/f2"),
                "c/x/b0", List.of("zone=c/f3"));
        assertEquals("hold 1 units not in it (c/x/b0)", UnitStore.mismatch(extra, expected, new TreeSet<>(List.of(
                "zone=a/f1", "zone=b/f2", "zone=c/f3"))));
        assertEquals("include 1 files without units (zone=c/f3)",
                UnitStore.mismatch(ok, expected, List.of("zone=a/f1", "zone=b/f2", "zone=c/f3")));
    }
}
