package org.skypatch.job.results;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.skypatch.job.error.UserException;
import org.skypatch.job.study.WorkUnit;
import scala.Tuple2;

/**
 * The {@code units} table with commits of whole files. A wave of units is one Spark job in two stages: the first
 * computes one unit per task (largest first, all in parallel) and the second brings the wave's rows together by zone,
 * one task per zone, each writing one Parquet file into this run's staging folder ({@code partitionBy("zone")}). The
 * rows travel from the first stage to the second by Spark's shuffle, so the fits run once per unit: a retried write
 * task re-reads them, and only a lost shuffle output (an executor lost) makes Spark run a unit again, which
 * {@code grid.Progress} reports. Once the job has succeeded, the staged files are read back and must hold exactly
 * the wave's units, each once; then each file is renamed into {@code units/zone=...}. A rename is atomic, so after
 * any crash a unit is either wholly in the table or absent (with the other units of its file), and a re-run computes
 * exactly the absent units. A wave is committed while the next one computes; a study of W waves over Z zones leaves
 * at most W x Z files. The folder's {@link ResultsLock} keeps other runs out; should two runs still have written (a
 * lock removed by force), units found twice are an error naming their files.
 */
public final class UnitStore {
    private static final Logger LOG = LogManager.getLogger(UnitStore.class);
    /** Files moved at once by a commit. */
    static final int COMMIT_THREADS = 16;
    /**
     * Name of the RDD whose tasks compute the units of a wave, one unit per task: the stage holding it is the one
     * whose task ends count units ({@code grid.Progress}).
     */
    public static final String UNIT_TASKS = "skypatch work units";

    private final SparkSession spark;
    private final ResultLayout layout;
    private final String staging;

    public UnitStore(SparkSession spark, ResultLayout layout) {
        this.spark = spark;
        this.layout = layout;
        this.staging = layout.staging() + "/" + UUID.randomUUID();
    }

    /**
     * The units in the table: unit id -> the files holding it (as {@code zone=.../part-...parquet}), one entry per
     * row. A file Spark cannot read (cut short by a crash or a full disk) is first moved to {@code _quarantine/units}
     * with one warning: its units count as missing and are computed again. A file that could not be read for a
     * passing reason is recomputed too, which costs time but never changes a result.
     */
    public Map<String, List<String>> inventory() {
        if (!HadoopFiles.exists(spark, layout.units())) {
            return new TreeMap<>();
        }
        Map<String, List<String>> out = unitsByFile(layout.units(), true);
        Set<String> readable = new HashSet<>();
        out.values().forEach(readable::addAll);
        quarantineAllBut(readable);
        return out;
    }

    /**
     * The units of a folder of unit files: unit id -> the files holding it (relative, as {@code zone=.../part-...}),
     * one entry per row; files Spark cannot read are skipped where ignoreCorrupt.
     */
    private Map<String, List<String>> unitsByFile(String folder, boolean ignoreCorrupt) {
        DataFrameReader reader = spark.read().schema(UnitsTable.SCHEMA);
        if (ignoreCorrupt) {
            reader = reader.option("ignoreCorruptFiles", "true");
        }
        Map<String, List<String>> out = new TreeMap<>();
        for (Row r : reader.parquet(folder).select(col("unit_id"), input_file_name()).collectAsList()) {
            out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(relative(new Path(URI.create(r.getString(1)))));
        }
        return out;
    }

    private void quarantineAllBut(Set<String> readable) {
        try {
            FileSystem fs = new Path(layout.units()).getFileSystem(conf());
            for (FileStatus f : unitFiles(fs, new Path(layout.units()))) {
                String file = relative(f.getPath());
                if (!readable.contains(file)) {
                    Path to = new Path(layout.quarantine() + "/units/" + file);
                    fs.mkdirs(to.getParent());
                    if (!fs.rename(f.getPath(), to)) {
                        throw new IOException("rename " + f.getPath() + " -> " + to + " failed");
                    }
                    LOG.warn("unit file {} is unreadable ({} bytes, cut short by a crash or a full disk?): moved to {}; "
                            + "its units are computed again", file, f.getLen(), to);
                }
            }
        } catch (IOException e) {
            throw new UserException.BadOutput("cannot move unreadable unit files of " + layout.units() + " to "
                    + layout.quarantine() + " (" + e.getMessage() + "): move them away by hand and run again", e);
        }
    }

