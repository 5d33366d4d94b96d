package org.skypatch.job.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.skypatch.gpu.Backend;

/**
 * A checked study: every default filled in, every value in range. Built by {@link StudyLoader}.
 *
 * @param name           study name
 * @param seed           study seed (noise realization i depends on (seed, i) only)
 * @param nside          HEALPix resolution of all maps
 * @param sky            simulation or FITS inputs
 * @param instrumentCsv  instrument CSV file, or null for the built-in LiteBIRD
 * @param bands          instrument band names in use, in order (null: all)
 * @param noiseRatio     scale of the nominal white noise
 * @param hitsMap        hit-count map FITS file shaping the noise per pixel (null: uniform noise)
 * @param zones          zone names
 * @param configurations configurations searched in every zone, in a stable order
 * @param realizations   noise realizations per configuration
 * @param batchSize      realizations per work unit
 * @param clusteringSeed K-means seed
 * @param fit            optimiser settings (nulls take the engine defaults)
 * @param metric         ranking metric
 * @param rMax           upper end of the r grid
 * @param rPoints        points of the r grid
 * @param rBaselines     also estimate r for the multi-resolution and single-patch configurations
 * @param output         results folder URI or path
 * @param backend        requested backend
 * @param unitsPerCommit work units per Spark job (commit granularity); 0: sized to the cluster
 * @param yaml           the study file's text, kept for _study.json
 */
public record Study(String name, long seed, int nside, StudyConfig.Sky sky, String instrumentCsv, List<String> bands, double noiseRatio,
                    String hitsMap,
                    List<String> zones, List<Configuration> configurations, int realizations, int batchSize,
                    long clusteringSeed, StudyConfig.Fit fit, Metric metric, double rMax, int rPoints,
                    boolean rBaselines, String output, Backend backend, int unitsPerCommit, String yaml) {

    /** Number of work units per (zone, configuration). */
    public int batchesPerConfiguration() {
        return (realizations + batchSize - 1) / batchSize;
    }

    /** Ids of the study's work units, one per zone, configuration and batch of realizations ({@link WorkUnit#id}). */
    public List<String> unitIds() {
        List<String> ids = new ArrayList<>();
        for (String zone : zones) {
            for (Configuration c : configurations) {
                for (int b = 0; b < batchesPerConfiguration(); b++) {
                    ids.add(WorkUnit.id(zone, c.id(), b));
                }
            }
        }
        return ids;
    }

    /**
     * What the study's units depend on, and nothing else: sky, instrument, zones, configurations, realizations
     * and their batches, seeds and fit options. Studies of one identity write the same units, so each may resume
     * the other's results folder whatever their name, metric, r grid, backend, commit size or output.
     */
    public Map<String, Object> fitIdentity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("nside", nside);
        m.put("sky", sky);
        m.put("instrument_csv", instrumentCsv);
        m.put("bands", bands);
        m.put("noise_ratio", noiseRatio);
        m.put("hits_map", hitsMap);
        m.put("zones", zones);
        m.put("configurations", configurations.stream().map(Configuration::id).toList());
        m.put("realizations", realizations);
        m.put("batch_size", batchSize);
        m.put("clustering_seed", clusteringSeed);
        m.put("fit", fit);
        return m;
    }

    /** The same study writing elsewhere (tests, and the --output option). */
    public Study withOutput(String newOutput) {
        return with(metric, newOutput, rMax, rPoints);
    }

    /** The same study choosing its configurations by another metric ({@code skypatch rank}). */
    public Study withMetric(Metric newMetric) {
        return with(newMetric, output, rMax, rPoints);
    }

    /** The same study estimating r on another grid ({@code skypatch rank --r-max, --r-points}), checked as the file is. */
    public Study withRGrid(double newRMax, int newRPoints) {
        StudyLoader.checkRGrid("--r-max", newRMax, "--r-points", newRPoints);
        return with(metric, output, newRMax, newRPoints);
    }

    private Study with(Metric newMetric, String newOutput, double newRMax, int newRPoints) {
        return new Study(name, seed, nside, sky, instrumentCsv, bands, noiseRatio, hitsMap, zones, configurations, realizations, batchSize,
                clusteringSeed, fit, newMetric, newRMax, newRPoints, rBaselines, newOutput, backend, unitsPerCommit, yaml);
    }
}
