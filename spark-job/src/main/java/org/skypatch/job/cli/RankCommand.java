package org.skypatch.job.cli;

import java.util.concurrent.Callable;
import org.skypatch.job.config.Metric;
import org.skypatch.job.results.Aggregation;
import org.skypatch.job.results.ResultLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skypatch rank}: re-ranks a results folder's configurations by any metric and prints the top ones. */
@Command(name = "rank", mixinStandardHelpOptions = true,
        description = {"Re-rank the configurations of a results folder by a metric.",
            "Rewrites its rankings and best tables and prints the best configurations of each zone. The r",
            "estimates stay those of the study's metric: re-run the study with another `metric` for others."})
final class RankCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS", description = "Results folder (a study's `output`).")
    String results;

    @Option(names = "--metric", defaultValue = "sigma2_cmb",
            description = "sigma2_cmb, spatial_variance, mean_nll or cl_bb_sum (default ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--top", defaultValue = "5", description = "Configurations shown per zone (default ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() {
        Metric m = Metric.parse("--metric", metric);
        var spark = SparkSessions.forJob("skypatch rank");
        Aggregation.rankings(spark, new ResultLayout(results), m);
        TextTable.print(spark.sql("SELECT zone, rank, config_id, clusters_beta_d, clusters_temp_d, clusters_beta_s, "
                + m.column() + ", mean_nll, converged_fraction FROM rankings WHERE rank <= " + top
                + " ORDER BY zone, rank"), 1000, System.out);
        return 0;
    }
}
