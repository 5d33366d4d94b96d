package org.skypatch.job.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Registers a study's Parquet folders as temporary views named after them, and reads the job's SQL. */
public final class StudyTables {
    private StudyTables() {
    }

    /**
     * Registers every table of {@link ResultLayout#TABLES} present under the output folder.
     *
     * @return the names registered
     */
    public static List<String> register(SparkSession spark, ResultLayout layout) {
        List<String> registered = new ArrayList<>();
        for (String name : ResultLayout.TABLES) {
            String path = layout.table(name);
            if (HadoopFiles.exists(spark, path)) {
                spark.read().parquet(path).createOrReplaceTempView(name);
                registered.add(name);
            }
        }
        return registered;
    }

    /** The text of an SQL file in resources under org/skypatch/job/results/. */
    public static String sql(String file) {
        try (InputStream in = StudyTables.class.getResourceAsStream("/org/skypatch/job/results/" + file)) {
            if (in == null) {
                throw new IllegalStateException("SQL resource " + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read SQL resource " + file, e);
        }
    }
}
