package org.skypatch.gpu;

import java.nio.ByteBuffer;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * The CUDA driver calls the GPU backend makes, each returning the driver's CUresult. {@link JCudaApi}
 * makes them through JCuda; tests substitute a model device that runs the kernels' Java model on
 * host memory and injects failures, which checks everything on the host side without a GPU.
 */
interface CudaApi {
    /** Page-locked host memory: the driver's pointer and the same bytes in native order. */
    record HostBuffer(Pointer pointer, ByteBuffer bytes) {
    }

    int init();

    int driverVersion(int[] version);

    int deviceCount(int[] count);

    int deviceGet(CUdevice device, int ordinal);

    int deviceName(byte[] name, CUdevice device);

    int deviceAttribute(int[] value, int attribute, CUdevice device);

    int deviceTotalMem(long[] bytes, CUdevice device);

    int primaryCtxRetain(CUcontext context, CUdevice device);

    int primaryCtxRelease(CUdevice device);

    /** Destroys the primary context's state, which is how a sticky error (a poisoned context) is cleared. */
    int primaryCtxReset(CUdevice device);

    int ctxSetCurrent(CUcontext context);

    int ctxSynchronize();

    int memGetInfo(long[] free, long[] total);

    /** Loads PTX (NUL-terminated), leaving the JIT compiler's error log, if any, in log[0]. */
    int moduleLoad(CUmodule module, byte[] ptx, String[] log);

    int moduleUnload(CUmodule module);

    /** A kernel's attribute (CUfunction_attribute: registers per thread, ...). */
    int functionAttribute(int[] value, int attribute, CUfunction function);

    int moduleGetFunction(CUfunction function, CUmodule module, String name);

    int memAlloc(CUdeviceptr pointer, long bytes);

    int memFree(CUdeviceptr pointer);

    int memAllocHost(long bytes, HostBuffer[] buffer);

    int memFreeHost(HostBuffer buffer);

    /** Copies src[0..count) to the start of dst. */
    int copyToDevice(CUdeviceptr dst, double[] src, int count);

    /** Copies src[0..count) to the start of dst. */
    int copyToDevice(CUdeviceptr dst, int[] src, int count);

    /** Copies bytes from src at srcOffset into dst at the same offset. */
    int copyToHost(HostBuffer dst, CUdeviceptr src, long srcOffset, long bytes);

    /** Launches kernel name (one dimension) with its arguments. */
    int launch(CUfunction function, String name, int blocks, int threads, KernelArgs args);
}
