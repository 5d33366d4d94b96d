package org.skypatch.gpu;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * A kernel's argument list, in order, with the PTX parameter type of each argument (u32 for int,
 * f64 for double, u64 for a device pointer) so that tests can check it against the kernel's .entry
 * signature without a GPU, and a device model can read it.
 */
final class KernelArgs {
    private final List<Object> values = new ArrayList<>();
    private final List<String> ptxTypes = new ArrayList<>();

    KernelArgs ints(int... ints) {
        for (int v : ints) {
            values.add(v);
            ptxTypes.add("u32");
        }
        return this;
    }

    KernelArgs doubles(double... doubles) {
        for (double v : doubles) {
            values.add(v);
            ptxTypes.add("f64");
        }
        return this;
    }

    KernelArgs buffers(CUdeviceptr... buffers) {
        for (CUdeviceptr p : buffers) {
            values.add(p);
            ptxTypes.add("u64");
        }
        return this;
    }

    /** The list as cuLaunchKernel takes it: a pointer to pointers to each value. */
    Pointer pointer() {
        Pointer[] each = new Pointer[values.size()];
        for (int i = 0; i < each.length; i++) {
            Object v = values.get(i);
            each[i] = v instanceof Integer n ? Pointer.to(new int[] {n})
                    : v instanceof Double d ? Pointer.to(new double[] {d}) : Pointer.to((CUdeviceptr) v);
        }
        return Pointer.to(each);
    }

    int intAt(int i) {
        return (Integer) values.get(i);
    }

    double doubleAt(int i) {
        return (Double) values.get(i);
    }

    CUdeviceptr bufferAt(int i) {
        return (CUdeviceptr) values.get(i);
    }

    List<String> ptxTypes() {
        return List.copyOf(ptxTypes);
    }
}
