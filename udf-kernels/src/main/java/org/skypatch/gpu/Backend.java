package org.skypatch.gpu;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;

/**
 * Where batched fits run: the CPU engine, the CUDA backend, or AUTO (the GPU when this JVM's probe
 * of the device finds it usable and the kernels can evaluate the problem, else the CPU). Both give
 * the same fits to rounding. {@link #resolve(FitProblem, int)} is the one rule that decides.
 */
public enum Backend {
    CPU, GPU, AUTO;

    private static final System.Logger LOG = System.getLogger(Backend.class.getName());
    private static final Set<String> LOGGED = new HashSet<>();

    /** The backend named by a config value "cpu", "gpu" or "auto" (any case). */
    public static Backend parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend '" + value + "' is unknown: use cpu, gpu or auto");
        }
    }

    /**
     * CPU or GPU for this request on CUDA device ordinal (see {@link GpuDevice#probe(int)}), for any
     * problem the kernels can evaluate: AUTO falls back to the CPU with one log line per JVM and reason.
     *
     * @throws IllegalStateException for GPU when the device is not usable
     */
    public Backend resolve(int device) {
        return resolve(null, device);
    }

    /**
     * CPU or GPU for fitting problem (null: any problem the kernels can evaluate) on CUDA device
     * ordinal: AUTO takes the GPU only when the device is usable and the kernels can evaluate the
     * problem, else the CPU (logged once per JVM and reason); GPU without either is an error.
     *
     * @throws IllegalStateException for GPU when the device is not usable
     * @throws IllegalArgumentException for GPU and a problem the kernels cannot evaluate
     */
    public Backend resolve(FitProblem problem, int device) {
        if (this == CPU) {
            return CPU;
        }
        String unsupported = problem == null ? null : GpuBatch.unsupported(problem);
        if (unsupported != null) {
            if (this == GPU) {
                throw new IllegalArgumentException("backend gpu: " + unsupported + ": set backend: cpu or auto");
            }
            logOnce("backend auto: using the CPU, " + unsupported);
            return CPU;
        }
        GpuDevice probe = GpuDevice.probe(device);
        if (probe.available()) {
            return GPU;
        }
        if (this == GPU) {
            throw new IllegalStateException("backend gpu: CUDA device " + device + " is not usable (" + probe.reason()
                    + "): run on a node with an NVIDIA driver (libcuda.so.1) and a compute capability 8.0+ GPU,"
                    + " or set backend: cpu or auto");
        }
        logOnce("backend auto: using the CPU, CUDA device " + device + " is not usable (" + probe.reason() + ")");
        return CPU;
    }

    /** What results record for fits run on a resolved backend: cpu, or gpu and the device's description. */
    public static String label(Backend resolved, int device) {
        return resolved == GPU ? "gpu " + GpuDevice.probe(device).name() : "cpu";
    }

    /** {@link #fitBatch(FitProblem, List, FitOptions, int)} on CUDA device 0. */
    public List<FitResult> fitBatch(FitProblem problem, List<double[][][]> realizations, FitOptions options) {
        return fitBatch(problem, realizations, options, 0);
    }

    /**
     * Fits every realization of one configuration where {@link #resolve(FitProblem, int)} says, in
     * order. On the GPU, realizations go in batches as large as the device's memory holds.
     */
    public List<FitResult> fitBatch(FitProblem problem, List<double[][][]> realizations, FitOptions options,
                                    int device) {
        ComponentSeparation engine = new ComponentSeparation(problem);
        if (resolve(problem, device) == CPU) {
            return engine.fitBatch(realizations, options);
        }
        return fitOnGpu(GpuSession.shared(device), engine, problem, realizations, options, null);
    }

    /** Fits on a session, in batches of at most the device's capacity; timings may be null. */
    static List<FitResult> fitOnGpu(GpuSession session, ComponentSeparation engine, FitProblem problem,
                                    List<double[][][]> realizations, FitOptions options, GpuTimings timings) {
        session.lock();
        try {
            int capacity = GpuBatch.capacity(TupleLayout.of(problem, engine), session);
            List<FitResult> out = new ArrayList<>(realizations.size());
            for (int from = 0; from < realizations.size(); from += capacity) {
                List<double[][][]> part = realizations.subList(from, Math.min(realizations.size(), from + capacity));
                try (GpuBatch batch = new GpuBatch(session, problem, engine, part, timings)) {
                    out.addAll(new LockstepBatch(batch, engine, timings).fit(options));
                }
            }
            return out;
        } finally {
            session.unlock();
        }
    }

    private static synchronized void logOnce(String line) {
        if (LOGGED.add(line)) {
            LOG.log(Level.INFO, line);
        }
    }
}
