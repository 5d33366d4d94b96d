package org.skypatch.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitResult;

/** A device session's lifetime on the model device: opened once, reused, grown, capped, released whatever fails. */
class GpuSessionTest {
    private static BatchFixture fx;

    @BeforeAll
    static void load() {
        fx = new BatchFixture();
    }

    private static List<FitResult> fit(GpuSession session, int realizations) {
        return Backend.fitOnGpu(session, fx.engine, fx.problem, fx.batch.subList(0, realizations),
                FitOptions.defaults(), null);
    }

    @Test
    void aSessionOpensOnceServesManyBatchesAndReleasesEverything() {
        ModelCuda device = new ModelCuda();
        GpuSession session = new GpuSession(device, 0);
        fit(session, 2);
        int allocations = device.count("cuMemAlloc");
        fit(session, 2);
        assertEquals(allocations, device.count("cuMemAlloc"), "a batch of the same size allocates nothing");
        fit(session, 3);
        int grown = device.count("cuMemAlloc") - allocations;
        assertTrue(grown > 0, "a larger batch grows the buffers");
        assertEquals(grown, device.count("cuMemFree"), "each grown buffer's old memory is freed");
        assertEquals(1, device.count("cuDevicePrimaryCtxRetain"));
        assertEquals(1, device.count("cuModuleLoadData"), "the PTX is compiled once per session");
        session.close();
        session.close();
        assertEquals(0, device.allocated(), "every device buffer freed");
        assertEquals(device.count("cuMemAllocHost"), device.count("cuMemFreeHost"), "every pinned buffer freed");
        assertEquals(1, device.count("cuModuleUnload"));
        assertEquals(0, device.retainedContexts());
        assertEquals(0, device.count("cuDevicePrimaryCtxReset"), "a clean close does not reset the context");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fit(session, 1));
        assertTrue(e.getMessage().contains("was released"), e.getMessage());
    }

    @Test
    void closeReleasesEverythingEvenAfterAStickyError() {
        FaultyCuda device = new FaultyCuda();
        GpuSession session = new GpuSession(device, 0);
        fit(session, 1);
        int freedBefore = device.count("cuMemFree");
        int alive = device.count("cuMemAlloc") - freedBefore;
        device.failFrom("cuMemFree", 1, CUresult.CUDA_ERROR_ILLEGAL_ADDRESS);
        CudaFailure e = assertThrows(CudaFailure.class, session::close);
        assertTrue(e.getMessage().contains("cuMemFree while releasing failed with CUDA_ERROR_ILLEGAL_ADDRESS"),
                e.getMessage());
        assertEquals(alive, device.count("cuMemFree") - freedBefore, "every buffer's free was attempted");
        assertEquals(1, device.count("cuModuleUnload"), "the module is unloaded after a failed free");
        assertEquals(0, device.retainedContexts(), "the context is released after a failed free");
        assertEquals(1, device.count("cuDevicePrimaryCtxReset"), "and reset, so that a new session starts clean");
    }

    @Test
    void aStickyLaunchErrorClosesTheSessionSoTheNextBatchStartsFresh() {
        FaultyCuda device = new FaultyCuda();
        GpuSession session = new GpuSession(device, 0);
        device.failFrom("launch chunk_moments", 2, CUresult.CUDA_ERROR_ILLEGAL_ADDRESS);
        CudaFailure e = assertThrows(CudaFailure.class, () -> fit(session, 2));
        assertTrue(e.sticky());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(session.closed(), "a poisoned session is closed at once");
        assertEquals(0, device.allocated());
        assertEquals(0, device.retainedContexts());
        assertEquals(1, device.count("cuDevicePrimaryCtxReset"));
    }

    @Test
    void setupFailuresNameTheFixAndReleaseWhatWasMade() {
        FaultyCuda ptx = new FaultyCuda();
        ptx.failFrom("cuModuleLoadData", 1, CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION);
        String message = oneLineFailure(ptx);
        assertTrue(message.contains("update the driver to 525 or newer")
                && message.contains("JIT log: ptxas fatal   : Unsupported .version 8.0"), message);
        assertEquals(0, ptx.retainedContexts(), "the context retained before the module is released");

        ModelCuda oldDriver = new ModelCuda();
        oldDriver.driverVersion = 11080;
        message = oneLineFailure(oldDriver);
        assertTrue(message.contains("supports CUDA 11.8") && message.contains("update the driver"), message);

        ModelCuda turing = new ModelCuda();
        turing.computeMajor = 7;
        message = oneLineFailure(turing);
        assertTrue(message.contains("compute capability 8.0 or newer") && message.contains("backend: cpu"), message);

        FaultyCuda busy = new FaultyCuda();
        busy.failFrom("cuDevicePrimaryCtxRetain", 1, CUresult.CUDA_ERROR_DEVICE_UNAVAILABLE);
        message = oneLineFailure(busy);
        assertTrue(message.contains("exclusive-process"), message);

        FaultyCuda full = new FaultyCuda();
        GpuSession session = new GpuSession(full, 0);
        full.failFrom("cuMemAlloc", 3, CUresult.CUDA_ERROR_OUT_OF_MEMORY);
        CudaFailure oom = assertThrows(CudaFailure.class, () -> fit(session, 1));
        assertTrue(oom.getMessage().contains("lower the study's batchSize"), oom.getMessage());
        assertTrue(!session.closed(), "running out of memory does not poison the context");
        session.close();
    }

    private static String oneLineFailure(ModelCuda device) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new GpuSession(device, 0));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertEquals(0, device.allocated());
        return e.getMessage();
    }

    @Test
    void batchesAreCappedByDeviceMemoryWithTheSameResults() {
        ModelCuda small = new ModelCuda();
        long perRealization = GpuBatch.bytesPerRealization(fx.layout);
        small.freeMemory = (long) (2.5 * perRealization / 0.8);
        List<FitResult> split;
        try (GpuSession session = new GpuSession(small, 0)) {
            session.lock();
            assertEquals(2, GpuBatch.capacity(fx.layout, session));
            session.unlock();
            split = fit(session, 3);
        }
        assertEquals(2, small.count("launch reconstruct_components"), "3 realizations in batches of 2 and 1");
        List<FitResult> whole;
        try (GpuSession session = new GpuSession(new ModelCuda(), 0)) {
            whole = fit(session, 3);
        }
        for (int r = 0; r < 3; r++) {
            assertEquals(whole.get(r).nll(), split.get(r).nll(), "realization " + r + ": a fit does not depend on its batch");
            assertArrayEquals(whole.get(r).dustTemp(), split.get(r).dustTemp());
            assertArrayEquals(whole.get(r).cmb()[1], split.get(r).cmb()[1]);
        }
    }
}
