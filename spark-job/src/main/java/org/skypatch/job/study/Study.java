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
 * @param zoneMaskFile   Planck GalPlane-style mask file the zones are cut from (null: cut from the sky)
 * @param configurations configurations searched in every zone, in a stable order
 * @param maskBaselines  multi-resolution configurations fitted on whole masks (the paper's Table 4)
 * @param realizations   noise realizations per configuration
 * @param batchSize      realizations per work unit
 * @param clusteringSeed K-means seed
 * @param fit            optimiser settings (nulls take the engine defaults)
 * @param selection      how each zone's configuration is chosen (the ranking metric and the section 6 rule)
 * @param rMax           upper end of the r grid
 * @param rPoints        points of the r grid
 * @param rBaselines     also estimate r for the multi-resolution and single-patch configurations
 * @param rPerRealization also estimate r with each realization's own choice (the paper's section 5.7)
 * @param aLens          lensing B-mode amplitude left after delensing (1: none removed)
 * @param output         results folder URI or path
 * @param backend        requested backend
 * @param unitsPerCommit work units per Spark job (commit granularity); 0: sized to the cluster
 * @param search         exhaustive or successive halving
 * @param yaml           the study file's text, kept for _study.json
 */
public record Study(String name, long seed, int nside, StudyConfig.Sky sky, String instrumentCsv, List<String> bands, double noiseRatio,
                    String hitsMap,
                    List<String> zones, String zoneMaskFile, List<Configuration> configurations,
                    List<MaskBaseline> maskBaselines, int realizations, int batchSize,
                    long clusteringSeed, StudyConfig.Fit fit, SelectionRule selection, double rMax, int rPoints,
                    boolean rBaselines, boolean rPerRealization, double aLens, String output, Backend backend, int unitsPerCommit,
                    Search search, String yaml) {

    /** The ranking metric. */
    public Metric metric() {
        return selection.metric();
    }

    /** Whether r is also estimated with each realization's own choice: asked, and the metric has a value per realization. */
    public boolean perRealizationSelection() {
        return rPerRealization && metric().perRealizationColumn() != null;
    }

    /** The sky's input tensor-to-scalar ratio: the simulation's r, 0 for a FITS sky. */
    public double inputR() {
        return sky.simulate() == null || sky.simulate().r() == null ? 0 : sky.simulate().r();
    }

    /** Number of work units per (zone, configuration). */
    public int batchesPerConfiguration() {
        return (realizations + batchSize - 1) / batchSize;
    }

    /**
     * The configurations fitted in each zone of units: every configuration in each of the study's zones, then, for
     * each mask of the whole-mask baselines, its configurations on that whole mask.
     */
    public Map<String, List<Configuration>> zoneConfigurations() {
        Map<String, List<Configuration>> out = new LinkedHashMap<>();
        zones.forEach(z -> out.put(z, configurations));
        for (MaskBaseline b : maskBaselines) {
            out.computeIfAbsent(b.mask(), m -> new ArrayList<>());
            if (!out.get(b.mask()).contains(b.configuration())) {
                out.get(b.mask()).add(b.configuration());
            }
        }
        return out;
    }

    /** The zones that have units: the study's, then the whole masks of the baselines. */
    public List<String> unitZones() {
        return List.copyOf(zoneConfigurations().keySet());
    }

    /**
     * Ids of the study's work units ({@link WorkUnit#id}): one per zone, configuration and batch of realizations,
     * and with halving one systematic unit per configuration of the study's zones. Exhaustive makes all of them;
     * halving those its rungs reach.
     */
    public List<String> unitIds() {
        List<String> ids = new ArrayList<>();
        zoneConfigurations().forEach((zone, cs) -> {
            for (Configuration c : cs) {
                for (int b = 0; b < batchesPerConfiguration(); b++) {
                    ids.add(WorkUnit.id(zone, c.id(), b));
                }
                if (search.halving() && zones.contains(zone)) {
                    ids.add(WorkUnit.id(zone, c.id(), WorkUnit.SYSTEMATIC_ONLY));
                }
            }
        });
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
        m.put("zone_mask_file", zoneMaskFile);
        Map<String, List<String>> ids = new LinkedHashMap<>();
        zoneConfigurations().forEach((zone, cs) -> ids.put(zone, cs.stream().map(Configuration::id).toList()));
        m.put("configurations", ids);
        m.put("realizations", realizations);
        m.put("batch_size", batchSize);
        m.put("clustering_seed", clusteringSeed);
        m.put("fit", fit);
        if (search.halving()) { // its batch 0 lacks the systematic fit; rungs and keep only decide which units exist
            m.put("search", "halving");
        }
        return m;
    }

    /** The same study writing elsewhere (tests, and the --output option). */
    public Study withOutput(String newOutput) {
        return with(selection, newOutput, rMax, rPoints);
    }

    /** The same study choosing its configurations by another rule ({@code skypatch rank}). */
    public Study withSelection(SelectionRule newSelection) {
        return with(newSelection, output, rMax, rPoints);
    }

    /** The same study estimating r on another grid ({@code skypatch rank --r-max, --r-points}), checked as the file is. */
    public Study withRGrid(double newRMax, int newRPoints) {
        StudyLoader.checkRGrid("--r-max", newRMax, "--r-points", newRPoints);
        return with(selection, output, newRMax, newRPoints);
    }

    private Study with(SelectionRule newSelection, String newOutput, double newRMax, int newRPoints) {
        return new Study(name, seed, nside, sky, instrumentCsv, bands, noiseRatio, hitsMap, zones, zoneMaskFile, configurations, maskBaselines, realizations,
                batchSize,
                clusteringSeed, fit, newSelection, newRMax, newRPoints, rBaselines, rPerRealization, aLens, newOutput, backend, unitsPerCommit,
                search, yaml);
    }
}
