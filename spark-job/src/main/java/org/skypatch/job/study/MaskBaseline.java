package org.skypatch.job.study;

/**
 * A multi-resolution configuration fitted on one whole Galactic mask, as the paper's Table 4 baselines are
 * (GAL020 = nside (64, 0, 2) on GAL020_U and GAL020_L at once): its units are those of the zone named by the
 * mask, and the entries sharing a name form one r-estimation baseline over the study's zones.
 *
 * @param name          the baseline's name, the selection of the r tables
 * @param mask          GAL020, GAL040 or GAL060 (GAL040 meaning GAL040 minus GAL020, as the zones)
 * @param configuration the multi-resolution configuration
 */
public record MaskBaseline(String name, String mask, Configuration configuration) {
}
