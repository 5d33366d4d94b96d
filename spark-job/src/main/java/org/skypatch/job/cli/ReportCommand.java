package org.skypatch.job.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.skypatch.job.results.Report;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.results.ResultsLock;
import org.skypatch.job.results.StudyManifest;
import org.skypatch.job.run.StudyRunner;
import org.skypatch.job.study.Metric;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skypatch report}: the pictures of a results folder. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Draw the pictures of a results folder (PNG).",
            "Chosen cluster maps, residual maps, residual BB spectra, r likelihood",
            "curves, heat maps of the metric over the grid, its distribution over noise",
            "realizations and (with --r-by-beta-d) r against the number of beta_d clusters."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS", description = "Results folder (a study's `output`).")
    String results;

    @Option(names = "--metric", description = "Metric of the heat maps (default: the one the rankings follow).")
    String metric;

    @Option(names = "--r-by-beta-d", description = {"First estimate r for the best configuration of each beta_d",
        "count of the K-means grid (the paper's figure 13): one r estimate per count,",
        "each refitting every zone on every noise realization."})
    boolean rByBetaDust;

    @Mixin
    LockOption lock;

    @Override
    public Integer call() {
        ResultLayout layout = new ResultLayout(results);
        var spark = SparkSessions.forJob("skypatch report");
        Map<?, ?> manifest = StudyManifest.read(spark, layout);
        long clusteringSeed = ((Number) manifest.get("clustering_seed")).longValue();
        Metric m = Metric.parse("--metric", metric != null ? metric : (String) manifest.get("metric"));
        try (ResultsLock held = lock.acquire(spark, layout, "report")) {
            if (rByBetaDust) {
                Study study = StudyLoader.parse((String) manifest.get("study_yaml"), layout.studyJson())
                        .withOutput(layout.root());
                StudyRunner runner = new StudyRunner(spark, RunCommand.standardSkyBuilder(), SkypatchCli.version());
                runner.rByBetaDust(study, runner.prepare(study), StudyCommand.resolve(study.backend()));
            }
            List<String> files = Report.write(spark, layout, m, clusteringSeed);
            System.out.println("pictures: " + layout.pictures() + "  (heat maps of " + m.column() + "; "
                    + String.join(", ", files) + ")");
            return 0;
        }
    }
}
