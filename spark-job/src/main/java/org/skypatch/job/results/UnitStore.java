package org.skypatch.job.results;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code units} table with unit-level commits. A batch of units is written by one Spark job with one
 * unit per task, so every Parquet file holds exactly one unit; the job writes into a staging folder and,
 * once it has succeeded, each file is renamed into {@code units/zone=...}. A rename is atomic, so after
 * any crash a unit is either wholly in the table or absent, and a re-run computes exactly the absent
 * units: no duplicates, no lost rows.
 */
public final class UnitStore {
    private final SparkSession spark;
    private final ResultLayout layout;

    public UnitStore(SparkSession spark, ResultLayout layout) {
        this.spark = spark;
        this.layout = layout;
    }

    /** Ids of the units already in the table. */
    public Set<String> doneUnitIds() {
        Set<String> done = new HashSet<>();
        if (!exists(layout.units())) {
            return done;
        }
        for (Row r : spark.read().parquet(layout.units()).select("unit_id").collectAsList()) {
            done.add(r.getString(0));
        }
        return done;
    }

    /** Removes what an interrupted run left in staging (never committed, so never read). */
    public void clearStaging() {
        try {
            Path staging = new Path(layout.staging());
            staging.getFileSystem(conf()).delete(staging, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear " + layout.staging() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the rows (one partition per unit; computing them runs the fits) and commits each unit's file.
     *
     * @return number of unit files committed
     */
    public int writeAndCommit(JavaRDD<Row> oneUnitPerPartition) {
        String wave = layout.staging() + "/" + UUID.randomUUID();
        Dataset<Row> rows = spark.createDataFrame(oneUnitPerPartition, UnitsTable.SCHEMA);
        rows.write().mode(SaveMode.ErrorIfExists).partitionBy("zone").parquet(wave);
        try {
            return moveInto(new Path(wave), new Path(layout.units()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot commit " + wave + " into " + layout.units() + ": " + e.getMessage(), e);
        }
    }

    private int moveInto(Path wave, Path units) throws IOException {
        FileSystem fs = wave.getFileSystem(conf());
        int moved = 0;
        for (FileStatus zoneDir : fs.listStatus(wave)) {
            String name = zoneDir.getPath().getName();
            if (!zoneDir.isDirectory() || !name.startsWith("zone=")) {
                continue;
            }
            Path target = new Path(units, name);
            fs.mkdirs(target);
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus f : fs.listStatus(zoneDir.getPath())) {
                if (f.isFile() && f.getPath().getName().endsWith(".parquet")) {
                    files.add(f);
                }
            }
            for (FileStatus f : files) {
                Path dst = new Path(target, f.getPath().getName());
                if (!fs.rename(f.getPath(), dst)) {
                    throw new IOException("rename " + f.getPath() + " -> " + dst + " failed");
                }
                moved++;
            }
        }
        fs.delete(wave, true);
        return moved;
    }

    private boolean exists(String path) {
        try {
            Path p = new Path(path);
            return p.getFileSystem(conf()).exists(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private Configuration conf() {
        return spark.sparkContext().hadoopConfiguration();
    }
}
