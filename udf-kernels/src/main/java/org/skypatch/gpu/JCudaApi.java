package org.skypatch.gpu;

import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUjit_option;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import jcuda.driver.JITOptions;

/**
 * {@link CudaApi} through JCuda's driver bindings (libcuda.so.1, loaded on first use; a machine
 * without it fails that use with UnsatisfiedLinkError). Exceptions are off: every call returns its
 * CUresult, which {@link CudaFailure} words.
 */
final class JCudaApi implements CudaApi {
    private static final int LOG_BYTES = 16384;

    JCudaApi() {
        JCudaDriver.setExceptionsEnabled(false);
    }

    @Override
    public int init() {
        return JCudaDriver.cuInit(0);
    }

    @Override
    public int driverVersion(int[] version) {
        return JCudaDriver.cuDriverGetVersion(version);
    }

    @Override
    public int deviceCount(int[] count) {
        return JCudaDriver.cuDeviceGetCount(count);
    }

    @Override
    public int deviceGet(CUdevice device, int ordinal) {
        return JCudaDriver.cuDeviceGet(device, ordinal);
    }

    @Override
    public int deviceName(byte[] name, CUdevice device) {
        return JCudaDriver.cuDeviceGetName(name, name.length, device);
    }

    @Override
    public int deviceAttribute(int[] value, int attribute, CUdevice device) {
        return JCudaDriver.cuDeviceGetAttribute(value, attribute, device);
    }

    @Override
    public int deviceTotalMem(long[] bytes, CUdevice device) {
        return JCudaDriver.cuDeviceTotalMem(bytes, device);
    }

    @Override
    public int primaryCtxRetain(CUcontext context, CUdevice device) {
        return JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
    }

    @Override
    public int primaryCtxRelease(CUdevice device) {
        return JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }

    @Override
    public int primaryCtxReset(CUdevice device) {
        return JCudaDriver.cuDevicePrimaryCtxReset(device);
    }

    @Override
    public int ctxSetCurrent(CUcontext context) {
        return JCudaDriver.cuCtxSetCurrent(context);
    }

    @Override
    public int ctxSynchronize() {
        return JCudaDriver.cuCtxSynchronize();
    }

    @Override
    public int memGetInfo(long[] free, long[] total) {
        return JCudaDriver.cuMemGetInfo(free, total);
    }

    @Override
    public int moduleLoad(CUmodule module, byte[] ptx, String[] log) {
        JITOptions jit = new JITOptions();
        jit.putInt(CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, LOG_BYTES);
        jit.putBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER, new byte[LOG_BYTES]);
        int result;
        try {
            result = JCudaDriver.cuModuleLoadDataJIT(module, Pointer.to(ptx), jit);
            String text = jit.getString(CUjit_option.CU_JIT_ERROR_LOG_BUFFER);
            log[0] = text == null ? "" : text.trim();
        } catch (RuntimeException e) {
            // JCuda's JIT-options wrapper itself failed (not the driver): load without the log
            log[0] = "";
            result = JCudaDriver.cuModuleLoadData(module, ptx);
        }
        return result;
    }

    @Override
    public int functionAttribute(int[] value, int attribute, CUfunction function) {
        return JCudaDriver.cuFuncGetAttribute(value, attribute, function);
    }

    @Override
    public int moduleUnload(CUmodule module) {
        return JCudaDriver.cuModuleUnload(module);
    }

    @Override
    public int moduleGetFunction(CUfunction function, CUmodule module, String name) {
        return JCudaDriver.cuModuleGetFunction(function, module, name);
    }

    @Override
    public int memAlloc(CUdeviceptr pointer, long bytes) {
        return JCudaDriver.cuMemAlloc(pointer, bytes);
    }

    @Override
    public int memFree(CUdeviceptr pointer) {
        return JCudaDriver.cuMemFree(pointer);
    }

    @Override
    public int memAllocHost(long bytes, HostBuffer[] buffer) {
        Pointer p = new Pointer();
        int result = JCudaDriver.cuMemAllocHost(p, bytes);
        if (result == 0) {
            buffer[0] = new HostBuffer(p, p.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder()));
        }
        return result;
    }

    @Override
    public int memFreeHost(HostBuffer buffer) {
        return JCudaDriver.cuMemFreeHost(buffer.pointer());
    }

    @Override
    public int copyToDevice(CUdeviceptr dst, double[] src, int count) {
        return JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(src), (long) count * Sizeof.DOUBLE);
    }

    @Override
    public int copyToDevice(CUdeviceptr dst, int[] src, int count) {
        return JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(src), (long) count * Sizeof.INT);
    }

    @Override
    public int copyToHost(HostBuffer dst, CUdeviceptr src, long srcOffset, long bytes) {
        return JCudaDriver.cuMemcpyDtoH(dst.pointer().withByteOffset(srcOffset), src.withByteOffset(srcOffset), bytes);
    }

    @Override
    public int launch(CUfunction function, String name, int blocks, int threads, KernelArgs args) {
        return JCudaDriver.cuLaunchKernel(function, blocks, 1, 1, threads, 1, 1, 0, null, args.pointer(), null);
    }
}
