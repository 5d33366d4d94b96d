package org.skypatch.job.fit;

import java.io.Serializable;
import org.skypatch.job.config.Study;
import org.skypatch.likelihood.FitOptions;

/**
 * The study settings an executor needs besides the sky, in serializable form.
 *
 * @param clusteringSeed      K-means seed
 * @param maxIterations       optimiser iteration cap (null: engine default)
 * @param nllTolerance        NLL stopping tolerance (null: engine default)
 * @param gradientTolerance   projected-gradient stopping tolerance (null: engine default)
 * @param backend             the backend label written into every row
 */
public record FitSettings(long clusteringSeed, Integer maxIterations, Double nllTolerance, Double gradientTolerance,
                          String backend) implements Serializable {

    public static FitSettings of(Study study, String backend) {
        return new FitSettings(study.clusteringSeed(), study.fit().maxIterations(), study.fit().nllTolerance(),
                study.fit().projectedGradientTolerance(), backend);
    }

    /** The engine's options: its defaults with the study's overrides. */
    public FitOptions options() {
        FitOptions d = FitOptions.defaults();
        return new FitOptions(d.start(), d.lower(), d.upper(),
                maxIterations == null ? d.maxIterations() : maxIterations,
                nllTolerance == null ? d.nllTolerance() : nllTolerance,
                gradientTolerance == null ? d.projectedGradientTolerance() : gradientTolerance);
    }
}
