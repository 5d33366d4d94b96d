package org.skypatch.job.study;

import java.io.Serializable;
import java.util.List;
import org.skypatch.gpu.Backend;
import org.skypatch.gpu.GpuDevice;
import org.skypatch.gpu.GpuSpectralLikelihood;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;

/**
 * The study settings an executor needs besides the sky, in serializable form.
 *
 * @param clusteringSeed      K-means seed
 * @param maxIterations       optimiser iteration cap (null: engine default)
 * @param nllTolerance        NLL stopping tolerance (null: engine default)
 * @param gradientTolerance   projected-gradient stopping tolerance (null: engine default)
 * @param start               starting (beta_d, T_d, beta_s) (null: engine default)
 * @param lower               lower bounds (null: engine default)
 * @param upper               upper bounds (null: engine default)
 * @param backend             requested backend: cpu, gpu or auto (resolved on each executor)
 */
public record FitSettings(long clusteringSeed, Integer maxIterations, Double nllTolerance, Double gradientTolerance,
                          double[] start, double[] lower, double[] upper, String backend) implements Serializable {

    /** The study's settings; bounds and start are checked here, on the driver, with one-line errors. */
    public static FitSettings of(Study study, String backend) {
        StudyConfig.Fit f = study.fit();
        FitSettings s = new FitSettings(study.clusteringSeed(), f.maxIterations(), f.nllTolerance(),
                f.projectedGradientTolerance(), triple(f.start()), triple(f.lower()), triple(f.upper()), backend);
        try {
            s.options();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("fit", e.getMessage());
        }
        return s;
    }

    private static double[] triple(List<Double> v) {
        return v == null ? null : v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The engine's options: its defaults with the study's overrides. */
    public FitOptions options() {
        FitOptions d = FitOptions.defaults();
        return new FitOptions(start == null ? d.start() : start, lower == null ? d.lower() : lower,
                upper == null ? d.upper() : upper,
                maxIterations == null ? d.maxIterations() : maxIterations,
                nllTolerance == null ? d.nllTolerance() : nllTolerance,
                gradientTolerance == null ? d.projectedGradientTolerance() : gradientTolerance);
    }

    /**
     * The backend this JVM fits a problem on: the request resolved by a GPU probe made once per
     * executor JVM; auto takes the CPU for a problem the GPU kernels cannot evaluate (bandpasses, per-pixel noise), and
     * gpu then fails in {@link Backend#fitBatch} with a one-line error.
     */
    public Backend engineBackend(FitProblem problem) {
        Backend requested = Backend.parse(backend);
        if (requested == Backend.AUTO && GpuSpectralLikelihood.unsupported(problem) != null) {
            return Backend.CPU;
        }
        return requested == Backend.GPU ? Backend.GPU : Backend.resolve(requested);
    }

    /** What the results record for fits run on a resolved backend: cpu, or gpu and the device's name. */
    public static String label(Backend resolved) {
        return resolved == Backend.GPU ? "gpu " + GpuDevice.probe().name() : "cpu";
    }
}
