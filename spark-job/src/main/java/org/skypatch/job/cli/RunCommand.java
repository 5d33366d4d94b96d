package org.skypatch.job.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.skypatch.gpu.Backend;
import org.skypatch.job.estimate.TensorEstimation;
import org.skypatch.job.grid.GridSearch;
import org.skypatch.job.results.Report;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.results.StudyTables;
import org.skypatch.job.run.StudyRunner;
import org.skypatch.job.sky.FitsSkyReader;
import org.skypatch.job.sky.SkyBuilder;
import org.skypatch.job.study.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skypatch run}: the grid (resumable), the rankings, the r estimation and the report pictures. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a study: grid of fits, rankings, r estimation and pictures.",
            "Fits every configuration of the grid in every zone on every noise",
            "realization, ranks the configurations, estimates r for the best ones and",
            "draws the report pictures. Re-running the same study skips the work units",
            "already written."})
final class RunCommand extends StudyCommand {
    @Option(names = "--no-report", description = "Skip the pictures.")
    boolean noReport;

    @Override
    protected int run(SparkSession spark, Study study, Backend backend) {
        long t0 = System.nanoTime();
        StudyRunner runner = new StudyRunner(spark, standardSkyBuilder(), SkypatchCli.version());
        StudyRunner.PreparedSky sky = runner.prepare(study);
        GridSearch.Outcome grid = runner.grid(study, sky, backend);
        List<TensorEstimation.Estimate> r = runner.estimateR(study, sky, backend);
        ResultLayout layout = new ResultLayout(study.output());
        List<String> pictures = noReport ? List.of() : Report.write(spark, study, layout);
        System.out.printf("study %s: %d work units (%d computed now, %d already done), %.1f s%n", study.name(),
                grid.totalUnits(), grid.computedUnits(), grid.skippedUnits(), (System.nanoTime() - t0) * 1e-9);
        System.out.println("chosen by " + study.selection().describe() + ":");
        TextTable.print(spark.sql("SELECT zone, config_id, " + study.metric().column()
                + ", systematic_over_lensing, runner_up FROM best ORDER BY zone"), 100, System.out);
        printEstimates(r);
        System.out.println("results:  " + layout.root() + "  (tables " + String.join(", ", StudyTables.register(spark, layout))
                + "; summary.json; query with: bin/skypatch sql " + layout.root() + " \"SELECT ...\")");
        if (!pictures.isEmpty()) {
            System.out.println("pictures: " + layout.pictures() + "  (" + pictures.size() + " PNG files)");
        }
        return 0;
    }

    static void printEstimates(List<TensorEstimation.Estimate> estimates) {
        for (TensorEstimation.Estimate e : estimates) {
            TensorEstimation.Scatter each = e.perRealization();
            System.out.printf("r (%s): %.3g  -%.3g +%.3g   per realization: mean %.3g, std %s%n", e.selection(),
                    e.r().rHat(), e.r().sigmaMinus(), e.r().sigmaPlus(), each.mean(),
                    each.std() == null ? "- (one realization)" : String.format("%.3g", each.std()));
        }
    }

    /** Simulated skies through the spherical-harmonic synthesis, FITS skies through the FITS reader. */
    static SkyBuilder standardSkyBuilder() {
        return new SkyBuilder((spectra, nside, lmax, seed) -> org.skypatch.harmonics.GaussianSky.synfast(
                new double[][] {spectra.tt(), spectra.ee(), spectra.bb(), spectra.te()}, nside, lmax, seed),
                new FitsSkyReader());
    }
}
