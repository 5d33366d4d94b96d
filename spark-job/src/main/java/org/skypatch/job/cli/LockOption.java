package org.skypatch.job.cli;

import org.apache.spark.sql.SparkSession;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.results.ResultsLock;
import picocli.CommandLine.Option;

/** The lock that a command writing a results folder holds while it runs, and its --force-unlock option. */
final class LockOption {
    @Option(names = "--force-unlock", description = {"Remove the results folder's lock first: only when the",
        "skypatch run named in it is no longer running."})
    boolean forceUnlock;

    ResultsLock acquire(SparkSession spark, ResultLayout layout, String command) {
        ResultsLock.SparkApp app = new ResultsLock.SparkApp(spark.sparkContext().applicationId(),
                spark.sparkContext().applicationAttemptId().getOrElse(() -> null));
        return ResultsLock.acquire(spark.sparkContext().hadoopConfiguration(), layout, command, app, forceUnlock);
    }
}
