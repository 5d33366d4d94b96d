package org.skypatch.gpu;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

/**
 * A CUDA device modelled on the host, for checking everything but the silicon: device memory is
 * host memory and launches run {@link KernelModel}. The tests and {@code GpuCheck --cpu-only} drive
 * the real session, batch and lockstep code on it. Counts every call, so tests can check what a
 * session allocates, loads and releases; a subclass can fail any call through {@link #call}.
 */
class ModelCuda implements CudaApi {
    int driverVersion = 13000;
    int computeMajor = 9;
    long totalMemory = 8L << 30;
    /** Free device memory reported by cuMemGetInfo (minus what is allocated). */
    long freeMemory = 8L << 30;
    private final Map<CUdeviceptr, ByteBuffer> memory = new IdentityHashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private int retained;

    int count(String name) {
        return calls.getOrDefault(name, 0);
    }

    /** Device bytes allocated now. */
    long allocated() {
        long sum = 0;
        for (ByteBuffer b : memory.values()) {
            sum += b.capacity();
        }
        return sum;
    }

    int retainedContexts() {
        return retained;
    }

    /** Counts a call of name (a driver function, or "launch KERNEL") and gives its result: success here. */
    protected int call(String name) {
        calls.merge(name, 1, Integer::sum);
        return CUresult.CUDA_SUCCESS;
    }

    @Override
    public int init() {
        return call("cuInit");
    }

    @Override
    public int driverVersion(int[] version) {
        version[0] = driverVersion;
        return call("cuDriverGetVersion");
    }

    @Override
    public int deviceCount(int[] count) {
        count[0] = 1;
        return call("cuDeviceGetCount");
    }

    @Override
    public int deviceGet(CUdevice device, int ordinal) {
        return call("cuDeviceGet");
    }

