package org.skypatch.gpu;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

/**
 * One CUDA device as this JVM uses it: its primary context, the kernels' module and the resident
 * buffers, created once and reused by every batch (grown when a batch needs more), released at
 * JVM exit or when a sticky error poisons the context. A Spark executor keeps one session per GPU
 * across all its units, so no unit pays context creation, PTX compilation or allocation again.
 *
 * <p>Batches take the session in turn ({@link #lock()}): one batch at a time per device.
 */
final class GpuSession implements AutoCloseable {
    /** Oldest compute capability the PTX (compute_80) runs on, as major * 10 + minor. */
    static final int MIN_COMPUTE_CAPABILITY = 80;
    /** Oldest driver API version that loads the PTX (ISA 8.0, NVRTC 12.0): CUDA 12.0, driver 525. */
    static final int MIN_DRIVER_VERSION = 12000;
    static final String[] KERNELS = {"sed_tables", "chunk_moments", "tuple_outputs", "reconstruct_components"};
    /** Threads per block of every launch. */
    static final int THREADS = 128;
    private static final String PTX = "spectral_likelihood.ptx";

    /** The device buffers a batch uses; each is grown on demand and never shrinks. */
    enum Buffer { DATA, CHUNK_START, CHUNK_TUPLE, TUPLE_CHUNK, TUPLE_OF, TUPLE_PARAM, BAND, PARAMETERS, ACTIVE, SED,
        MOMENTS, OUT, COMPONENTS }

    /** The pinned host buffers results come back through. */
    enum HostBuffer { OUT, COMPONENTS }

    private static final Map<Integer, GpuSession> SHARED = new HashMap<>();

    private final CudaApi api;
    final int ordinal;
    /** "NVIDIA H200 (sm_90, 139.8 GiB, driver CUDA 13.0)" */
    final String description;
    final long totalMemory;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Map<Buffer, CUdeviceptr> buffers = new EnumMap<>(Buffer.class);
    private final Map<Buffer, Long> capacity = new EnumMap<>(Buffer.class);
    private final Map<HostBuffer, CudaApi.HostBuffer> hostBuffers = new EnumMap<>(HostBuffer.class);
    private final ReentrantLock lock = new ReentrantLock();
    private boolean contextRetained;
    private boolean moduleLoaded;
    private boolean closed;
    /** Nanoseconds spent in context creation and in module load (PTX compilation by the driver). */
    final long contextNanos;
    final long moduleNanos;

    /**
     * Opens device ordinal: driver version, compute capability, primary context, module. On any
     * failure everything made so far is released and the failure is thrown, worded by its code.
     *
     * @throws CudaFailure or IllegalStateException with one line naming the device and the fix
     */
    GpuSession(CudaApi api, int ordinal) {
        this.api = api;
        this.ordinal = ordinal;
        String where = "CUDA device " + ordinal;
        try {
            CudaFailure.check(api.init(), "cuInit", where);
            int[] value = new int[1];
            CudaFailure.check(api.driverVersion(value), "cuDriverGetVersion", where);
            int driver = value[0];
            if (driver < MIN_DRIVER_VERSION) {
                throw new IllegalStateException(where + ": the NVIDIA driver supports CUDA " + cudaVersion(driver)
                        + ", the kernels need CUDA 12.0 or newer: update the driver to 525 or newer");
            }
            CudaFailure.check(api.deviceCount(value), "cuDeviceGetCount", where);
            if (ordinal < 0 || ordinal >= value[0]) {
                throw new IllegalStateException(where + ": the driver sees " + value[0] + " device(s): "
                        + CudaFailure.advice(CUresult.CUDA_ERROR_INVALID_DEVICE));
            }
            CudaFailure.check(api.deviceGet(device, ordinal), "cuDeviceGet", where);
            byte[] raw = new byte[256];
            CudaFailure.check(api.deviceName(raw, device), "cuDeviceGetName", where);
            int[] major = new int[1];
            int[] minor = new int[1];
            CudaFailure.check(api.deviceAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device),
                    "cuDeviceGetAttribute", where);
            CudaFailure.check(api.deviceAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device),
                    "cuDeviceGetAttribute", where);
            long[] total = new long[1];
            CudaFailure.check(api.deviceTotalMem(total, device), "cuDeviceTotalMem", where);
            totalMemory = total[0];
            String name = cString(raw);
            description = String.format("%s (sm_%d%d, %.1f GiB, driver CUDA %s)", name, major[0], minor[0],
                    totalMemory / (double) (1L << 30), cudaVersion(driver));
            if (major[0] * 10 + minor[0] < MIN_COMPUTE_CAPABILITY) {
                throw new IllegalStateException(where + " is " + description
                        + ": the kernels need compute capability 8.0 or newer (A100, H100, ...): set backend: cpu");
            }
            long t0 = System.nanoTime();
            CudaFailure.check(api.primaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain", where);
            contextRetained = true;
            CudaFailure.check(api.ctxSetCurrent(context), "cuCtxSetCurrent", where);
            long t1 = System.nanoTime();
            String[] log = {""};
            int loaded = api.moduleLoad(module, ptx(), log);
            if (loaded != CUresult.CUDA_SUCCESS) {
                throw new CudaFailure(loaded, "cuModuleLoadData" + (log[0].isEmpty() ? "" : " (JIT log: "
                        + log[0].lines().findFirst().orElse("") + ")"), where);
            }
            moduleLoaded = true;
            for (String kernel : KERNELS) {
                CUfunction f = new CUfunction();
                CudaFailure.check(api.moduleGetFunction(f, module, kernel), "cuModuleGetFunction " + kernel, where);
                functions.put(kernel, f);
            }
            contextNanos = t1 - t0;
            moduleNanos = System.nanoTime() - t1;
        } catch (RuntimeException | Error e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * This JVM's session on device ordinal, opened on first use (or again after a sticky error
     * closed the last one). Held until JVM exit.
     */
    static synchronized GpuSession shared(int ordinal) {
        GpuSession s = SHARED.get(ordinal);
        if (s == null || s.closed) {
            s = new GpuSession(GpuDevice.api(), ordinal);
            if (SHARED.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(new Thread(GpuSession::closeShared, "skypatch-gpu-release"));
            }
            SHARED.put(ordinal, s);
        }
        return s;
    }

