package org.skypatch.job.sky;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.fits.HealpixFits;
import org.skypatch.job.study.ConfigException;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyConfig;
import org.skypatch.sky.Bandpass;
import org.skypatch.sky.ForegroundModel;
import org.skypatch.sky.Foregrounds;
import org.skypatch.sky.GalacticZones;
import org.skypatch.sky.GaussianFields;
import org.skypatch.sky.HitCounts;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.PysmTemplates;
import org.skypatch.sky.SimulatedSky;
import org.skypatch.sky.SkyClustering;
import org.skypatch.sky.SkyOptions;
import org.skypatch.sky.SkySimulator;
import org.skypatch.sky.Zone;

/**
 * Builds a study's {@link SkyInputs} on the driver: the instrument (with the study's band subset), the
 * full-sky maps (simulated or read), the zones cut from them, and each zone's maps in uK_CMB.
 */
public final class SkyBuilder {
    /** FWHM of the smoothing of the polarized intensity that ranks pixels of skies without intensity, degrees. */
    static final double POLARIZED_SCORE_FWHM_DEG = 10;

    private final GaussianFields fields;
    private final SkyMapReader reader;

    /**
     * @param fields Gaussian map synthesis for simulated skies
     * @param reader reader of FITS skies
     */
    public SkyBuilder(GaussianFields fields, SkyMapReader reader) {
        this.fields = fields;
        this.reader = reader;
    }

