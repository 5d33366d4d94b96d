package org.skypatch.job.study;

import java.util.Locale;

/**
 * How each zone's configuration is chosen from the rankings. The plain rule takes rank 1 by the metric. The
 * paper's section 6 rule looks at the {@code topN} best by the metric (the lowest-variance ones) and takes, among
 * those whose systematic residual is at most {@code systematicMax}, the one with the lowest systematic residual;
 * when none is under the threshold it takes the lowest anyway and says so. The systematic residual is the
 * {@code systematic_over_lensing} of the rankings: BB of the configuration's systematic residual in the zone over
 * lensing BB, each summed over l = 2..2 nside+1.
 *
 * @param metric        the ranking metric
 * @param topN          how many of the best by the metric are candidates (1: the plain rule)
 * @param systematicMax the threshold on systematic_over_lensing, or null for none
 */
public record SelectionRule(Metric metric, int topN, Double systematicMax) {

    public SelectionRule {
        if (topN < 1) {
            throw new IllegalArgumentException("topN " + topN + " must be >= 1");
        }
    }

    /** Rank 1 by the metric. */
    public static SelectionRule byMetric(Metric metric) {
        return new SelectionRule(metric, 1, null);
    }

    public SelectionRule withMetric(Metric newMetric) {
        return new SelectionRule(newMetric, topN, systematicMax);
    }

    /** The rule in words, as the best table and summary.json record it. */
    public String describe() {
        if (topN == 1 && systematicMax == null) {
            return "rank 1 by " + metric.column();
        }
        return "lowest systematic_over_lensing" + (systematicMax == null ? ""
                : String.format(Locale.ROOT, " <= %g", systematicMax)) + " among the " + topN + " best by " + metric.column();
    }
}
