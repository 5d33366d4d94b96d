package org.skypatch.job.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.SparkThrowable;
import org.skypatch.job.error.UserException;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.results.StudyTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skypatch sql}: Spark SQL over a results folder, its tables registered under their names. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run a Spark SQL query over a results folder.",
            "Its tables are registered as views: units, zones, rankings, best, spectra,",
            "likelihood, r_estimates, r_realizations, and where made: halving (search: halving),",
            "best_realizations (r.perRealization), r_beta_d (report --r-by-beta-d)."})
final class SqlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS", description = "Results folder (a study's `output`).")
    String results;

    @Parameters(index = "1", paramLabel = "QUERY", description = "The SQL query.")
    String query;

    @Option(names = "--rows", defaultValue = "50", description = "Rows to print (default ${DEFAULT-VALUE}).")
    int rows;

    @Override
    public Integer call() throws Exception {
        var spark = SparkSessions.forJob("skypatch sql");
        List<String> tables = StudyTables.register(spark, new ResultLayout(results));
        if (tables.isEmpty()) {
            throw new UserException.BadInput(results + " holds no skypatch tables: give a study's output folder");
        }
        try {
            TextTable.print(spark.sql(query), rows, System.out);
        } catch (Exception e) { // Spark's AnalysisException is a checked exception that Scala does not declare
            throw userError(e).<Exception>map(t -> new UserException.BadSql(t, String.join(", ", tables))).orElse(e);
        }
        return 0;
    }

    /** The Spark error that the query caused, among the causes of a failure: one with a condition, not internal. */
    private static Optional<Throwable> userError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SparkThrowable s && s.getCondition() != null && !s.isInternalError()) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
