package org.skypatch.job.study;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One study, as read from its YAML file (see conf/quickstart.yaml for every key with its meaning).
 * Records are filled by Jackson; {@link StudyLoader} checks them and reports the first bad key.
 *
 * @param name           study name, used in logs and _study.json
 * @param seed           study seed: noise realization i is drawn from (seed, i) only
 * @param sky            where the frequency maps come from
 * @param instrument     bands and noise
 * @param zones          zone names (GalacticZones: GAL020, GAL040, GAL060 with _U/_L halves), as a list or with a
 *                       mask file ({@link Zones})
 * @param grid           the cluster-count configurations searched in every zone
 * @param realizations   number of noise realizations per configuration
 * @param batchSize      realizations fitted in one work unit
 * @param clusteringSeed seed of the K-means initialisation
 * @param fit            optimiser settings
 * @param metric         ranking metric, one of {@link Metric}: rank 1 of each zone is chosen (exclusive with selection)
 * @param selection      the paper's section 6 rule instead of rank 1 ({@link SelectionRule})
 * @param r              tensor-to-scalar ratio estimation settings
 * @param output         results folder: local path, hdfs:// or s3a:// URI
 * @param backend        cpu, gpu or auto
 * @param unitsPerCommit work units computed per Spark job; each job's files are committed together (absent:
 *                       4 per executor core, at least 64)
 * @param search         exhaustive (default) or successive halving ({@link SearchKeys})
 */
