package org.skypatch.job.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A task's GPU address as the CUDA device its fits run on. */
class TaskGpuTest {
    @Test
    void addressesAreDeviceIndices() {
        assertEquals(0, TaskGpu.ordinal(), "outside a Spark task: device 0");
        assertEquals(3, TaskGpu.ordinal("3"));
        assertEquals(1, TaskGpu.ordinal(" 1 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskGpu.ordinal("GPU-8f3c2a"));
        assertTrue(e.getMessage().startsWith("Spark's GPU address 'GPU-8f3c2a' is not a device index")
                && e.getMessage().contains("conf/gpu-discovery.sh"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskGpu.ordinal("-1"));
    }
}
