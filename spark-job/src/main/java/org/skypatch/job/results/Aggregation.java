package org.skypatch.job.results;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.skypatch.job.study.Metric;

/**
 * Turns the units table into the {@code rankings} table (metrics of every (zone, configuration), ranked
 * within the zone by the chosen metric) and the {@code best} table (rank 1 per zone), with the SQL in
 * resources ({@code rankings.sql}, {@code best.sql}). Both are rewritten from all units on every run.
 */
public final class Aggregation {
    private Aggregation() {
    }

    public static Dataset<Row> rankings(SparkSession spark, ResultLayout layout, Metric metric) {
        spark.read().parquet(layout.units()).createOrReplaceTempView("units");
        Dataset<Row> rankings = spark.sql(StudyTables.sql("rankings.sql").replace("${metric}", metric.column()));
        rankings.coalesce(1).write().mode(SaveMode.Overwrite).parquet(layout.table("rankings"));
        Dataset<Row> written = spark.read().parquet(layout.table("rankings"));
        written.createOrReplaceTempView("rankings");
        Dataset<Row> best = spark.sql(StudyTables.sql("best.sql"));
        best.coalesce(1).write().mode(SaveMode.Overwrite).parquet(layout.table("best"));
        spark.read().parquet(layout.table("best")).createOrReplaceTempView("best");
        return written;
    }
}