public record StudyConfig(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) Long seed,
        @JsonProperty(required = true) Sky sky,
        Instrument instrument,
        @JsonProperty(required = true) Zones zones,
        @JsonProperty(required = true) Grid grid,
        @JsonProperty(required = true) Integer realizations,
        Integer batchSize,
        Long clusteringSeed,
        Fit fit,
        String metric,
        Selection selection,
        R r,
        @JsonProperty(required = true) String output,
        String backend,
        Integer unitsPerCommit,
        SearchKeys search) {

    /**
     * The zones: a list of names, or a mapping with the names and the mask file to cut them from.
     *
     * @param names    zone names
     * @param maskFile a Planck HFI GalPlane-style mask file (columns GAL020, GAL040, GAL060; any nside, degraded or
     *                 upgraded to the study's) instead of masks cut from the sky
     */
    public record Zones(@JsonProperty(required = true) List<String> names, String maskFile) {
        @JsonCreator
        public Zones {
        }

        /** The plain list form, {@code zones: [GAL020_U, GAL020_L]}. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Zones of(List<String> names) {
            return new Zones(names, null);
        }
    }

    /**
     * The sky: nside plus either a simulation or FITS files.
     *
     * @param nside     HEALPix resolution of every map (power of two)
     * @param zoneScore how zones are cut: {@code foreground} (smoothed polarized foreground intensity near
     *                  353 GHz, Planck-like) or {@code latitude} (|b| only)
     * @param simulate  simulation options (exclusive with fits)
     * @param fits      FITS inputs (exclusive with simulate)
     */
    public record Sky(@JsonProperty(required = true) Integer nside, String zoneScore, Simulate simulate, Fits fits) {
    }

    /**
     * A simulated sky (SkyOptions.defaults with these overrides).
     *
     * @param seed      seed of every random field of the sky (CMB, foregrounds, parameter maps)
     * @param r         tensor-to-scalar ratio of the simulated CMB
     * @param piecewise beta_d, T_d, beta_s cluster counts of piecewise-constant true parameters (absent: smooth)
     * @param piecewisePerZone true: the piecewise clusters are those the grid builds in each of the study's
     *                  zones (same pixels, K-means with the study's clusteringSeed), so the grid point of the
     *                  true counts has an exact answer; absent or false: clusters of the full sky
     * @param foregrounds d1s1 (PySM's dust and synchrotron with per-pixel parameters, the default), d0s0 (the same
     *                  maps, constant parameters) or gaussian (the isotropic toy sky)
     * @param templates PySM-style template file (tools/make_pysm_templates.py) for d1s1/d0s0 at any nside at or
     *                  above the study's; absent: the shipped nside-64 templates
     */
    public record Simulate(@JsonProperty(required = true) Long seed, Double r, List<Integer> piecewise,
                           Boolean piecewisePerZone, String foregrounds, String templates) {
    }

    /**
     * A sky from FITS files (RING ordering, Q,U in K_CMB).
     *
     * @param frequencyMaps     noiseless CMB+foreground maps, one file per band, in band order
     * @param foregroundMaps    foreground-only maps, one per band
     * @param cmb               the true CMB Q,U map
     * @param maxUnseenFraction pixels UNSEEN in any of these maps are left out of every zone, with a warning;
     *                          a zone that would lose more than this fraction of its pixels is an error (default 0.1)
     */
    public record Fits(List<String> frequencyMaps, List<String> foregroundMaps, String cmb, Double maxUnseenFraction) {
    }

    /**
     * The instrument.
     *
     * @param name       built-in instrument (litebird); exclusive with csv
     * @param csv        instrument CSV ({@code name,frequency_GHz,depth_uK_arcmin[,bandpass_file]} per band);
     *                   bandpasses shape the simulated sky and the fit's band-averaged mixing matrix
     * @param bands      subset of its band names, in the order to use (all when absent)
     * @param noiseRatio scale of the white noise (1 = nominal depths)
     * @param hitsMap    optional HEALPix FITS hit-count map (first column, RING or NESTED, at the study's nside):
     *                   per pixel, Q and U noise sigma = nominal sigma * sqrt(mean hits / hits), mean over the
     *                   pixels with hits > 0, for every band; both the simulated noise and the fit's weights
     */
    public record Instrument(String name, String csv, List<String> bands, Double noiseRatio, String hitsMap) {
    }

    /**
     * The configurations searched.
     *
     * @param kmeans          K-means cluster counts, all combinations are searched
     * @param multiResolution HEALPix multi-resolution patches ({@link MultiResolution})
     * @param singlePatch     also fit one set of parameters per zone
     */
    public record Grid(KMeans kmeans, List<MultiResolution> multiResolution, Boolean singlePatch) {
    }

    /**
     * One multi-resolution configuration: a triple of patch nside, or, as the paper's Table 4, a triple for one
     * whole mask.
     *
     * @param nside patch nside of (beta_d, T_d, beta_s); 0 is one patch for that parameter
     * @param mask  GAL020, GAL040 or GAL060: fitted on that whole mask (both halves at once, GAL040 meaning GAL040
     *              minus GAL020) as a baseline, not in each zone; absent: in every zone
     * @param name  the baseline these whole-mask entries form together, one entry per mask (default multires)
     */
    public record MultiResolution(@JsonProperty(required = true) List<Integer> nside, String mask, String name) {
        @JsonCreator
        public MultiResolution {
        }

        /** The plain triple form, {@code [4, 2, 1]}: in every zone. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static MultiResolution of(List<Integer> nside) {
            return new MultiResolution(nside, null, null);
        }
    }

    /** Cluster counts for dust beta, dust temperature and synchrotron beta. */
    public record KMeans(@JsonProperty(required = true) List<Integer> betaDust,
                         @JsonProperty(required = true) List<Integer> tempDust,
                         @JsonProperty(required = true) List<Integer> betaSync) {
    }

    /**
     * Optimiser settings (absent keys take the engine defaults: start (1.54, 20 K, -3), bounds beta_d
     * [0.5, 5], T_d [6, 40] K, beta_s [-7, -0.5]).
     *
     * @param maxIterations              iteration cap
     * @param nllTolerance               NLL change that stops the fit
     * @param projectedGradientTolerance projected-gradient norm that stops the fit
     * @param start                      starting (beta_d, T_d [K], beta_s) of every cluster
     * @param lower                      lower bounds of (beta_d, T_d, beta_s)
     * @param upper                      upper bounds of (beta_d, T_d, beta_s)
     */
    public record Fit(Integer maxIterations, Double nllTolerance, Double projectedGradientTolerance,
                      List<Double> start, List<Double> lower, List<Double> upper) {
    }

    /**
     * The paper's section 6 rule ({@link SelectionRule}).
     *
     * @param metric        ranking metric (default spatial_variance)
     * @param topN          candidates: the topN best by the metric
     * @param systematicMax threshold on systematic_over_lensing (absent: none)
     */
    public record Selection(String metric, @JsonProperty(required = true) Integer topN, Double systematicMax) {
    }

    /**
     * How the grid is searched ({@link Search}).
     *
     * @param method exhaustive (default) or halving
     * @param rungs  halving: realizations per surviving configuration after each rung (default: the batch size,
     *               then 1/keep times more per rung, ending at realizations)
     * @param keep   halving: fraction of a zone's configurations kept after each rung (default 0.25)
     * @param sigmas halving: a configuration within this many standard errors of the last one kept survives too
     *               (default 1)
     */
    public record SearchKeys(String method, List<Integer> rungs, Double keep, Double sigmas) {
    }

    /**
     * r estimation.
     *
     * @param rMax         upper end of the r grid (which starts at the positivity limit, below 0, and is widened
     *                     while the likelihood is not negligible at rMax)
     * @param points       points of the r grid
     * @param baselines    also estimate r for the multi-resolution and single-patch configurations of the grid
     * @param aLens        lensing B-mode amplitude left after delensing (default 1: none removed)
     * @param perRealization also estimate r with each noise realization's own choice per zone (the paper's
     *                     section 5.7; exhaustive search, a per-realization metric)
     */
    public record R(Double rMax, Integer points, Boolean baselines, Double aLens, Boolean perRealization) {
    }
}
