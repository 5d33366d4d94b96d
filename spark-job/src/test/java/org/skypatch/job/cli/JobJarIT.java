package org.skypatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The application jar that package made (an IT, as it runs after package): skypatch and its small dependencies. */
class JobJarIT {
    @Test
    void theJobJarHoldsTheCommandLineAndTheCoreButNeitherSparkNorBenchmarks() throws IOException {
        try (ZipFile jar = new ZipFile(Path.of("target", "skypatch-job.jar").toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertTrue(names.contains("org/skypatch/job/cli/SkypatchCli.class"));
            assertTrue(names.contains("org/skypatch/sphere/Healpix.class"));
            assertEquals(List.of(), names.stream().filter(n -> n.startsWith("org/apache/spark/")).toList(), "Spark is provided");
            assertEquals(List.of(), names.stream().filter(n -> n.startsWith("org/skypatch/bench/") && n.contains("Bench"))
                    .toList(), "benchmarks run from udf-kernels, not in the job");
        }
    }
}
