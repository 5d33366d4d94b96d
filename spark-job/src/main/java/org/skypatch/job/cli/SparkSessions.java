package org.skypatch.job.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that builds SparkSessions. Settings skypatch relies on are forced; other defaults
 * apply only when spark-submit or spark-defaults.conf did not set them. Tests share one session.
 */
public final class SparkSessions {
    private static SparkSession forTests;

    private SparkSessions() {
    }

    /**
     * The session of a job: under spark-submit the master comes from it; from bin/skypatch (no master
     * set) it is local mode on every core.
     */
    public static SparkSession forJob(String appName) {
        SparkConf conf = new SparkConf();
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.sql.shuffle.partitions", "16");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        forceCommon(conf);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * One local session for every test class in the JVM: 2 cores, a failed task retried once (as on a
     * cluster, where results must not depend on retries), UI off, few shuffle partitions. Never stop it.
     */
    public static synchronized SparkSession forTests() {
        if (forTests == null) {
            Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "spark-local");
            try {
                Files.createDirectories(scratch);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create Spark scratch folder " + scratch, e);
            }
            SparkConf conf = new SparkConf()
                    .setMaster("local[2,2]")
                    .setAppName("skypatch-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.ui.showConsoleProgress", "false")
                    .set("spark.sql.shuffle.partitions", "4")
                    .set("spark.default.parallelism", "2")
                    .set("spark.local.dir", scratch.toString())
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.sql.warehouse.dir", scratch.resolve("warehouse").toString());
            forceCommon(conf);
            forTests = SparkSession.builder().config(conf).getOrCreate();
        }
        return forTests;
    }

    /** Settings every skypatch session has. */
    private static void forceCommon(SparkConf conf) {
        // per-pixel arrays of the units table compress well with zstd
        conf.set("spark.sql.parquet.compression.codec", "zstd");
    }
}
