package org.skypatch.job.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.skypatch.gpu.Backend;
import org.skypatch.job.error.UserException;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.results.ResultsLock;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that read a study: loads and checks the YAML file (or the embedded quickstart),
 * applies --output, resolves the backend, builds the SparkSession, takes the results folder's lock, then
 * calls {@link #run}.
 * Input errors are reported in one line before any Spark work starts.
 */
abstract class StudyCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(StudyCommand.class);

    @Parameters(index = "0", arity = "0..1", paramLabel = "STUDY.yaml",
            description = "Study file (default: the embedded quickstart, conf/quickstart.yaml).")
    Path studyFile;

    @Option(names = "--output", paramLabel = "DIR", description = "Results folder, overriding the study's `output`.")
    String output;

    @Mixin
    LockOption lock;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        Study study = studyFile == null ? StudyLoader.loadDefault() : StudyLoader.load(studyFile);
        if (output != null) {
            study = study.withOutput(output);
        }
        Backend backend;
        try {
            backend = resolve(study.backend());
        } catch (IllegalArgumentException e) {
            throw new UserException.BadInput(e.getMessage());
        }
        SparkSession spark = SparkSessions.forJob("skypatch " + study.name());
        try (ResultsLock held = lock.acquire(spark, new ResultLayout(study.output()), spec.name())) {
            return run(spark, study, backend);
        }
    }

    /**
     * The backend executors are told to use. In local mode the driver JVM is the executor, so the GPU
     * probe runs here and a missing device is a one-line error before Spark starts; on a cluster each
     * executor resolves the request with its own probe (cached per JVM).
     */
    static Backend resolve(Backend requested) {
        boolean local = new SparkConf().get("spark.master", "local[*]").startsWith("local");
        if (!local || requested == Backend.CPU) {
            return requested;
        }
        try {
            Backend resolved = requested.resolve(0);
            LOG.info("backend {}: fits run on the {}", requested.name().toLowerCase(Locale.ROOT), resolved);
            return resolved;
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("study key 'backend': " + e.getMessage());
        }
    }

    protected abstract int run(SparkSession spark, Study study, Backend backend);
}
