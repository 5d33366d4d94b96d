package org.skypatch.job.study;

import java.util.Arrays;
import java.util.Locale;

/**
 * Ranking metrics of a (zone, configuration); every one is "lower is better". Only {@link #CL_BB_SUM} needs the
 * true CMB, so only it is out of reach of real data; {@link #SIGMA2_CMB} needs several noise realizations of one sky.
 */
public enum Metric {
    /**
     * The paper's eq. 9: mean over zone pixels of the variance across noise realizations of the reconstructed CMB
     * (Q and U), uK_CMB^2. Blind to foreground leakage, which is the same in every realization.
     */
    SIGMA2_CMB("sigma2_cmb", "uK_CMB^2", false, null),
    /**
     * What the authors' code minimises: per realization, the variance over the zone's pixels of the reconstructed
     * CMB (mean of Q and U), averaged over realizations, uK_CMB^2. Leaked foregrounds add to it.
     */
    SPATIAL_VARIANCE("spatial_variance", "uK_CMB^2", false, "spatial_variance"),
    /** Mean negative log-likelihood at the optimum. */
    MEAN_NLL("mean_nll", "dimensionless", false, "nll"),
    /** BB power of the reconstructed CMB summed over l = 2..2 nside+1, mean over realizations, uK_CMB^2. */
    CL_BB_OBSERVED("cl_bb_observed", "uK_CMB^2", false, "cl_bb_observed"),
    /** BB power of the total residual (reconstructed minus true CMB) summed over l = 2..2 nside+1, mean, uK_CMB^2. */
    CL_BB_SUM("cl_bb_sum", "uK_CMB^2", true, "cl_bb_sum");

    private final String column;
    private final String unit;
    private final boolean needsTruth;
    private final String perRealizationColumn;

    Metric(String column, String unit, boolean needsTruth, String perRealizationColumn) {
        this.column = column;
        this.unit = unit;
        this.needsTruth = needsTruth;
        this.perRealizationColumn = perRealizationColumn;
    }

    /**
     * The units table's column with this metric's value per realization (the rankings average it), or null for
     * {@link #SIGMA2_CMB}, a variance across realizations.
     */
    public String perRealizationColumn() {
        return perRealizationColumn;
    }

    /** The metric's unit, for pictures. */
    public String unit() {
        return unit;
    }

    /** The column of the rankings table holding this metric. */
    public String column() {
        return column;
    }

    /** Whether computing it needs the true CMB, which only a simulation has. */
    public boolean needsTruth() {
        return needsTruth;
    }

    public static Metric parse(String key, String value) {
        for (Metric m : values()) {
            if (m.column.equals(value.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new ConfigException(key, "'" + value + "' is not a metric: use one of "
                + Arrays.stream(values()).map(Metric::column).toList());
    }
}
