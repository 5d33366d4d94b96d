package org.skypatch.gpu;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;

/**
 * Where batched fits run: the CPU engine, the CUDA backend, or AUTO (the GPU when this JVM's
 * {@link GpuDevice#probe()} finds one, else the CPU). Both give the same fits to rounding.
 */
public enum Backend {
    CPU, GPU, AUTO;

    private static final System.Logger LOG = System.getLogger(Backend.class.getName());
    private static boolean autoLogged;
    private static boolean fallbackLogged;

    /** The backend named by a config value "cpu", "gpu" or "auto" (any case). */
    public static Backend parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend '" + value + "' is unknown: use cpu, gpu or auto");
        }
    }

    /**
     * CPU or GPU for a requested backend: AUTO becomes GPU when the probe succeeds, else CPU (logged
     * once per JVM); GPU without a usable device is an error.
     *
     * @throws IllegalStateException for GPU when no CUDA device is usable
     */
    public static Backend resolve(Backend requested) {
        GpuDevice device = requested == CPU ? null : GpuDevice.probe();
        switch (requested) {
            case CPU:
                return CPU;
            case GPU:
                if (!device.available()) {
                    throw new IllegalStateException("backend gpu: no usable CUDA device (" + device.reason()
                            + "): run on a node with an NVIDIA driver (libcuda.so.1) and a compute capability 8.0+ GPU,"
                            + " or set backend: cpu or auto");
                }
                return GPU;
            default:
                if (device.available()) {
                    return GPU;
                }
                synchronized (Backend.class) {
                    if (!autoLogged) {
                        autoLogged = true;
                        LOG.log(Level.INFO, "backend auto: using the CPU, no usable CUDA device (" + device.reason() + ")");
                    }
                }
                return CPU;
        }
    }

    /**
     * Fits every realization of one configuration on this backend (resolved first), in order;
     * per-realization iteration counts are in each result. A problem the kernels cannot evaluate
     * ({@link GpuSpectralLikelihood#unsupported}) is an error for GPU and runs on the CPU for AUTO (logged once).
     */
    public List<FitResult> fitBatch(FitProblem problem, List<double[][][]> realizations, FitOptions options) {
        String unsupported = this == CPU ? null : GpuSpectralLikelihood.unsupported(problem);
        if (unsupported != null && this == GPU) {
            throw new IllegalArgumentException("backend gpu: " + unsupported + ": set backend: cpu or auto");
        }
        if (unsupported != null) {
            logFallback(unsupported);
        }
        if (unsupported != null || resolve(this) == CPU) {
            return new ComponentSeparation(problem).fitBatch(realizations, options);
        }
        try (GpuSpectralLikelihood gpu = new GpuSpectralLikelihood(problem, realizations)) {
            return gpu.fitBatch(options);
        }
    }

    private static synchronized void logFallback(String why) {
        if (!fallbackLogged) {
            fallbackLogged = true;
            LOG.log(Level.INFO, "backend auto: using the CPU, " + why);
        }
    }
}
