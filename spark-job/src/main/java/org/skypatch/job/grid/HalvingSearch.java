package org.skypatch.job.grid;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.skypatch.job.results.UnitsTable.field;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.results.UnitStore;
import org.skypatch.job.sky.SkyInputSource;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.FitSettings;
import org.skypatch.job.study.Search;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.WorkUnit;

/**
 * Successive halving over the configurations of the study's zones ({@link Search}). Each rung is a normal
 * {@link GridSearch} over the survivors' batches, so every fit is a unit of the table and a re-run resumes: the cuts
 * are made again from the same units, give the same survivors, and only absent units are computed. The cuts are
 * written to the {@code halving} table.
 */
public final class HalvingSearch {
    private static final Logger LOG = LogManager.getLogger(HalvingSearch.class);

    public static final StructType CUTS = new StructType(new StructField[] {
        field("zone", StringType, false, "zone name"),
        field("rung", IntegerType, false, "rung, from 0"),
        field("realizations", IntegerType, false, "realizations each configuration of the rung was fitted on"),
        field("config_id", StringType, false, "configuration"),
        field("metric", StringType, false, "ranking metric"),
        field("metric_mean", DoubleType, false, "mean of the metric over the realizations"),
        field("stderr_vs_cut", DoubleType, true,
                "standard error of the paired difference to the last configuration kept by the fraction (null with one realization)"),
        field("kept", BooleanType, false, "whether the configuration went on to the next rung (the last rung: its finalists)"),
    });

    private HalvingSearch() {
    }

    public static GridSearch.Outcome run(SparkSession spark, Study study, Map<String, Integer> zonePixels,
                                         UnitStore store, SkyInputSource sky, FitSettings settings) {
        Search search = study.search();
        ResultLayout layout = new ResultLayout(study.output());
        LOG.info("search: {}", search.describe());
        Map<String, List<Configuration>> alive = new LinkedHashMap<>();
        study.zones().forEach(z -> alive.put(z, study.configurations()));
        Set<WorkUnit> made = new LinkedHashSet<>(wholeMaskUnits(study, zonePixels));
        List<Row> cuts = new ArrayList<>();
        GridSearch.Outcome total = new GridSearch.Outcome(0, 0, 0, 0, 0);
        Map<String, List<String>> written = store.inventory();
        for (int rung = 0; rung < search.rungs().size(); rung++) {
            int n = search.rungs().get(rung);
            List<WorkUnit> units = new ArrayList<>(rung == 0 ? made : List.of());
            alive.forEach((zone, cs) -> cs.forEach(c ->
                    units.addAll(WorkPlan.batches(study, zone, c, n, false, zonePixels.get(zone)))));
            made.addAll(units);
            LOG.info("halving rung {}/{}: {} configurations on {} realizations", rung + 1, search.rungs().size(),
                    alive.values().stream().mapToInt(List::size).sum(), n);
            GridSearch.Finished ran = GridSearch.run(spark, WorkPlan.of(units), study.unitIds(), store, sky, settings,
                    study.unitsPerCommit(), written);
            total = plus(total, ran.outcome());
            written = ran.written();
            Map<String, List<RungCut.Verdict>> verdicts = cut(spark, layout, study, alive, n);
            boolean last = rung == search.rungs().size() - 1;
            for (Map.Entry<String, List<RungCut.Verdict>> z : verdicts.entrySet()) {
                List<Configuration> next = new ArrayList<>();
                for (RungCut.Verdict v : z.getValue()) {
                    boolean kept = last || v.kept();
                    cuts.add(RowFactory.create(z.getKey(), rung, n, v.scores().configId(), study.metric().column(),
                            v.scores().mean(), v.stderr(), kept));
                    if (kept) {
                        next.add(byId(alive.get(z.getKey()), v.scores().configId()));
                    }
                }
                alive.put(z.getKey(), next);
            }
        }
        List<WorkUnit> systematic = systematicUnits(study, alive, zonePixels);
        made.addAll(systematic);
        LOG.info("halving: systematic fits of {} finalists and baselines", systematic.size());
        total = plus(total, GridSearch.run(spark, WorkPlan.of(systematic), study.unitIds(), store, sky, settings,
                study.unitsPerCommit(), written).outcome());
        spark.createDataFrame(cuts, CUTS).coalesce(1).write().mode(SaveMode.Overwrite).parquet(layout.table("halving"));
        long fits = WorkPlan.fits(List.copyOf(made));
        long exhaustive = WorkPlan.fits(WorkPlan.of(study, zonePixels).units());
        LOG.info(String.format(Locale.ROOT, "halving: %d units, %d fits: %.1f%% of the %d an exhaustive search makes",
                made.size(), fits, 100.0 * fits / exhaustive, exhaustive));
        return new GridSearch.Outcome(made.size(), made.size() - total.computedUnits(), total.computedUnits(),
                total.fits(), total.seconds());
    }

