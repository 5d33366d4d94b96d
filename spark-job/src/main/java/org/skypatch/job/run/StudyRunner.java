package org.skypatch.job.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.skypatch.gpu.Backend;
import org.skypatch.job.estimate.BetaDustScan;
import org.skypatch.job.estimate.TensorEstimation;
import org.skypatch.job.grid.GridSearch;
import org.skypatch.job.grid.HalvingSearch;
import org.skypatch.job.grid.WorkPlan;
import org.skypatch.job.results.Aggregation;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.results.StudyManifest;
import org.skypatch.job.results.UnitStore;
import org.skypatch.job.results.ZonesTable;
import org.skypatch.job.sky.SkyBuilder;
import org.skypatch.job.sky.SkyInputSource;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.FitSettings;
import org.skypatch.job.study.Study;
import org.skypatch.sky.SimulatedSky;
import org.skypatch.sky.Zone;

/**
 * The driver's steps of {@code skypatch run}: sky and zones, the manifest and zones table, the grid of
 * work units (resumable), then the rankings.
 */
public final class StudyRunner {
    private static final Logger LOG = LogManager.getLogger(StudyRunner.class);

    private final SparkSession spark;
    private final SkyBuilder skyBuilder;
    private final String version;

    public StudyRunner(SparkSession spark, SkyBuilder skyBuilder, String version) {
        this.spark = spark;
        this.skyBuilder = skyBuilder;
        this.version = version;
    }

    /** The sky of a study with its zones, as the grid and the r estimation need them. */
    public record PreparedSky(SimulatedSky fullSky, List<Zone> zones, SkyInputs inputs, SkyInputSource source) {
    }

    /** Builds the sky and ships it to executors (broadcast, or a file under the study's output folder). */
    public PreparedSky prepare(Study study) {
        long t0 = System.nanoTime();
        SkyBuilder.StudySky built = skyBuilder.build(study);
        SimulatedSky sky = built.sky();
        List<Zone> zones = built.zones();
        SkyInputs inputs = SkyBuilder.inputs(study, sky, zones);
        LOG.info("sky ready in {} s: nside {}, {} bands, zones {}", String.format("%.1f", (System.nanoTime() - t0) * 1e-9),
                study.nside(), inputs.bandNames().length,
                zones.stream().map(z -> z.name() + " (" + z.size() + " px)").toList());
        return new PreparedSky(sky, zones, inputs, SkyInputSource.of(spark, inputs, study.output()));
    }

    /** Runs (or resumes) the grid and rewrites the rankings; returns what the grid did. */
    public GridSearch.Outcome grid(Study study, PreparedSky sky, Backend backend) {
        ResultLayout layout = new ResultLayout(study.output());
        StudyManifest.writeOrCheck(spark, layout, study, version);
        ZonesTable.write(spark, layout, sky.inputs(), sky.fullSky());
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Zone z : sky.zones()) {
            sizes.put(z.name(), z.size());
            warnOfCappedCounts(study, z);
        }
        UnitStore store = new UnitStore(spark, layout);
        FitSettings settings = FitSettings.of(study, backend);
        GridSearch.Outcome outcome = study.search().halving()
                ? HalvingSearch.run(spark, study, sizes, store, sky.source(), settings)
                : GridSearch.run(spark, WorkPlan.of(study, sizes), study.unitIds(), store, sky.source(), settings,
                        study.unitsPerCommit());
        LOG.info("grid: {} units computed, {} skipped (already written), {} fits in {} s", outcome.computedUnits(),
                outcome.skippedUnits(), outcome.fits(), String.format("%.1f", outcome.seconds()));
        Aggregation.rankings(spark, layout, study);
        return outcome;
    }

    /** K-means counts above a zone's pixel count are capped there, so such configurations coincide. */
    private static void warnOfCappedCounts(Study study, Zone zone) {
        TreeSet<Integer> capped = new TreeSet<>();
        for (Configuration c : study.zoneConfigurations().get(zone.name())) {
            IntStream.of(c.kmeansCounts()).filter(k -> k > zone.size()).forEach(capped::add);
        }
        if (!capped.isEmpty()) {
            LOG.warn("zone {} has {} pixels: K-means counts {} are capped at {}, and configurations that differ only "
                    + "there give the same fits", zone.name(), zone.size(), capped, zone.size());
        }
    }

    /** r for the chosen configurations (and baselines), from the rankings of {@link #grid}. */
    public List<TensorEstimation.Estimate> estimateR(Study study, PreparedSky sky, Backend backend) {
        return TensorEstimation.run(spark, study, sky.inputs(), sky.source(), FitSettings.of(study, backend));
    }

    /** r against the beta_d count (the paper's figure 13): one r estimate per beta_d count of the K-means grid. */
    public List<Row> rByBetaDust(Study study, PreparedSky sky, Backend backend) {
        return BetaDustScan.run(spark, study, sky.inputs(), sky.source(), FitSettings.of(study, backend));
    }
}
