package org.skypatch.job.study;

import java.io.Serializable;

/**
 * One task's worth of work: a configuration fitted in one zone on a batch of consecutive noise
 * realizations. Batch 0 also carries the configuration's systematic (foreground-only) residual.
 *
 * @param zone             zone name
 * @param configuration    clustering configuration
 * @param batch            batch index, from 0
 * @param firstRealization first noise realization of the batch
 * @param realizations     number of realizations in the batch
 * @param cost             relative cost, used to start the largest units first
 */
public record WorkUnit(String zone, Configuration configuration, int batch, int firstRealization, int realizations,
                       double cost) implements Serializable {

    /** Stable identifier, unique in a study: {@code zone/configuration/b<batch>}. */
    public String id() {
        return id(zone, configuration.id(), batch);
    }

    public static String id(String zone, String configurationId, int batch) {
        return zone + "/" + configurationId + "/b" + batch;
    }

    public boolean carriesSystematic() {
        return batch == 0;
    }
}