    private static synchronized void closeShared() {
        for (GpuSession s : SHARED.values()) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // the JVM is exiting: the driver frees whatever is left
            }
        }
        SHARED.clear();
    }

    /** Takes the device for one batch; the caller unlocks it when the batch is closed. */
    void lock() {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException(where() + " was released after an error: start the batch again");
        }
        current();
    }

    void unlock() {
        lock.unlock();
    }

    String where() {
        return "CUDA device " + ordinal + " (" + (description == null ? "?" : description) + ")";
    }

    /** Device bytes free now plus those the session's buffers already hold (which a batch can reuse). */
    long availableMemory() {
        long[] free = new long[1];
        long[] total = new long[1];
        check(api.memGetInfo(free, total), "cuMemGetInfo");
        long held = 0;
        for (long bytes : capacity.values()) {
            held += bytes;
        }
        return free[0] + held;
    }

    /** The device buffer b with room for at least bytes (contents are lost when it grows). */
    CUdeviceptr buffer(Buffer b, long bytes) {
        long need = Math.max(bytes, 8);
        CUdeviceptr p = buffers.get(b);
        if (p != null && capacity.get(b) >= need) {
            return p;
        }
        if (p != null) {
            buffers.remove(b);
            capacity.remove(b);
            check(api.memFree(p), "cuMemFree");
        }
        CUdeviceptr fresh = new CUdeviceptr();
        check(api.memAlloc(fresh, need), "cuMemAlloc of " + (need >> 20) + " MiB");
        buffers.put(b, fresh);
        capacity.put(b, need);
        return fresh;
    }

    /** The pinned host buffer b with room for at least bytes. */
    CudaApi.HostBuffer hostBuffer(HostBuffer b, long bytes) {
        long need = Math.max(bytes, 8);
        CudaApi.HostBuffer h = hostBuffers.get(b);
        if (h != null && h.bytes().capacity() >= need) {
            return h;
        }
        if (h != null) {
            hostBuffers.remove(b);
            check(api.memFreeHost(h), "cuMemFreeHost");
        }
        if (need > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where() + ": " + (need >> 20) + " MiB of results do not fit one"
                    + " host buffer: lower the study's batchSize");
        }
        CudaApi.HostBuffer[] fresh = new CudaApi.HostBuffer[1];
        check(api.memAllocHost(need, fresh), "cuMemAllocHost of " + (need >> 20) + " MiB");
        hostBuffers.put(b, fresh[0]);
        return fresh[0];
    }

    /** Copies src[0..count) into device buffer b (grown to fit). */
    CUdeviceptr upload(Buffer b, double[] src, int count) {
        CUdeviceptr dst = buffer(b, 8L * count);
        check(api.copyToDevice(dst, src, count), "cuMemcpyHtoD");
        return dst;
    }

    /** Copies src[0..count) into device buffer b (grown to fit). */
    CUdeviceptr upload(Buffer b, int[] src, int count) {
        CUdeviceptr dst = buffer(b, 4L * count);
        check(api.copyToDevice(dst, src, count), "cuMemcpyHtoD");
        return dst;
    }

    void download(CudaApi.HostBuffer dst, CUdeviceptr src, long offset, long bytes) {
        check(api.copyToHost(dst, src, offset, bytes), "cuMemcpyDtoH");
    }

    /** Launches a kernel over threads threads (one per item and slot). */
    void launch(String kernel, long threads, KernelArgs args) {
        long blocks = (threads + THREADS - 1) / THREADS;
        if (blocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where() + ": " + threads + " threads exceed one launch: lower batchSize");
        }
        check(api.launch(functions.get(kernel), kernel, (int) Math.max(blocks, 1), THREADS, args), kernel);
    }

    /** Registers per thread and local (spill) bytes of each kernel, as the driver compiled them. */
    String kernelResources() {
        StringBuilder out = new StringBuilder();
        for (String kernel : KERNELS) {
            int[] regs = new int[1];
            int[] local = new int[1];
            check(api.functionAttribute(regs, CUfunction_attribute.CU_FUNC_ATTRIBUTE_NUM_REGS, functions.get(kernel)),
                    "cuFuncGetAttribute");
            check(api.functionAttribute(local, CUfunction_attribute.CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES,
                    functions.get(kernel)), "cuFuncGetAttribute");
            out.append(out.length() == 0 ? "" : ", ").append(kernel).append(' ').append(regs[0]).append(" registers")
                    .append(local[0] == 0 ? "" : " + " + local[0] + " B local");
        }
        return out.toString();
    }

    void synchronize() {
        check(api.ctxSynchronize(), "cuCtxSynchronize");
    }

    private void current() {
        check(api.ctxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Checks a call; a sticky failure closes the session first, so that the next batch opens a fresh one. */
    private void check(int result, String call) {
        if (result == CUresult.CUDA_SUCCESS) {
            return;
        }
        CudaFailure failure = new CudaFailure(result, call, where());
        if (failure.sticky()) {
            try {
                release(true);
            } catch (RuntimeException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
        throw failure;
    }

    /**
     * Frees every buffer, unloads the module and releases the context, each step attempted even
     * when an earlier one fails (after a sticky error they all do). The first failure is thrown at
     * the end. Idempotent.
     */
    @Override
    public void close() {
        release(false);
    }

    /** As close; with reset (or when a step fails) the primary context is also reset, so that a new session starts clean. */
    private synchronized void release(boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        if (contextRetained) {
            first = attempt(first, api.ctxSetCurrent(context), "cuCtxSetCurrent");
        }
        for (CUdeviceptr p : buffers.values()) {
            first = attempt(first, api.memFree(p), "cuMemFree");
        }
        buffers.clear();
        capacity.clear();
        for (CudaApi.HostBuffer h : hostBuffers.values()) {
            first = attempt(first, api.memFreeHost(h), "cuMemFreeHost");
        }
        hostBuffers.clear();
        if (moduleLoaded) {
            first = attempt(first, api.moduleUnload(module), "cuModuleUnload");
            moduleLoaded = false;
        }
        if (contextRetained) {
            boolean poisoned = reset || first != null;
            first = attempt(first, api.primaryCtxRelease(device), "cuDevicePrimaryCtxRelease");
            if (poisoned) {
                first = attempt(first, api.primaryCtxReset(device), "cuDevicePrimaryCtxReset");
            }
            contextRetained = false;
        }
        synchronized (GpuSession.class) {
            SHARED.remove(ordinal, this);
        }
        if (first != null) {
            throw first;
        }
    }

    private RuntimeException attempt(RuntimeException first, int result, String call) {
        if (result == CUresult.CUDA_SUCCESS) {
            return first;
        }
        CudaFailure failure = new CudaFailure(result, call + " while releasing", where());
        if (first == null) {
            return failure;
        }
        first.addSuppressed(failure);
        return first;
    }

    boolean closed() {
        return closed;
    }

    /** The committed PTX, NUL-terminated as cuModuleLoadData expects. */
    static byte[] ptx() {
        try (InputStream in = GpuSession.class.getResourceAsStream(PTX)) {
            if (in == null) {
                throw new IllegalStateException(PTX + " is missing from the classpath: rebuild udf-kernels");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PTX + ": " + e.getMessage(), e);
        }
    }

    private static String cudaVersion(int driverApi) {
        return driverApi / 1000 + "." + driverApi % 1000 / 10;
    }

    private static String cString(byte[] raw) {
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.US_ASCII);
    }
}
