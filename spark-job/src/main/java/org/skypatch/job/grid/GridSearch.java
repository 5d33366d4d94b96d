package org.skypatch.job.grid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skypatch.job.fit.UnitFitter;
import org.skypatch.job.fit.ZoneClusters;
import org.skypatch.job.results.UnitStore;
import org.skypatch.job.results.UnitsTable;
import org.skypatch.job.sky.SkyInputSource;
import org.skypatch.job.study.FitSettings;
import org.skypatch.job.study.WorkUnit;

/**
 * Runs the grid: the work units not yet in the {@code units} table, in waves of {@code unitsPerCommit}
 * units (by default 4 per executor core, at least 64, so that a wave keeps a whole cluster busy), each
 * wave one Spark job with one unit per task (largest first), committed by {@link UnitStore} while the next wave
 * computes. Before the
 * ranking reads them, every planned unit must be in the table exactly once.
 */
public final class GridSearch {
    private static final Logger LOG = LogManager.getLogger(GridSearch.class);

    private GridSearch() {
    }

    /** What a run did. */
    public record Outcome(int totalUnits, int skippedUnits, int computedUnits, long fits, double seconds) {
    }

    /**
     * Computes the plan's units not yet in the table.
     *
     * @param studyUnits every unit id the study may write ({@link org.skypatch.job.study.Study#unitIds}): the table
     *                   must hold no other
     */
    public static Outcome run(SparkSession spark, WorkPlan plan, Collection<String> studyUnits, UnitStore store,
                              SkyInputSource sky, FitSettings settings, int unitsPerCommit) {
        return run(spark, plan, studyUnits, store, sky, settings, unitsPerCommit, store.inventory()).outcome();
    }

    /** A run's outcome and the table's inventory when it ended. */
    record Finished(Outcome outcome, Map<String, List<String>> written) {
    }

    /**
     * As {@link #run(SparkSession, WorkPlan, Collection, UnitStore, SkyInputSource, FitSettings, int)}, from the
     * table's inventory as the previous run on this store left it (successive halving's rungs: nothing writes
     * between them, so the table is not read again).
     */
    static Finished run(SparkSession spark, WorkPlan plan, Collection<String> studyUnits, UnitStore store,
                        SkyInputSource sky, FitSettings settings, int unitsPerCommit, Map<String, List<String>> written) {
        store.clearStaging();
        List<String> planned = plan.units().stream().map(WorkUnit::id).toList();
        store.check(written, studyUnits, List.of());
        List<WorkUnit> pending = plan.pending(written.keySet());
        int total = plan.units().size();
        LOG.info("{} work units, {} already written, {} to compute", total, total - pending.size(), pending.size());
        long fits = WorkPlan.fits(pending);
        double fitsPerUnit = pending.isEmpty() ? 0 : (double) fits / pending.size();
        Progress progress = new Progress(total, total - pending.size(), fitsPerUnit);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long start = System.nanoTime();
        int waveSize = unitsPerCommit > 0 ? unitsPerCommit : Math.max(64, 4 * jsc.defaultParallelism());
        LOG.info("{} units per Spark job", waveSize);
        Broadcast<Map<String, int[]>> clusters = jsc.broadcast(KMeansStage.run(jsc, pending, sky, settings.clusteringSeed()));
        spark.sparkContext().addSparkListener(progress);
        int computed = 0;
        // A wave's files are moved into the table while the next wave computes.
        CompletableFuture<Integer> committing = CompletableFuture.completedFuture(0);
        try {
            for (List<WorkUnit> wave : WorkPlan.waves(pending, waveSize)) {
                UnitStore.StagedWave staged = store.write(rows(jsc, new ArrayList<>(wave), clusters, sky, settings), wave);
                computed += joined(committing);
                committing = CompletableFuture.supplyAsync(() -> store.commit(staged));
            }
            computed += joined(committing);
        } finally {
            committing.exceptionally(e -> 0).join(); // never leave a commit running behind a failure
            spark.sparkContext().removeSparkListener(progress);
            clusters.destroy();
        }
        store.clearStaging();
        Map<String, List<String>> after = computed == 0 ? written : store.inventory();
        store.check(after, studyUnits, planned);
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new Finished(new Outcome(total, total - pending.size(), computed, fits, seconds), after);
    }

    /** The result of a commit, its failure thrown as it was. */
    private static int joined(CompletableFuture<Integer> commit) {
        try {
            return commit.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * One partition per unit, in plan order (largest first): computing a partition runs its fits, with the
     * K-means maps of {@link KMeansStage} in the executor's cache.
     */
    static JavaRDD<Row> rows(JavaSparkContext jsc, List<WorkUnit> wave, Broadcast<Map<String, int[]>> clusters,
                             SkyInputSource sky, FitSettings settings) {
        return jsc.parallelize(wave, wave.size()).map(u -> {
            ZoneClusters.preload(clusters.value());
            return UnitsTable.row(UnitFitter.run(u, sky.get(), settings));
        });
    }
}
