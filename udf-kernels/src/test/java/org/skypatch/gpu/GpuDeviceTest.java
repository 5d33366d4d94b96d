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

/** The device probe and backend choice; on a machine without a GPU (CI) the fallbacks are exercised. */
class GpuDeviceTest {
    @Test
    void probeNeverThrowsAndIsCached() {
        GpuDevice first = GpuDevice.probe();
        assertSame(first, GpuDevice.probe());
        if (first.available()) {
            assertEquals("", first.reason());
            assertTrue(first.name().contains("sm_"), first.name());
        } else {
            assertEquals("none", first.name());
            assertFalse(first.reason().isBlank());
            assertEquals(1, first.reason().lines().count(), "one-line reason: " + first.reason());
        }
    }

    @Test
    void withoutADeviceAutoIsCpuAndGpuIsAOneLineError() {
        GpuDevice device = GpuDevice.probe();
        Assumptions.assumeFalse(device.available(), "a CUDA device is present: " + device.name());
        assertEquals(Backend.CPU, Backend.resolve(Backend.AUTO));
        assertEquals(Backend.CPU, Backend.resolve(Backend.AUTO), "and again, without a second probe");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backend.resolve(Backend.GPU));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains(device.reason()) && e.getMessage().contains("backend: cpu"), e.getMessage());
        BatchFixture fx = new BatchFixture();
        assertThrows(IllegalStateException.class, () -> new GpuSpectralLikelihood(fx.problem, fx.batch));
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
        GpuDevice device = GpuDevice.probe();
        Assumptions.assumeTrue(device.available(), "no CUDA device: " + device.reason());
        assertEquals(Backend.GPU, Backend.resolve(Backend.AUTO));
        assertEquals(Backend.GPU, Backend.resolve(Backend.GPU));
    }

    @Test
    void cpuNeverProbesAndConfigValuesParse() {
        assertEquals(Backend.CPU, Backend.resolve(Backend.CPU));
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