    /** Whether the table holds any unit file, readable or not. */
    public boolean isEmpty() {
        try {
            Path units = new Path(layout.units());
            FileSystem fs = units.getFileSystem(conf());
            return !fs.exists(units) || unitFiles(fs, units).isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + layout.units() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a table's units against the study's: none in two files, none the study does not plan, and every
     * {@code required} one there. Each failure is a one-line error naming units and files.
     */
    public void check(Map<String, List<String>> written, Collection<String> planned, Collection<String> required) {
        Differences d = Differences.of(written, planned, required);
        if (!d.twice().isEmpty()) {
            String first = d.twice().get(0);
            throw new UserException.BadOutput(layout.units() + " holds " + d.twice().size() + " units twice (" + first
                    + " in " + String.join(" and ", written.get(first))
                    + (d.twice().size() > 1 ? "; and " + (d.twice().size() - 1) + " more" : "") + "): two runs wrote into "
                    + "this folder; delete one file of each pair (they hold the same fits) and run again");
        }
        if (!d.unexpected().isEmpty()) {
            String first = d.unexpected().first();
            throw new UserException.BadOutput(layout.units() + " holds " + d.unexpected().size() + " units this study does "
                    + "not plan (" + first + " in " + written.get(first).get(0) + "): it mixes "
                    + "results of several studies; choose another output folder");
        }
        if (!d.missing().isEmpty()) {
            throw new UserException.BadOutput(layout.units() + " lacks " + d.missing().size() + " of the "
                    + required.size() + " units it needs (" + d.missing().first() + "): run the study again to compute them");
        }
    }

    /**
     * How units written (unit id -> the files holding it, one entry per row) differ from what should be there:
     * the ids written more than once (in id order), those not allowed, and those required but missing.
     */
    record Differences(List<String> twice, TreeSet<String> unexpected, TreeSet<String> missing) {
        static Differences of(Map<String, List<String>> written, Collection<String> allowed,
                              Collection<String> required) {
            List<String> twice = written.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                    .sorted().toList();
            TreeSet<String> unexpected = new TreeSet<>(written.keySet());
            unexpected.removeAll(new HashSet<>(allowed)); // a list's contains would make this quadratic (38,418 units)
            TreeSet<String> missing = new TreeSet<>(required);
            missing.removeAll(written.keySet());
            return new Differences(twice, unexpected, missing);
        }
    }

    /** Removes what earlier runs left in staging: never committed, so never read, and the lock keeps live runs out. */
    public void clearStaging() {
        try {
            Path path = new Path(layout.staging());
            path.getFileSystem(conf()).delete(path, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear " + layout.staging() + ": " + e.getMessage(), e);
        }
    }

    /** A wave of {@code units} units written into staging, one file per zone, its files not yet moved into the table. */
    public record StagedWave(String folder, List<FileStatus> files, int units) {
    }

    /**
     * Computes a wave's rows and writes them into this run's staging, one file per zone, then checks that the
     * staged files hold exactly the wave's units, each once; otherwise nothing of the wave can be committed.
     *
     * @param oneUnitPerPartition the wave's rows, one partition per unit in the order Spark should start them
     *                            (computing a partition runs its fits)
     * @param units               the units of those partitions
     */
    public StagedWave write(JavaRDD<Row> oneUnitPerPartition, List<WorkUnit> units) {
        String wave = staging + "/" + UUID.randomUUID();
        List<String> zones = units.stream().map(WorkUnit::zone).distinct().sorted().toList();
        int zoneField = UnitsTable.SCHEMA.fieldIndex("zone");
        // the computing stage: one task per unit; its rows go to one task per zone through the shuffle
        JavaPairRDD<String, Row> computed = oneUnitPerPartition.mapToPair(r -> new Tuple2<>(r.getString(zoneField), r));
        computed.setName(UNIT_TASKS);
        JavaRDD<Row> byZone = computed.partitionBy(new ZonePartitioner(zones)).values();
        spark.createDataFrame(byZone, UnitsTable.SCHEMA).write().mode(SaveMode.ErrorIfExists).partitionBy("zone")
                .parquet(wave);
        List<FileStatus> files;
        try {
            files = unitFiles(new Path(wave).getFileSystem(conf()), new Path(wave));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + wave + ": " + e.getMessage(), e);
        }
        String wrong = mismatch(unitsByFile(wave, false), units.stream().map(WorkUnit::id).toList(),
                files.stream().map(f -> relative(f.getPath())).toList());
        if (wrong != null) {
            throw new IllegalStateException("the Spark job of " + units.size() + " units left " + files.size()
                    + " files in " + wave + " that " + wrong + ": nothing of it is committed");
        }
        return new StagedWave(wave, files, units.size());
    }

    /**
     * What is wrong with a staged wave, or null: every expected unit once, no other unit, no file without units.
     *
     * @param staged   unit id -> the staged files holding it, one entry per row
     * @param expected the wave's unit ids
     * @param files    the staged files
     */
    static String mismatch(Map<String, List<String>> staged, Collection<String> expected, Collection<String> files) {
        Differences d = Differences.of(staged, expected, expected);
        if (!d.missing().isEmpty()) {
            return "lack " + d.missing().size() + " of its units (" + d.missing().first() + ")";
        }
        if (!d.unexpected().isEmpty()) {
            return "hold " + d.unexpected().size() + " units not in it (" + d.unexpected().first() + ")";
        }
        if (!d.twice().isEmpty()) {
            return "hold " + d.twice().size() + " units twice (" + d.twice().get(0) + " in " + String.join(" and ",
                    staged.get(d.twice().get(0))) + ")";
        }
        Set<String> holding = new HashSet<>();
        staged.values().forEach(holding::addAll);
        List<String> empty = files.stream().filter(f -> !holding.contains(f)).sorted().toList();
        if (!empty.isEmpty()) {
            return "include " + empty.size() + " files without units (" + empty.get(0) + ")";
        }
        return null;
    }

    /** Sends each row to the partition of its zone: one write task, so one file, per zone of the wave. */
    static final class ZonePartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final List<String> zones;

        ZonePartitioner(List<String> zones) {
            this.zones = List.copyOf(zones);
        }

        @Override
        public int numPartitions() {
            return zones.size();
        }

        @Override
        public int getPartition(Object zone) {
            int i = zones.indexOf(zone);
            if (i < 0) {
                throw new IllegalStateException("a unit row of zone " + zone + " in a wave of the zones " + zones);
            }
            return i;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ZonePartitioner p && p.zones.equals(zones);
        }

        @Override
        public int hashCode() {
            return zones.hashCode();
        }
    }

    /**
     * Moves each file of a staged wave into {@code units/zone=...}, {@link #COMMIT_THREADS} at a time: on an
     * object store a rename is a copy, which one driver thread would do one file after another.
     *
     * @return number of units committed
     */
    public int commit(StagedWave wave) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(COMMIT_THREADS, wave.files().size())));
        try {
            FileSystem fs = new Path(wave.folder()).getFileSystem(conf());
            List<Future<?>> moves = new ArrayList<>();
            for (FileStatus f : wave.files()) {
                moves.add(pool.submit(() -> {
                    Path target = new Path(new Path(layout.units()), f.getPath().getParent().getName());
                    fs.mkdirs(target);
                    Path dst = new Path(target, f.getPath().getName());
                    if (!fs.rename(f.getPath(), dst)) {
                        throw new IOException("rename " + f.getPath() + " -> " + dst + " failed");
                    }
                    return null;
                }));
            }
            for (Future<?> move : moves) {
                move.get();
            }
            fs.delete(new Path(wave.folder()), true);
            return wave.units();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot commit " + wave.folder() + " into " + layout.units() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            throw new IllegalStateException("cannot commit " + wave.folder() + " into " + layout.units() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while committing " + wave.folder(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The Parquet files under the {@code zone=...} folders of a folder. */
    private static List<FileStatus> unitFiles(FileSystem fs, Path folder) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus zoneDir : fs.listStatus(folder)) {
            if (zoneDir.isDirectory() && zoneDir.getPath().getName().startsWith("zone=")) {
                for (FileStatus f : fs.listStatus(zoneDir.getPath())) {
                    if (f.isFile() && f.getPath().getName().endsWith(".parquet")) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    /** {@code zone=.../file} of a unit file. */
    private static String relative(Path file) {
        return file.getParent().getName() + "/" + file.getName();
    }

    private Configuration conf() {
        return spark.sparkContext().hadoopConfiguration();
    }
}