    /** The whole-mask baselines' units: fitted exhaustively, their systematic in batch 0. */
    private static List<WorkUnit> wholeMaskUnits(Study study, Map<String, Integer> zonePixels) {
        List<WorkUnit> out = new ArrayList<>();
        study.zoneConfigurations().forEach((zone, cs) -> {
            if (!study.zones().contains(zone)) {
                cs.forEach(c -> out.addAll(WorkPlan.batches(study, zone, c, study.realizations(), true,
                        zonePixels.get(zone))));
            }
        });
        return out;
    }

    /**
     * The systematic fits the r step and the selection rule read: every finalist's, and, with r baselines, each
     * multi-resolution and single-patch configuration's in every zone.
     */
    private static List<WorkUnit> systematicUnits(Study study, Map<String, List<Configuration>> finalists,
                                                  Map<String, Integer> zonePixels) {
        List<WorkUnit> out = new ArrayList<>();
        finalists.forEach((zone, cs) -> {
            Set<Configuration> need = new LinkedHashSet<>(cs);
            if (study.rBaselines()) {
                study.configurations().stream().filter(c -> c.method() != Configuration.Method.KMEANS).forEach(need::add);
            }
            need.forEach(c -> out.add(WorkPlan.systematicOnly(zone, c, zonePixels.get(zone))));
        });
        return out;
    }

    /** Each zone's cut of its alive configurations, from their units' metric values on realizations 0..n-1. */
    private static Map<String, List<RungCut.Verdict>> cut(SparkSession spark, ResultLayout layout, Study study,
                                                         Map<String, List<Configuration>> alive, int n) {
        Map<String, Map<String, double[]>> values = new LinkedHashMap<>();
        alive.forEach((zone, cs) -> {
            Map<String, double[]> m = new LinkedHashMap<>();
            cs.forEach(c -> m.put(c.id(), filled(n)));
            values.put(zone, m);
        });
        List<Row> rows = spark.read().parquet(layout.units())
                .where(col("zone").isin(alive.keySet().toArray()).and(col("batch").geq(0)))
                .select(col("zone"), col("config_id"), col("realizations"), col(study.metric().perRealizationColumn()))
                .collectAsList();
        for (Row r : rows) {
            double[] v = values.get(r.getString(0)).get(r.getString(1));
            List<Integer> realizations = r.getList(2);
            List<Double> metric = r.getList(3);
            for (int i = 0; v != null && i < realizations.size(); i++) {
                if (realizations.get(i) < n) {
                    v[realizations.get(i)] = metric.get(i);
                }
            }
        }
        int least = study.selection().topN();
        Map<String, List<RungCut.Verdict>> out = new LinkedHashMap<>();
        values.forEach((zone, m) -> {
            List<RungCut.Scores> scores = new ArrayList<>();
            m.forEach((id, v) -> {
                for (int i = 0; i < n; i++) {
                    if (Double.isNaN(v[i])) {
                        throw new IllegalStateException("the units table lacks realization " + i + " of " + zone + "/"
                                + id + " after its rung ran");
                    }
                }
                scores.add(new RungCut.Scores(id, v));
            });
            out.put(zone, RungCut.cut(scores, study.search(), least));
        });
        return out;
    }

    private static double[] filled(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private static Configuration byId(List<Configuration> cs, String id) {
        return cs.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static GridSearch.Outcome plus(GridSearch.Outcome a, GridSearch.Outcome b) {
        return new GridSearch.Outcome(a.totalUnits() + b.totalUnits(), a.skippedUnits() + b.skippedUnits(),
                a.computedUnits() + b.computedUnits(), a.fits() + b.fits(), a.seconds() + b.seconds());
    }
}