    @Override
    public int deviceName(byte[] name, CUdevice device) {
        byte[] text = "Model GPU".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, name, 0, text.length);
        return call("cuDeviceGetName");
    }

    @Override
    public int deviceAttribute(int[] value, int attribute, CUdevice device) {
        value[0] = attribute == CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR ? computeMajor : 0;
        return call("cuDeviceGetAttribute");
    }

    @Override
    public int deviceTotalMem(long[] bytes, CUdevice device) {
        bytes[0] = totalMemory;
        return call("cuDeviceTotalMem");
    }

    @Override
    public int primaryCtxRetain(CUcontext context, CUdevice device) {
        int rc = call("cuDevicePrimaryCtxRetain");
        retained += rc == 0 ? 1 : 0;
        return rc;
    }

    @Override
    public int primaryCtxRelease(CUdevice device) {
        int rc = call("cuDevicePrimaryCtxRelease");
        retained -= rc == 0 ? 1 : 0;
        return rc;
    }

    @Override
    public int primaryCtxReset(CUdevice device) {
        return call("cuDevicePrimaryCtxReset");
    }

    @Override
    public int ctxSetCurrent(CUcontext context) {
        return call("cuCtxSetCurrent");
    }

    @Override
    public int ctxSynchronize() {
        return call("cuCtxSynchronize");
    }

    @Override
    public int memGetInfo(long[] free, long[] total) {
        free[0] = freeMemory - allocated();
        total[0] = totalMemory;
        return call("cuMemGetInfo");
    }

    @Override
    public int moduleLoad(CUmodule module, byte[] ptx, String[] log) {
        int rc = call("cuModuleLoadData");
        log[0] = rc == 0 ? "" : "ptxas fatal   : Unsupported .version 8.0; current version is '7.4'";
        return rc;
    }

    @Override
    public int moduleUnload(CUmodule module) {
        return call("cuModuleUnload");
    }

    @Override
    public int functionAttribute(int[] value, int attribute, CUfunction function) {
        value[0] = 0;
        return call("cuFuncGetAttribute");
    }

    @Override
    public int moduleGetFunction(CUfunction function, CUmodule module, String name) {
        return call("cuModuleGetFunction");
    }

    @Override
    public int memAlloc(CUdeviceptr pointer, long bytes) {
        int rc = call("cuMemAlloc");
        if (rc == 0) {
            memory.put(pointer, ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder()));
        }
        return rc;
    }

    @Override
    public int memFree(CUdeviceptr pointer) {
        int rc = call("cuMemFree");
        if (memory.remove(pointer) == null) {
            throw new AssertionError("cuMemFree of a pointer that is not allocated");
        }
        return rc;
    }

    @Override
    public int memAllocHost(long bytes, HostBuffer[] buffer) {
        int rc = call("cuMemAllocHost");
        if (rc == 0) {
            buffer[0] = new HostBuffer(null, ByteBuffer.allocateDirect(Math.toIntExact(bytes))
                    .order(ByteOrder.nativeOrder()));
        }
        return rc;
    }

    @Override
    public int memFreeHost(HostBuffer buffer) {
        return call("cuMemFreeHost");
    }

    @Override
    public int copyToDevice(CUdeviceptr dst, double[] src, int count) {
        doubles(dst).put(src, 0, count);
        return call("cuMemcpyHtoD");
    }

    @Override
    public int copyToDevice(CUdeviceptr dst, int[] src, int count) {
        ints(dst).put(src, 0, count);
        return call("cuMemcpyHtoD");
    }

    @Override
    public int copyToHost(HostBuffer dst, CUdeviceptr src, long srcOffset, long bytes) {
        ByteBuffer from = device(src).duplicate();
        from.position(Math.toIntExact(srcOffset)).limit(Math.toIntExact(srcOffset + bytes));
        ByteBuffer to = dst.bytes().duplicate();
        to.position(Math.toIntExact(srcOffset));
        to.put(from);
        return call("cuMemcpyDtoH");
    }

    @Override
    public int launch(CUfunction function, String name, int blocks, int threads, KernelArgs a) {
        int rc = call("launch " + name);
        if (rc != 0) {
            return rc;
        }
        switch (name) {
            case "sed_tables" -> KernelModel.sedTables(a.intAt(0), a.intAt(1), a.intAt(2), a.intAt(3), a.intAt(4),
                    a.intAt(5), a.doubleAt(6), a.doubleAt(7), a.doubleAt(8), a.doubleAt(9), a.doubleAt(10),
                    doubles(a.bufferAt(11)), doubles(a.bufferAt(12)), doubles(a.bufferAt(13)));
            case "chunk_moments" -> KernelModel.chunkMoments(a.intAt(0), a.intAt(1), a.intAt(2), a.intAt(3), a.intAt(4),
                    a.intAt(5), a.intAt(6), doubles(a.bufferAt(7)), ints(a.bufferAt(8)), ints(a.bufferAt(9)),
                    ints(a.bufferAt(10)), doubles(a.bufferAt(11)), doubles(a.bufferAt(12)), ints(a.bufferAt(13)),
                    doubles(a.bufferAt(14)));
            case "tuple_outputs" -> KernelModel.tupleOutputs(a.intAt(0), a.intAt(1), a.intAt(2), a.intAt(3), a.intAt(4),
                    a.intAt(5), ints(a.bufferAt(6)), ints(a.bufferAt(7)), doubles(a.bufferAt(8)),
                    doubles(a.bufferAt(9)), doubles(a.bufferAt(10)), doubles(a.bufferAt(11)));
            case "reconstruct_components" -> KernelModel.reconstructComponents(a.intAt(0), a.intAt(1), a.intAt(2),
                    a.intAt(3), a.intAt(4), a.intAt(5), doubles(a.bufferAt(6)), ints(a.bufferAt(7)),
                    ints(a.bufferAt(8)), doubles(a.bufferAt(9)), doubles(a.bufferAt(10)), ints(a.bufferAt(11)),
                    doubles(a.bufferAt(12)));
            default -> throw new AssertionError("no kernel " + name);
        }
        return rc;
    }

    /** A copy of a device buffer's bytes. */
    byte[] bytes(CUdeviceptr p) {
        ByteBuffer b = device(p).duplicate();
        byte[] out = new byte[b.capacity()];
        b.position(0);
        b.get(out);
        return out;
    }

    private ByteBuffer device(CUdeviceptr p) {
        ByteBuffer b = memory.get(p);
        if (b == null) {
            throw new AssertionError("use of a device pointer that is not allocated (freed, or never)");
        }
        return b;
    }

    /** The device buffer p as doubles (a live view). */
    DoubleBuffer doubles(CUdeviceptr p) {
        return device(p).duplicate().order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    private IntBuffer ints(CUdeviceptr p) {
        return device(p).duplicate().order(ByteOrder.nativeOrder()).asIntBuffer();
    }
}
