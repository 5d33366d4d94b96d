package org.skypatch.job.fit;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The CUDA device of the running Spark task: the first address of the "gpu" resource Spark assigned
 * to it (spark.task.resource.gpu.amount with a discovery script listing nvidia-smi indices, read as
 * CUDA ordinals under CUDA_DEVICE_ORDER=PCI_BUS_ID), or device 0 outside a task or without GPU
 * scheduling (local mode, one GPU per executor).
 */
public final class TaskGpu {
    private TaskGpu() {
    }

    /** This task's device ordinal. */
    public static int ordinal() {
        TaskContext task = TaskContext.get();
        ResourceInformation gpu = task == null ? null : task.resourcesJMap().get("gpu");
        return gpu == null || gpu.addresses().length == 0 ? 0 : ordinal(gpu.addresses()[0]);
    }

    /**
     * A GPU address as a device ordinal.
     *
     * @throws IllegalArgumentException when the address is no device index
     */
    static int ordinal(String address) {
        try {
            int n = Integer.parseInt(address.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // worded below
        }
        throw new IllegalArgumentException("Spark's GPU address '" + address + "' is not a device index: give"
                + " spark.executor.resource.gpu.discoveryScript a script that lists nvidia-smi indices"
                + " (conf/gpu-discovery.sh)");
    }
}
