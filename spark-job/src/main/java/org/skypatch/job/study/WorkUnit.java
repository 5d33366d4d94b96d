package org.skypatch.job.study;

import java.io.Serializable;

/**
 * One task's worth of work: a configuration fitted in one zone on a batch of consecutive noise
 * realizations, with or without the configuration's systematic (foreground-only) fit: batch 0 carries it in an
 * exhaustive search; successive halving gives it a unit of its own, batch {@link #SYSTEMATIC_ONLY}, of no realization.
 *
 * @param zone             zone name
 * @param configuration    clustering configuration
 * @param batch            batch index, from 0
 * @param firstRealization first noise realization of the batch
 * @param realizations     number of realizations in the batch
 * @param systematic       whether the unit also makes the systematic fit
 * @param cost             relative cost, used to start the largest units first
 */
public record WorkUnit(String zone, Configuration configuration, int batch, int firstRealization, int realizations,
                       boolean systematic, double cost) implements Serializable {
    /** The batch index of a unit holding only the systematic fit. */
    public static final int SYSTEMATIC_ONLY = -1;

    /** Stable identifier, unique in a study: {@code zone/configuration/b<batch>}, or {@code .../sys}. */
    public String id() {
        return id(zone, configuration.id(), batch);
    }

    public static String id(String zone, String configurationId, int batch) {
        return zone + "/" + configurationId + (batch == SYSTEMATIC_ONLY ? "/sys" : "/b" + batch);
    }
}
