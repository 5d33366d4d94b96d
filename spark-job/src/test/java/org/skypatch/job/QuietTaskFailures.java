package org.skypatch.job;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Runs code whose Spark tasks fail on purpose: each lost task logs its trace several times over, hidden here. */
public final class QuietTaskFailures {
    private static final Map<String, Level> LOGGERS = Map.of("org.apache.spark.scheduler.TaskSetManager", Level.WARN,
            "org.apache.spark.executor.Executor", Level.WARN, "org.apache.spark.util.Utils", Level.WARN,
            "org.apache.spark.sql.execution.datasources.FileFormatWriter", Level.WARN);

    private QuietTaskFailures() {
    }

    public static <T> T during(Supplier<T> code) {
        try {
            LOGGERS.keySet().forEach(name -> Configurator.setLevel(name, Level.OFF));
            return code.get();
        } finally {
            Configurator.setLevel(LOGGERS);
        }
    }
}
