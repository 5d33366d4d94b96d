package org.skypatch.gpu;

import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUresult;

/** The model device with injected failures: any call can return a CUresult from its n-th use on, or throw once. */
class FaultyCuda extends ModelCuda {
    private final Map<String, int[]> failures = new HashMap<>();
    private final Map<String, RuntimeException> throwing = new HashMap<>();

    /** Makes the n-th call (1-based, counting from now) of name return code, and every one after it. */
    FaultyCuda failFrom(String name, int n, int code) {
        failures.put(name, new int[] {count(name) + n, code});
        return this;
    }

    /** Makes the next call of name throw. */
    FaultyCuda throwOn(String name, RuntimeException e) {
        throwing.put(name, e);
        return this;
    }

    @Override
    protected int call(String name) {
        super.call(name);
        RuntimeException e = throwing.remove(name);
        if (e != null) {
            throw e;
        }
        int[] f = failures.get(name);
        return f != null && count(name) >= f[0] ? f[1] : CUresult.CUDA_SUCCESS;
    }
}
