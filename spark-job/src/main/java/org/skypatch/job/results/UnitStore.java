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
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.skypatch.job.error.UserException;

/**
 * The {@code units} table with unit-level commits. A batch of units is written by one Spark job with one
 * unit per task, so every Parquet file holds exactly one unit; the job writes into this run's staging folder
 * and, once it has succeeded and left one file per unit, each file is renamed into {@code units/zone=...}.
 * A rename is atomic, so after any crash a unit is either wholly in the table or absent, and a re-run
 * computes exactly the absent units. A wave is committed while the next one computes. The folder's {@link ResultsLock} keeps other runs out; should two runs
 * still have written (a lock removed by force), units found twice are an error naming their files.
 */
public final class UnitStore {
    private static final Logger LOG = LogManager.getLogger(UnitStore.class);
    /** Files moved at once by a commit. */
    static final int COMMIT_THREADS = 16;

    private final SparkSession spark;
    private final ResultLayout layout;
    private final String staging;

    public UnitStore(SparkSession spark, ResultLayout layout) {
        this.spark = spark;
        this.layout = layout;
        this.staging = layout.staging() + "/" + UUID.randomUUID();
    }

    /**
     * The units in the table: unit id -> the files holding it (as {@code zone=.../part-...parquet}). A file
     * Spark cannot read (cut short by a crash or a full disk) is first moved to {@code _quarantine/units} with
     * one warning: its unit counts as missing and is computed again. A file that could not be read for a
     * passing reason is recomputed too, which costs time but never changes a result.
     */
    public Map<String, List<String>> inventory() {
        Map<String, List<String>> out = new TreeMap<>();
        if (!HadoopFiles.exists(spark, layout.units())) {
            return out;
        }
        Dataset<Row> ids = spark.read().schema(UnitsTable.SCHEMA).option("ignoreCorruptFiles", "true")
                .parquet(layout.units()).select(col("unit_id"), input_file_name());
        Set<String> readable = new HashSet<>();
        for (Row r : ids.collectAsList()) {
            String file = relative(new Path(URI.create(r.getString(1))));
            readable.add(file);
            out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(file);
        }
        quarantineAllBut(readable);
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
                            + "its unit is computed again", file, f.getLen(), to);
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
        List<String> twice = written.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " in " + String.join(" and ", e.getValue())).toList();
        if (!twice.isEmpty()) {
            throw new UserException.BadOutput(layout.units() + " holds " + twice.size() + " units twice (" + twice.get(0)
                    + (twice.size() > 1 ? "; and " + (twice.size() - 1) + " more" : "") + "): two runs wrote into "
                    + "this folder; delete one file of each pair (they hold the same fits) and run again");
        }
        TreeSet<String> unplanned = new TreeSet<>(written.keySet());
        unplanned.removeAll(planned);
        if (!unplanned.isEmpty()) {
            throw new UserException.BadOutput(layout.units() + " holds " + unplanned.size() + " units this study does "
                    + "not plan (" + unplanned.first() + " in " + written.get(unplanned.first()).get(0) + "): it mixes "
                    + "results of several studies; choose another output folder");
        }
        TreeSet<String> missing = new TreeSet<>(required);
        missing.removeAll(written.keySet());
        if (!missing.isEmpty()) {
            throw new UserException.BadOutput(layout.units() + " lacks " + missing.size() + " of the "
                    + required.size() + " units it needs (" + missing.first() + "): run the study again to compute them");
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

    /** A wave written into staging, one file per unit, its files not yet moved into the table. */
    public record StagedWave(String folder, List<FileStatus> files) {
    }

    /**
     * Writes the rows (one partition per unit; computing them runs the fits) into this run's staging.
     *
     * @param units number of units (partitions) of the rows
     */
    public StagedWave write(JavaRDD<Row> oneUnitPerPartition, int units) {
        String wave = staging + "/" + UUID.randomUUID();
        Dataset<Row> rows = spark.createDataFrame(oneUnitPerPartition, UnitsTable.SCHEMA);
        rows.write().mode(SaveMode.ErrorIfExists).partitionBy("zone").parquet(wave);
        try {
            List<FileStatus> files = unitFiles(new Path(wave).getFileSystem(conf()), new Path(wave));
            if (files.size() != units) {
                throw new IllegalStateException("the Spark job of " + units + " units left " + files.size()
                        + " unit files in " + wave + ": nothing of it is committed");
            }
            return new StagedWave(wave, files);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + wave + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves each file of a staged wave into {@code units/zone=...}, {@link #COMMIT_THREADS} at a time: on an
     * object store a rename is a copy, which one driver thread would do one file after another.
     *
     * @return number of unit files committed
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
            return wave.files().size();
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
