package org.skypatch.job.study;

import java.io.Serializable;
import java.util.Locale;

/**
 * One way to cluster a zone: the clustering method and, per spectral parameter (dust beta, dust
 * temperature, synchrotron beta), its K-means cluster count ({@link Method#KMEANS}), its HEALPix patch
 * nside ({@link Method#MULTIRES}), or 1 ({@link Method#SINGLE}).
 */
public record Configuration(Method method, int betaDust, int tempDust, int betaSync) implements Serializable {

    /** How the clusters of a configuration are built. */
    public enum Method {
        KMEANS, MULTIRES, SINGLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Method fromLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    public Configuration {
        if (betaDust < 1 || tempDust < 1 || betaSync < 1) {
            throw new IllegalArgumentException("configuration " + method.label() + " (" + betaDust + ", " + tempDust
                    + ", " + betaSync + ") has a value below 1");
        }
    }

    public static Configuration single() {
        return new Configuration(Method.SINGLE, 1, 1, 1);
    }

    /** Stable identifier used as a column value, e.g. {@code kmeans_10_5_2}, {@code multires_8_4_2}, {@code single}. */
    public String id() {
        return method == Method.SINGLE ? "single" : method.label() + "_" + betaDust + "_" + tempDust + "_" + betaSync;
    }

    /** The K-means cluster counts of beta_d, T_d and beta_s; none for the other methods. */
    public int[] kmeansCounts() {
        return method == Method.KMEANS ? new int[] {betaDust, tempDust, betaSync} : new int[0];
    }

    /** Relative cost of fitting one realization: the optimiser's work grows with the number of free parameters. */
    public double relativeCost() {
        return 1 + (betaDust + tempDust + betaSync) / 16.0;
    }
}
