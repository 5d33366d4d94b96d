package org.skypatch.job.results;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MetadataBuilder;
import org.skypatch.job.study.Metric;
import org.skypatch.job.study.SelectionRule;
import org.skypatch.job.study.Study;
import org.skypatch.sky.CmbSpectra;

/**
 * Turns the units table into the {@code rankings} table (metrics of every (zone, configuration), ranked
 * within the zone by the chosen metric, each metric column's comment saying whether it needs the true CMB) and
 * the {@code best} table (the configuration the {@link SelectionRule} chooses per zone, with the rule and the
 * runner-up), with the SQL in resources ({@code rankings.sql}, {@code best.sql}), and with r.perRealization the
 * {@code best_realizations} table ({@code best_realizations.sql}). All are rewritten from all units on every run.
 */
public final class Aggregation {
    private static final Logger LOG = LogManager.getLogger(Aggregation.class);

    private Aggregation() {
    }

    /**
     * Rewrites the rankings of every zone of units and the best table of the study's zones (whole-mask baselines
     * are ranked but never chosen), by the study's {@link SelectionRule}.
     */
    public static Dataset<Row> rankings(SparkSession spark, ResultLayout layout, Study study) {
        SelectionRule rule = study.selection();
        int nside = study.nside();
        spark.read().parquet(layout.units()).createOrReplaceTempView("units");
        Dataset<Row> rankings = spark.sql(StudyTables.sql("rankings.sql").replace("${metric}", rule.metric().column())
                .replace("${lensing_bb_sum}", String.format(Locale.ROOT, "%.17g", lensingBbSum(nside))));
        for (Map.Entry<String, String> c : comments().entrySet()) {
            rankings = rankings.withColumn(c.getKey(), rankings.col(c.getKey()).as(c.getKey(),
                    new MetadataBuilder().putString("comment", c.getValue()).build()));
        }
        rankings.coalesce(1).write().mode(SaveMode.Overwrite).parquet(layout.table("rankings"));
        Dataset<Row> written = spark.read().parquet(layout.table("rankings"));
        written.createOrReplaceTempView("rankings");
        Dataset<Row> best = spark.sql(StudyTables.sql("best.sql").replace("${top_n}", String.valueOf(rule.topN()))
                .replace("${systematic_max}", rule.systematicMax() == null ? "double('Infinity')"
                        : String.format(Locale.ROOT, "%.17g", rule.systematicMax()))
                .replace("${rule}", rule.describe())
                .replace("${zones}", zoneList(study)));
        best.coalesce(1).write().mode(SaveMode.Overwrite).parquet(layout.table("best"));
        Dataset<Row> chosen = spark.read().parquet(layout.table("best"));
        chosen.createOrReplaceTempView("best");
        if (study.perRealizationSelection()) {
            spark.sql(StudyTables.sql("best_realizations.sql").replace("${column}", rule.metric().perRealizationColumn())
                    .replace("${zones}", zoneList(study))).coalesce(1).write().mode(SaveMode.Overwrite)
                    .parquet(layout.table("best_realizations"));
        } else if (study.rPerRealization()) {
            LOG.warn("r.perRealization needs a metric with a value per realization, not {}: no per_realization choice",
                    rule.metric().column());
        }
        for (Row r : chosen.where("NOT rule_met").select("zone").collectAsList()) {
            LOG.warn("zone {}: no configuration among the {} best by {} has systematic_over_lensing <= {}: chose the "
                    + "lowest", r.getString(0), rule.topN(), rule.metric().column(), rule.systematicMax());
        }
        return written;
    }

    /** The study's zones as an SQL list. */
    private static String zoneList(Study study) {
        return study.zones().stream().map(z -> "'" + z + "'").collect(Collectors.joining(", "));
    }

    /** Lensing BB summed over l = 2..2 nside+1, uK^2: the scale of systematic_over_lensing. */
    static double lensingBbSum(int nside) {
        double[] bb = CmbSpectra.lensedScalar().bb();
        double sum = 0;
        for (int l = 2; l <= 2 * nside + 1; l++) {
            sum += bb[l];
        }
        return sum;
    }

    /** Column comments of the rankings table: which columns only a simulation can have. */
    private static Map<String, String> comments() {
        Map<String, String> c = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            c.put(m.column(), m.needsTruth() ? "needs the true CMB (simulations only); lower is better"
                    : "no truth needed; lower is better");
        }
        c.put("mean_residual_power", "mean over pixels of the squared mean residual, uK^2; needs the true CMB");
        c.put("systematic_bb_sum", "BB of the systematic residual, summed over l = 2..2 nside+1, uK^2; needs the "
                + "foreground-only sky (simulations only)");
        c.put("systematic_over_lensing", "systematic_bb_sum over lensing BB summed over the same l; needs the "
                + "foreground-only sky (simulations only)");
        return c;
    }
}
