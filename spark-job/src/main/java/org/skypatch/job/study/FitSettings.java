package org.skypatch.job.study;

import java.io.Serializable;
import java.util.List;
import org.skypatch.gpu.Backend;
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
 * @param backend             requested backend (auto resolved on each executor)
 */
public record FitSettings(long clusteringSeed, Integer maxIterations, Double nllTolerance, Double gradientTolerance,
                          double[] start, double[] lower, double[] upper, Backend backend) implements Serializable {
    /** Start and bounds are copied: a later change to the caller's arrays does not reach the fits. */
    public FitSettings {
        start = start == null ? null : start.clone();
        lower = lower == null ? null : lower.clone();
        upper = upper == null ? null : upper.clone();
    }

    /** The study's settings; bounds and start are checked here, on the driver, with one-line errors. */
    public static FitSettings of(Study study, Backend backend) {
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
     * The backend this JVM fits a problem on with CUDA device ordinal (see {@link Backend#resolve(FitProblem, int)}:
     * a probe made once per executor JVM and device; auto takes the CPU for a problem the GPU kernels cannot
     * evaluate, gpu fails in one line).
     */
    public Backend engineBackend(FitProblem problem, int device) {
        return backend.resolve(problem, device);
    }

    /** By content, arrays included ({@link RecordContent}). */
    @Override
    public boolean equals(Object other) {
        return RecordContent.equals(this, other);
    }

    @Override
    public int hashCode() {
        return RecordContent.hashCode(this);
    }
}
