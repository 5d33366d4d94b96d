package org.skypatch.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitResult;
import org.skypatch.sky.Bandpass;
import org.skypatch.likelihood.FitProblem;

/** The device probe and backend choice; on a machine without a GPU (CI) the fallbacks are exercised. */
class GpuDeviceTest {
    @Test
    void probeNeverThrowsAndIsCachedPerDevice() {
        GpuDevice first = GpuDevice.probe(0);
        assertSame(first, GpuDevice.probe(0));
        assertSame(first, GpuDevice.probe());
        if (first.available()) {
            assertEquals("", first.reason());
            assertTrue(first.name().contains("sm_"), first.name());
        } else {
            assertEquals("none", first.name());
            assertFalse(first.reason().isBlank());
            assertEquals(1, first.reason().lines().count(), "one-line reason: " + first.reason());
        }
        GpuDevice absent = GpuDevice.probe(97);
        assertFalse(absent.available(), "no machine here has 98 GPUs");
        assertEquals(1, absent.reason().lines().count(), absent.reason());
    }

    @Test
    void withoutADeviceAutoIsCpuAndGpuIsAOneLineError() {
        GpuDevice device = GpuDevice.probe(0);
        Assumptions.assumeFalse(device.available(), "a CUDA device is present: " + device.name());
        assertEquals(Backend.CPU, Backend.AUTO.resolve(0));
        assertEquals(Backend.CPU, Backend.AUTO.resolve(0), "and again, without a second probe");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backend.GPU.resolve(0));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains(device.reason()) && e.getMessage().contains("backend: cpu"), e.getMessage());
        BatchFixture fx = new BatchFixture();
        assertThrows(IllegalStateException.class, () -> Backend.GPU.fitBatch(fx.problem, fx.batch, FitOptions.defaults()));
        // the job's entry point with auto: the CPU engine's fits
        List<FitResult> auto = Backend.AUTO.fitBatch(fx.problem, fx.batch, FitOptions.defaults());
        List<FitResult> cpu = fx.engine.fitBatch(fx.batch, FitOptions.defaults());
        for (int r = 0; r < cpu.size(); r++) {
            assertArrayEquals(cpu.get(r).dustTemp(), auto.get(r).dustTemp());
            assertEquals(cpu.get(r).nll(), auto.get(r).nll());
        }
    }

    @Test
    void withADeviceAutoIsGpu() {
        GpuDevice device = GpuDevice.probe(0);
        Assumptions.assumeTrue(device.available(), "no CUDA device: " + device.reason());
        assertEquals(Backend.GPU, Backend.AUTO.resolve(0));
        assertEquals(Backend.GPU, Backend.GPU.resolve(0));
        assertTrue(Backend.label(Backend.GPU, 0).startsWith("gpu " + device.name()));
    }

    @Test
    void problemsTheKernelsCannotEvaluateRunOnTheCpuUnderAutoAndAreAnErrorUnderGpu() {
        BatchFixture fx = new BatchFixture();
        double[] f = fx.problem.frequenciesGHz();
        Bandpass[] bandpasses = new Bandpass[f.length];
        for (int b = 0; b < f.length; b++) {
            bandpasses[b] = new Bandpass(new double[] {0.9 * f[b], f[b], 1.1 * f[b]}, new double[] {1, 1, 1});
        }
        FitProblem withBands = new FitProblem(f, bandpasses, fx.problem.dustRefGHz(), fx.problem.syncRefGHz(),
                fx.problem.noiseSigma(), fx.problem.dustBetaClusters(), fx.problem.dustTempClusters(),
                fx.problem.syncBetaClusters());
        assertEquals(Backend.CPU, Backend.AUTO.resolve(withBands, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backend.GPU.resolve(withBands, 0));
        assertEquals("backend gpu: FitProblem.bandpasses are not supported by the CUDA kernels: set backend: cpu or auto",
                e.getMessage());
        assertEquals("cpu", Backend.label(Backend.CPU, 0));
    }

    @Test
    void cpuNeverProbesAndConfigValuesParse() {
        assertEquals(Backend.CPU, Backend.CPU.resolve(5));
        assertEquals(Backend.AUTO, Backend.parse(" Auto "));
        assertEquals(Backend.GPU, Backend.parse("gpu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.parse("cuda"));
        assertEquals("backend 'cuda' is unknown: use cpu, gpu or auto", e.getMessage());
    }

    @Test
    void nativeLoadFailuresBecomeOneLine() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver\"\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file: "
                + "No such file or directory\n");
        assertEquals("UnsatisfiedLinkError: libcuda.so.1: cannot open shared object file: No such file or directory",
                GpuDevice.oneLine(e));
    }
}
