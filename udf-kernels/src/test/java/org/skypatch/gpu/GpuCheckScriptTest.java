package org.skypatch.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/gpu-check.sh run --cpu-only: the device check's whole path (script, GpuCheck's sections, the
 * session, batches and lockstep fits, the report files) on the model device, so that on a GPU
 * machine only the GPU is new. --quick keeps it to a few seconds.
 */
class GpuCheckScriptTest {
    @Test
    void theDeviceCheckRunsOnTheModelDeviceAndPasses(@TempDir Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "../tools/gpu-check.sh", "run", out.toString(), "--cpu-only",
                "--quick").redirectErrorStream(true);
        pb.environment().put("SKYPATCH_GPU_CHECK_CP", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "gpu-check timed out");
        assertEquals(0, p.exitValue(), log);
        String report = Files.readString(out.resolve("report.txt"));
        assertTrue(report.contains("device: the model device") && report.contains("all checks passed"), report);
        assertEquals(10, report.lines().filter(l -> l.startsWith("PASS ")).count(), "9 equivalence checks and the repeat");
        assertTrue(report.lines().noneMatch(l -> l.startsWith("FAIL ")), report);
        List<String> bench = Files.readAllLines(out.resolve("bench.tsv"));
        assertEquals(9, bench.size(), "a header and eight cases");
        for (String row : bench.subList(1, bench.size())) {
            String[] f = row.split("\t");
            assertEquals("3", f[5], "realizations of " + row);
            assertTrue(Double.parseDouble(f[6]) > 0 && Integer.parseInt(f[7]) > 0, "timed and launched: " + row);
            assertTrue(Double.parseDouble(f[21]) < 1e-10, "model-device fits equal the CPU engine's NLL: " + row);
        }
    }
}