    /** The instrument of the study: LiteBIRD or the study's CSV, restricted to the study's bands in their order. */
    public static Instrument instrument(Study study) {
        Instrument all;
        if (study.instrumentCsv() == null) {
            all = Instrument.liteBird();
        } else {
            try {
                all = Instrument.readCsv(Path.of(study.instrumentCsv()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("instrument.csv", e.getMessage());
            }
        }
        if (study.bands() == null) {
            return all;
        }
        List<String> names = Arrays.asList(all.names());
        int n = study.bands().size();
        String[] bn = new String[n];
        double[] freq = new double[n];
        double[] depth = new double[n];
        Bandpass[] bandpass = new Bandpass[n];
        for (int i = 0; i < n; i++) {
            int b = names.indexOf(study.bands().get(i));
            if (b < 0) {
                throw new ConfigException("instrument.bands[" + i + "]", "'" + study.bands().get(i)
                        + "' is not a band of the instrument: use one of " + names);
            }
            bn[i] = all.names()[b];
            freq[i] = all.frequencies()[b];
            depth[i] = all.depths()[b];
            bandpass[i] = all.bandpasses()[b];
        }
        if (n < 4) {
            throw new ConfigException("instrument.bands", n + " bands cannot separate three components: use at least 4");
        }
        return new Instrument(bn, freq, depth, bandpass);
    }

    /** A study's full-sky maps (K_CMB) and its zones, in study order. */
    public record StudySky(SimulatedSky sky, List<Zone> zones) {
    }

    /** The full-sky maps of the study, K_CMB. */
    public SimulatedSky fullSky(Study study) {
        return build(study).sky();
    }

    /**
     * The study's sky and its zones. With {@code sky.simulate.piecewisePerZone} the truth needs the zones
     * before the sky exists, and foreground zones depend on the spectral parameters: the zones are cut from
     * the smooth-parameter sky of the same seed (same CMB and foreground amplitudes), and the grid then
     * uses those very pixels; each zone's true clusters are K-means of its pixels with the study's
     * clusteringSeed, as the fits build them, so the grid point of the true counts rebuilds them.
     */
    public StudySky build(Study study) {
        StudyConfig.Simulate sim = study.sky().simulate();
        if (sim == null) {
            SimulatedSky read = reader.read(study.sky().fits(), study.nside(), instrument(study));
            return new StudySky(read, zones(study, read));
        }
        SkyOptions options = SkyOptions.defaults(study.nside(), sim.seed()).withInstrument(instrument(study))
                .withTemplates(templates(sim, study.nside()))
                .withR(sim.r() == null ? 0 : sim.r())
                .withPiecewise(sim.piecewise() == null ? null : sim.piecewise().stream().mapToInt(Integer::intValue).toArray());
        if (!Boolean.TRUE.equals(sim.piecewisePerZone())) {
            SimulatedSky sky = new SkySimulator(fields, SphericalKMeans::cluster).simulate(options);
            return new StudySky(sky, zones(study, sky));
        }
        List<Zone> zones = zones(study, new SkySimulator(fields, SphericalKMeans::cluster).simulate(options.withPiecewise(null)));
        // the truth is clustered in the study's zones; whole-mask baselines overlap them
        List<Zone> studyZones = zones.subList(0, study.zones().size());
        long seed = study.clusteringSeed();
        // the grid's clustering: one seed for every zone and parameter, not the simulator's per-region seeds
        SkyClustering gridClusters = (nside, pixels, k, simulatorSeed) -> SphericalKMeans.cluster(nside, pixels, k, seed);
        return new StudySky(new SkySimulator(fields, gridClusters).simulate(options.withPiecewiseZones(studyZones)), zones);
    }

    /** The simulation's foreground templates at the study's nside (null for the Gaussian sky). */
    static PysmTemplates templates(StudyConfig.Simulate sim, int nside) {
        Foregrounds f = Foregrounds.parse(sim.foregrounds());
        if (f == Foregrounds.GAUSSIAN) {
            return null;
        }
        try {
            return f.templates(sim.templates() == null ? PysmTemplates.shipped() : PysmTemplates.read(Path.of(sim.templates())),
                    nside);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sky.simulate.templates", e.getMessage()
                    + (sim.templates() == null ? "" : ": give templates at nside " + nside + " or finer"));
        }
    }

    /**
     * The zones of the study's units ({@link Study#unitZones}), in that order, cut from the study's mask file or from
     * the sky (a per-zone piecewise sky
     * takes them from {@link #build}); pixels without data in a FITS sky are left out ({@link UnseenPixels}).
     */
    public static List<Zone> zones(Study study, SimulatedSky sky) {
        boolean[][] masks = study.zoneMaskFile() != null ? maskFile(study) : GalacticZones.masks(score(study, sky),
                GalacticZones.PAPER_FRACTIONS);
        String[] names = Arrays.stream(GalacticZones.PAPER_FRACTIONS).mapToObj(GalacticZones::maskName).toArray(String[]::new);
        Map<String, Zone> byName = new LinkedHashMap<>();
        try {
            for (boolean split : new boolean[] {false, true}) {
                for (Zone z : GalacticZones.zones(masks, names, split)) {
                    byName.put(z.name(), z);
                }
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains(" is empty")) { // a zone without pixels
                throw new ConfigException("sky.nside", e.getMessage().replaceFirst(":.*", "") + " at nside " + study.nside()
                        + ": use a larger nside");
            }
            throw new ConfigException(study.zoneMaskFile() != null ? "zones.maskFile" : "zones", e.getMessage());
        }
        List<Zone> out = new ArrayList<>();
        for (String zone : study.unitZones()) {
            out.add(byName.get(zone));
        }
        StudyConfig.Fits fits = study.sky().fits();
        return fits == null ? out : UnseenPixels.leftOut(sky, out, fits.maxUnseenFraction());
    }

    /**
     * What the masks rank: -|b| for {@code zoneScore: latitude}; otherwise, as Planck's GalPlane masks, the
     * foregrounds' 353 GHz intensity smoothed by 5 degrees, or, for skies without intensity (the Gaussian toy,
     * FITS skies), the polarized foreground intensity of the band nearest 353 GHz smoothed by 10 degrees.
     */
    private static double[] score(Study study, SimulatedSky sky) {
        if ("latitude".equals(study.sky().zoneScore())) {
            return GalacticZones.latitudeScore(study.nside());
        }
        if (sky.foregroundIntensity() != null) {
            return GalacticZones.intensityScore(sky.foregroundIntensity(), GalacticZones.PLANCK_MASK_FWHM_DEG);
        }
        int band = GalacticZones.referenceBand(sky.instrument());
        return GalacticZones.polarizedIntensityScore(sky.foregroundMaps()[band][0], sky.foregroundMaps()[band][1],
                POLARIZED_SCORE_FWHM_DEG);
    }

    /** The GAL020, GAL040, GAL060 columns of the study's mask file at the study's nside. */
    private static boolean[][] maskFile(Study study) {
        String[] names = Arrays.stream(GalacticZones.PAPER_FRACTIONS).mapToObj(GalacticZones::maskName).toArray(String[]::new);
        boolean[][] masks = new boolean[names.length][];
        try {
            for (int i = 0; i < names.length; i++) {
                masks[i] = org.skypatch.sky.SkyInputs.readMask(Path.of(study.zoneMaskFile()), names[i], study.nside());
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("zones.maskFile", e.getMessage());
        }
        return masks;
    }

    /** Executor inputs: each zone's maps in uK_CMB, noise at the instrument's depths (per pixel with a hits map). */
    public static SkyInputs inputs(Study study, SimulatedSky sky, List<Zone> zones) {
        Map<String, ZoneData> data = new LinkedHashMap<>();
        double[] hits = study.hitsMap() == null ? null : hits(study);
        for (Zone z : zones) {
            data.put(z.name(), new ZoneData(z.name(), z.pixels(), restrict(sky.frequencyMaps(), z.pixels()),
                    restrict(sky.foregroundMaps(), z.pixels()), restrict(sky.cmb(), z.pixels()),
                    hits == null ? null : noiseScale(z, hits)));
        }
        Instrument inst = sky.instrument();
        return new SkyInputs(study.nside(), inst.names(), inst.frequencies(), inst.bandpasses(),
                inst.sigmaPerPixelMicroK(study.nside()),
                study.noiseRatio(), study.seed(), ForegroundModel.PAPER.dustReferenceGhz(),
                ForegroundModel.PAPER.syncReferenceGhz(), data);
    }

    /** The hit counts of instrument.hitsMap (first column) in RING order at the study's nside. */
    private static double[] hits(Study study) {
        try {
            return HealpixFits.readRing(Path.of(study.hitsMap()), study.nside()).columns()[0];
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigException("instrument.hitsMap", e.getMessage());
        }
    }

    /** Per zone pixel, sigma / nominal sigma = sqrt(mean hits / hits). */
    private static double[] noiseScale(Zone z, double[] hits) {
        try {
            return HitCounts.noiseScale(hits, z.pixels());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("instrument.hitsMap", "zone " + z.name() + ": " + e.getMessage());
        }
    }

    private static double[][][] restrict(double[][][] maps, int[] pixels) {
        double[][][] out = new double[maps.length][][];
        for (int b = 0; b < maps.length; b++) {
            out[b] = restrict(maps[b], pixels);
        }
        return out;
    }

    /** [stokes][zone pixel] in uK_CMB from [stokes][full-sky pixel] in K_CMB. */
    private static double[][] restrict(double[][] maps, int[] pixels) {
        double[][] out = new double[maps.length][pixels.length];
        for (int s = 0; s < maps.length; s++) {
            for (int i = 0; i < pixels.length; i++) {
                out[s][i] = maps[s][pixels[i]] * 1e6;
            }
        }
        return out;
    }
}
