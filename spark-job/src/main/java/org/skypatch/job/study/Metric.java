package org.skypatch.job.study;

import java.util.Arrays;
import java.util.Locale;

/** Ranking metrics of a (zone, configuration); every one is "lower is better". */
public enum Metric {
    /** Mean over zone pixels of the variance across noise realizations of the reconstructed CMB (Q and U), K_CMB^2. */
    SIGMA2_CMB("sigma2_cmb"),
    /** The reference code's variant: spatial variance of the reconstructed CMB per realization, averaged, K_CMB^2. */
    SPATIAL_VARIANCE("spatial_variance"),
    /** Mean negative log-likelihood at the optimum. */
    MEAN_NLL("mean_nll"),
    /** BB power of the total residual summed over l = 2..2 nside+1, mean over realizations, uK_CMB^2. */
    CL_BB_SUM("cl_bb_sum");

    private final String column;

    Metric(String column) {
        this.column = column;
    }

    /** The column of the rankings table holding this metric. */
    public String column() {
        return column;
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
