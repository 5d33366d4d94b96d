package org.skypatch.job.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.skypatch.gpu.Backend;
import org.skypatch.job.estimate.TensorEstimation;
import org.skypatch.job.results.Aggregation;
import org.skypatch.job.results.Report;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.results.ResultsLock;
import org.skypatch.job.results.StudyManifest;
import org.skypatch.job.results.UnitStore;
import org.skypatch.job.run.StudyRunner;
import org.skypatch.job.study.Metric;
import org.skypatch.job.study.SelectionRule;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skypatch rank}: re-ranks a results folder's configurations by any metric, then re-estimates r
 * for the configurations that metric chooses and redraws the pictures, so every table of the folder
 * follows one metric. The study comes back from the folder's {@code _study.json}.
 */
@Command(name = "rank", mixinStandardHelpOptions = true,
        description = {"Re-rank the configurations of a results folder by a metric.",
            "Rewrites its rankings and best tables, prints the best configurations of",
            "each zone, re-estimates r for the newly chosen ones (refitting only them;",
            "the grid is not re-run) and redraws the pictures. The folder then records",
            "the metric, which report and the next rank follow."})
final class RankCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS", description = "Results folder (a study's `output`).")
    String results;

    @Option(names = "--metric", description = {"spatial_variance, sigma2_cmb, mean_nll, cl_bb_observed or",
        "cl_bb_sum (default: the folder's present metric)."})
    String metric;

    @Option(names = "--top-n", paramLabel = "N", description = {"The section 6 rule: among the N best by the metric,",
        "the lowest systematic residual (default: the study's rule)."})
    Integer topN;

    @Option(names = "--systematic-max", paramLabel = "X", description = {"With --top-n: only candidates whose",
        "systematic_over_lensing is at most X (default: the study's rule)."})
    Double systematicMax;

    @Option(names = "--r-max", paramLabel = "R", description = "Upper end of the r grid (default: the study's r.rMax).")
    Double rMax;

    @Option(names = "--r-points", paramLabel = "N", description = "Points of the r grid (default: the study's r.points).")
    Integer rPoints;

    @Option(names = "--top", defaultValue = "5", description = "Configurations shown per zone (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--no-r", description = "Only re-rank: keep the r estimates and pictures of the previous metric.")
    boolean noR;

    @Mixin
    LockOption lock;

    @Override
    public Integer call() {
        ResultLayout layout = new ResultLayout(results);
        SparkSession spark = SparkSessions.forJob("skypatch rank");
        Map<?, ?> manifest = StudyManifest.read(spark, layout);
        Metric m = Metric.parse("--metric", metric != null ? metric : (String) manifest.get("metric"));
        try (ResultsLock held = lock.acquire(spark, layout, "rank")) {
            Study study = StudyLoader.parse((String) manifest.get("study_yaml"), layout.studyJson())
                    .withOutput(layout.root());
            SelectionRule rule = study.selection().withMetric(m);
            if (topN != null || systematicMax != null) {
                rule = StudyLoader.checkSelection(m, topN != null ? topN : rule.topN(),
                        systematicMax != null ? systematicMax : rule.systematicMax(), "--top-n", "--systematic-max");
            }
            study = study.withSelection(rule);
            if (rMax != null || rPoints != null) {
                study = study.withRGrid(rMax != null ? rMax : study.rMax(), rPoints != null ? rPoints : study.rPoints());
            }
            UnitStore units = new UnitStore(spark, layout);
            // halving wrote the units its rungs reached, which only a replay of the search could list
            units.check(units.inventory(), study.unitIds(), study.search().halving() ? List.of() : study.unitIds());
            Aggregation.rankings(spark, layout, study);
            StudyManifest.recordMetric(spark, layout, m);
            TextTable.print(spark.sql("SELECT zone, rank, config_id, clusters_beta_d, clusters_temp_d, clusters_beta_s, "
                    + m.column() + ", mean_nll, converged_fraction FROM rankings WHERE rank <= " + top
                    + " ORDER BY zone, rank"), 1000, System.out);
            if (noR) {
                System.out.println("r estimates and pictures unchanged: they follow the metric named in r_estimates.metric");
                return 0;
            }
            Backend backend = StudyCommand.resolve(study.backend());
            StudyRunner runner = new StudyRunner(spark, RunCommand.standardSkyBuilder(), SkypatchCli.version());
            List<TensorEstimation.Estimate> r = runner.estimateR(study, runner.prepare(study), backend);
            RunCommand.printEstimates(r);
            List<String> pictures = Report.write(spark, study, layout);
            System.out.println("pictures: " + layout.pictures() + "  (" + pictures.size() + " PNG files)");
            return 0;
        }
    }
}
