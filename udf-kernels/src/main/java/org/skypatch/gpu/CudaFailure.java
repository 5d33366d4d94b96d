package org.skypatch.gpu;

import jcuda.driver.CUresult;

/**
 * A failed CUDA driver call, worded by its error code so that a user reads what to do: an old
 * driver, a busy or exclusive device and a full device each get their own advice. Sticky errors
 * (a kernel fault) leave the context unusable: the session that saw one is torn down.
 */
final class CudaFailure extends IllegalStateException {
    private final int code;

    CudaFailure(int code, String call, String device) {
        super(device + ": " + call + " failed with " + CUresult.stringFor(code) + ": " + advice(code));
        this.code = code;
    }

    /** Throws a CudaFailure unless result is CUDA_SUCCESS. */
    static void check(int result, String call, String device) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaFailure(result, call, device);
        }
    }

    int code() {
        return code;
    }

    /** Whether the context is poisoned: every later call on it fails until it is reset. */
    boolean sticky() {
        return switch (code) {
            case CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, CUresult.CUDA_ERROR_LAUNCH_FAILED,
                 CUresult.CUDA_ERROR_HARDWARE_STACK_ERROR, CUresult.CUDA_ERROR_ILLEGAL_INSTRUCTION,
                 CUresult.CUDA_ERROR_MISALIGNED_ADDRESS, CUresult.CUDA_ERROR_INVALID_ADDRESS_SPACE,
                 CUresult.CUDA_ERROR_INVALID_PC, CUresult.CUDA_ERROR_LAUNCH_TIMEOUT,
                 CUresult.CUDA_ERROR_ECC_UNCORRECTABLE, CUresult.CUDA_ERROR_UNKNOWN -> true;
            default -> false;
        };
    }

    static String advice(int code) {
        return switch (code) {
            case CUresult.CUDA_ERROR_OUT_OF_MEMORY ->
                    "the device is short of memory: lower the study's batchSize, or run fewer tasks per GPU";
            case CUresult.CUDA_ERROR_NO_DEVICE, CUresult.CUDA_ERROR_INVALID_DEVICE ->
                    "no such CUDA device on this node: check spark.executor.resource.gpu settings and CUDA_VISIBLE_DEVICES";
            case CUresult.CUDA_ERROR_DEVICE_UNAVAILABLE, CUresult.CUDA_ERROR_NOT_PERMITTED ->
                    "the device is busy or in exclusive-process mode held by another process:"
                            + " give each executor its own GPU, or set backend: auto to fall back to the CPU";
            case CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION, CUresult.CUDA_ERROR_INVALID_PTX,
                 CUresult.CUDA_ERROR_INVALID_IMAGE, CUresult.CUDA_ERROR_JIT_COMPILER_NOT_FOUND,
                 CUresult.CUDA_ERROR_JIT_COMPILATION_DISABLED, CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH,
                 CUresult.CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE ->
                    "the NVIDIA driver cannot load the kernels (PTX ISA 8.0 for compute capability 8.0+):"
                            + " update the driver to 525 or newer (CUDA 12)";
            case CUresult.CUDA_ERROR_STUB_LIBRARY ->
                    "libcuda.so.1 is the toolkit's stub, not the driver: run on a node with the NVIDIA driver installed";
            case CUresult.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES ->
                    "the kernel needs more registers than the device has per block: report this as a bug";
            default -> "the GPU backend cannot continue on this device: set backend: auto or cpu, and report it"
                    + " with this line if it repeats";
        };
    }
}
