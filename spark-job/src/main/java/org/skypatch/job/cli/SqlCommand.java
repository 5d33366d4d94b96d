package org.skypatch.job.cli;

import java.util.List;
import java.util.concurrent.Callable;
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
            "likelihood, r_estimates, r_realizations."})
final class SqlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS", description = "Results folder (a study's `output`).")
    String results;

    @Parameters(index = "1", paramLabel = "QUERY", description = "The SQL query.")
    String query;

    @Option(names = "--rows", defaultValue = "50", description = "Rows to print (default ${DEFAULT-VALUE}).")
    int rows;

    @Override
    public Integer call() {
        var spark = SparkSessions.forJob("skypatch sql");
        List<String> tables = StudyTables.register(spark, new ResultLayout(results));
        if (tables.isEmpty()) {
            throw new UserException.BadInput(results + " holds no skypatch tables: give a study's output folder");
        }
        TextTable.print(spark.sql(query), rows, System.out);
        return 0;
    }
}
