package org.skypatch.job.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.skypatch.job.results.UnitsTable.field;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.skypatch.job.results.HadoopFiles;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.sky.SkyInputSource;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.FitSettings;
import org.skypatch.job.study.Study;

/**
 * r against the number of beta_d clusters (the paper's figure 13): for each beta_d count K of the K-means grid, the
 * best-ranked configuration with that count in each zone (the {@code rankings} table), and r estimated for that set
 * as for the chosen one ({@link TensorEstimation}: every realization refitted); the multi-resolution and
 * single-patch baselines at their beta_d patch counts, from {@code r_estimates}. One r estimate per beta_d count of
 * the grid, each as costly as the chosen configuration's. Writes the {@code r_beta_d} table.
 */
public final class BetaDustScan {
    private static final Logger LOG = LogManager.getLogger(BetaDustScan.class);

    public static final String TABLE = "r_beta_d";
    public static final StructType SCHEMA = new StructType(new StructField[] {
        field("method", StringType, false, "kmeans, or the baseline's methods (multires, single)"),
        field("selection", StringType, false, "kmeans_K (K beta_d clusters per zone), or the r_estimates selection"),
        field("beta_d", IntegerType, true, "the K-means beta_d count of the grid (null for a baseline)"),
        field("clusters_beta_d", IntegerType, false, "beta_d clusters (patches) obtained, summed over the zones"),
        field("configurations", StringType, false, "zone=config_id pairs, comma separated"),
        field("metric", StringType, false, "the ranking metric whose ranks chose the K-means configurations"),
        field("r_hat", DoubleType, false, "maximum-likelihood r"),
        field("sigma_minus", DoubleType, false, "68% bound below r_hat"),
        field("sigma_plus", DoubleType, false, "68% bound above r_hat"),
    });

    private BetaDustScan() {
    }

    public static List<Row> run(SparkSession spark, Study study, SkyInputs sky, SkyInputSource source,
                                FitSettings settings) {
        ResultLayout layout = new ResultLayout(study.output());
        // beta_d -> zone -> best-ranked K-means configuration with that beta_d count, and its clusters
        Map<Integer, Map<String, Configuration>> perCount = new TreeMap<>();
        Map<String, Integer> clusters = new LinkedHashMap<>();
        List<Row> ranked = spark.read().parquet(layout.table("rankings"))
                // with successive halving only the finalists have the systematic fit the r step needs
                .where(col("method").equalTo("kmeans").and(col("zone").isin(study.zones().toArray()))
                        .and(col("systematic_bb_sum").isNotNull()))
                .select("zone", "beta_d", "temp_d", "beta_s", "rank", "clusters_beta_d").orderBy("rank")
                .collectAsList();
        for (Row r : ranked) {
            Map<String, Configuration> zones = perCount.computeIfAbsent(r.getInt(1), k -> new TreeMap<>());
            if (!zones.containsKey(r.getString(0))) {
                Configuration c = new Configuration(Configuration.Method.KMEANS, r.getInt(1), r.getInt(2), r.getInt(3));
                zones.put(r.getString(0), c);
                clusters.put(r.getString(0) + "=" + c.id(), r.getInt(5));
            }
        }
        perCount.values().removeIf(zones -> zones.size() != study.zones().size());
        LOG.info("r against the beta_d count: {} r estimates (one per beta_d count of the grid, each refitting {} "
                + "zones x {} realizations)", perCount.size(), study.zones().size(), study.realizations());
        double fsky = TensorEstimation.fsky(study, sky);
        String metric = study.metric().column();
        List<Row> rows = new ArrayList<>();
        int done = 0;
        for (Map.Entry<Integer, Map<String, Configuration>> e : perCount.entrySet()) {
            long t0 = System.nanoTime();
            String name = "kmeans_" + e.getKey();
            TensorEstimation.Computed c = TensorEstimation.compute(spark, study, sky, source, settings, layout,
                    Collections.nCopies(study.realizations(), e.getValue()), fsky, name);
            String desc = e.getValue().entrySet().stream().map(z -> z.getKey() + "=" + z.getValue().id())
                    .collect(Collectors.joining(","));
            int total = e.getValue().entrySet().stream().mapToInt(z -> clusters.get(z.getKey() + "=" + z.getValue().id()))
                    .sum();
            rows.add(RowFactory.create("kmeans", name, e.getKey(), total, desc, metric, c.r().rHat(),
                    c.r().sigmaMinus(), c.r().sigmaPlus()));
            LOG.info("r against the beta_d count {}/{}: K = {} ({} clusters): r-hat {} -{} +{} in {} s", ++done,
                    perCount.size(), e.getKey(), total, String.format("%.3g", c.r().rHat()),
                    String.format("%.3g", c.r().sigmaMinus()), String.format("%.3g", c.r().sigmaPlus()),
                    String.format("%.1f", (System.nanoTime() - t0) * 1e-9));
        }
        rows.addAll(baselines(spark, layout, metric));
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(layout.table(TABLE));
        return rows;
    }

    /** The r_estimates baselines (not "chosen") at their beta_d patch counts summed over their zones. */
    private static List<Row> baselines(SparkSession spark, ResultLayout layout, String metric) {
        if (!HadoopFiles.exists(spark, layout.table("r_estimates"))) {
            return List.of();
        }
        Map<String, Integer> clusters = new LinkedHashMap<>();
        Map<String, String> methods = new LinkedHashMap<>();
        for (Row r : spark.read().parquet(layout.table("rankings")).where(col("method").notEqual("kmeans"))
                .select("zone", "config_id", "clusters_beta_d", "method").collectAsList()) {
            clusters.put(r.getString(0) + "=" + r.getString(1), r.getInt(2));
            methods.put(r.getString(0) + "=" + r.getString(1), r.getString(3));
        }
        List<Row> out = new ArrayList<>();
        for (Row r : spark.read().parquet(layout.table("r_estimates")).where(col("selection").notEqual("chosen"))
                .select("selection", "configurations", "r_hat", "sigma_minus", "sigma_plus").orderBy("selection")
                .collectAsList()) {
            int total = 0;
            List<String> method = new ArrayList<>();
            boolean known = true;
            for (String pair : r.getString(1).split(",")) {
                known &= clusters.containsKey(pair);
                total += clusters.getOrDefault(pair, 0);
                if (!method.contains(methods.get(pair))) {
                    method.add(methods.get(pair));
                }
            }
            if (known) {
                out.add(RowFactory.create(String.join("+", method), r.getString(0), null, total, r.getString(1), metric,
                        r.getDouble(2), r.getDouble(3), r.getDouble(4)));
            }
        }
        return out;
    }
}
