package org.skypatch.gpu;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * A kernel's argument list for cuLaunchKernel (a pointer to pointers to each value), with the PTX
 * parameter type of each argument (u32 for int, u64 for a device pointer) so that tests can check
 * it against the kernel's .entry signature without a GPU.
 */
final class KernelArgs {
    private final List<Pointer> values = new ArrayList<>();
    private final List<String> ptxTypes = new ArrayList<>();

    KernelArgs ints(int... ints) {
        for (int v : ints) {
            values.add(Pointer.to(new int[] {v}));
            ptxTypes.add("u32");
        }
        return this;
    }

    KernelArgs buffers(CUdeviceptr... buffers) {
        for (CUdeviceptr p : buffers) {
            values.add(Pointer.to(p));
            ptxTypes.add("u64");
        }
        return this;
    }

    Pointer pointer() {
        return Pointer.to(values.toArray(new Pointer[0]));
    }

    List<String> ptxTypes() {
        return List.copyOf(ptxTypes);
    }

    /** tuple_likelihood's arguments. */
    static KernelArgs tupleLikelihood(TupleLayout l, CUdeviceptr y, CUdeviceptr segment, CUdeviceptr tupleParam,
                                      CUdeviceptr invSigma, CUdeviceptr logDust, CUdeviceptr logSync,
                                      CUdeviceptr sed, CUdeviceptr active, CUdeviceptr out) {
        return new KernelArgs().ints(l.bands, l.pixels, l.kDustBeta, l.kDustTemp, l.kSyncBeta)
                .buffers(y, segment, tupleParam, invSigma, logDust, logSync, sed, active, out);
    }

    /** reconstruct_components's arguments for realization r. */
    static KernelArgs reconstructComponents(TupleLayout l, int r, CUdeviceptr y, CUdeviceptr tupleOf,
                                            CUdeviceptr tupleParam, CUdeviceptr invSigma, CUdeviceptr sed,
                                            CUdeviceptr out) {
        return new KernelArgs().ints(l.bands, l.pixels, l.kDustBeta, l.kDustTemp, l.kSyncBeta, r)
                .buffers(y, tupleOf, tupleParam, invSigma, sed, out);
    }
}
