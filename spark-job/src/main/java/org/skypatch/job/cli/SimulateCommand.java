package org.skypatch.job.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.skypatch.plot.MollweidePlot;
import org.skypatch.sky.CmbSpectra;
import org.skypatch.sky.Foregrounds;
import org.skypatch.sky.GalacticZones;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.PysmTemplates;
import org.skypatch.sky.SimulatedSky;
import org.skypatch.sky.SkyFiles;
import org.skypatch.sky.SkyInputs;
import org.skypatch.sky.SkyOptions;
import org.skypatch.sky.SkySimulator;
import org.skypatch.sky.WhiteNoise;
import org.skypatch.sky.Zone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skypatch simulate}: simulates the paper's sky (or, with --input, loads and checks a user's),
 * writes its FITS products, Galactic masks and zones, and PNG pictures. Runs locally, without Spark.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a sky with known truth and write FITS maps, masks, zones and PNGs.")
public final class SimulateCommand implements Callable<Integer> {

    /** How the Galactic masks rank the sky. */
    enum ZoneRanking { INTENSITY, LATITUDE }

    @Spec
    CommandSpec spec;

    @Option(names = "--nside", defaultValue = "64", description = "HEALPix nside of every map (default ${DEFAULT-VALUE}).")
    int nside;

    @Option(names = "--seed", defaultValue = "1", description = "Study seed of every random field (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Output directory (created).")
    Path out;

    @Option(names = "--r", defaultValue = "0", description = "Tensor-to-scalar ratio of the CMB (default ${DEFAULT-VALUE}).")
    double r;

    @Option(names = "--piecewise", split = ",", arity = "0..1", fallbackValue = "100,20,20", paramLabel = "BD,TD,BS",
            description = "Piecewise-constant beta_d, T_d, beta_s on K-means clusters of these counts "
                    + "(no value: the paper's 100,20,20). Default: smooth fields.")
    int[] piecewise;

    @Option(names = "--piecewise-per-zone", description = "With --piecewise: cluster each of the six zones "
            + "(and the rest of the sky) separately, so every zone holds exactly the given counts.")
    boolean piecewisePerZone;

    @Option(names = "--foregrounds", defaultValue = "d1s1", description = "d1s1 (PySM dust and synchrotron with "
            + "per-pixel parameters), d0s0 (the same maps, constant parameters) or gaussian (toy sky); default ${DEFAULT-VALUE}.")
    String foregrounds;

    @Option(names = "--templates", description = "PySM-style template FITS file for d1s1/d0s0 at nside >= --nside "
            + "(tools/make_pysm_templates.py). Default: the shipped nside-64 templates.")
    Path templates;

    @Option(names = "--instrument", description = "Instrument CSV (name,frequency_GHz,depth_uK_arcmin[,bandpass]). "
            + "Default: LiteBIRD-like 15 bands.")
    Path instrumentCsv;

    @Option(names = "--cmb-spectra", description = "CMB spectra: CAMB text (ell TT EE BB TE) or healpy C_ell FITS. "
            + "Default: shipped Planck 2018 lensed + r tensor.")
    Path cmbSpectra;

    @Option(names = "--spectra-convention", defaultValue = "DETECT",
            description = "CL, DL or DETECT for a text spectra file (default ${DEFAULT-VALUE}).")
    CmbSpectra.Convention convention;

    @Option(names = "--write-noisy", description = "Also write noise realization 0 (freq_maps_<band>.fits).")
    boolean writeNoisy;

    @Option(names = "--noise-seed", description = "Noise seed (default: the study seed).")
    Long noiseSeed;

    @Option(names = "--noise-ratio", defaultValue = "1", description = "Scale of the instrument noise (default ${DEFAULT-VALUE}).")
    double noiseRatio;

    @Option(names = "--zones-by", defaultValue = "INTENSITY",
            description = "Rank the sky for GAL masks by smoothed foreground INTENSITY (total intensity at 353 GHz "
                    + "as Planck's masks; polarized intensity of the band nearest 353 GHz for a sky without it), "
                    + "or by LATITUDE (default ${DEFAULT-VALUE}).")
    ZoneRanking zonesBy;

    @Option(names = "--mask-fwhm", defaultValue = "5", description = "Smoothing FWHM of the mask score, deg (default ${DEFAULT-VALUE}).")
    double maskFwhm;

    @Option(names = "--planck-mask", description = "Planck GAL mask FITS file to use instead of computed masks.")
    Path planckMask;

    @Option(names = "--planck-mask-columns", split = ",", defaultValue = "GAL020,GAL040,GAL060",
            description = "Nested mask columns of --planck-mask (default ${DEFAULT-VALUE}).")
    String[] planckColumns;

    @Option(names = "--input", description = "Load this directory's FITS maps (freq_maps[_noiseless]_<band>.fits, "
            + "optional foreground_maps_<band>.fits, cmb_qu.fits, params_true.fits) instead of simulating.")
    Path input;

    @Option(names = "--no-png", description = "Skip the PNG pictures.")
    boolean noPng;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        try {
            run(log);
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("skypatch simulate: " + e.getMessage());
            return 2;
        }
    }

    private void run(PrintWriter log) {
        if (piecewisePerZone && piecewise == null) {
            throw new IllegalArgumentException("--piecewise-per-zone needs --piecewise (cluster counts to give every zone)");
        }
        Instrument instrument = instrumentCsv == null ? Instrument.liteBird() : Instrument.readCsv(instrumentCsv);
        SkyOptions options = SkyOptions.defaults(nside, seed).withR(r).withInstrument(instrument).withPiecewise(piecewise)
                .withTemplates(templates());
        if (cmbSpectra != null) {
            String name = cmbSpectra.getFileName().toString().toLowerCase(Locale.ROOT);
            options = options.withCmbSpectra(name.endsWith(".fits") || name.endsWith(".fit") || name.endsWith(".fits.gz")
                    ? CmbSpectra.readFits(cmbSpectra) : CmbSpectra.readCamb(cmbSpectra, convention));
        }
        long t0 = System.nanoTime();
        SimulatedSky sky;
        List<Path> files = new ArrayList<>();
        String[] maskNames = planckMask != null ? planckColumns
                : Arrays.stream(GalacticZones.PAPER_FRACTIONS).mapToObj(GalacticZones::maskName).toArray(String[]::new);
        boolean[][] masks;
        if (input != null) {
            sky = SkyInputs.read(input, instrument, options.model(), nside);
            masks = masks(sky);
        } else if (piecewise != null && piecewisePerZone) {
            // zones come from the smooth-parameter sky of the same seed (same CMB and amplitudes), then
            // every zone gets its own clusters
            masks = masks(SkySimulator.standard().simulate(options.withPiecewise(null)));
            sky = SkySimulator.standard().simulate(options.withPiecewiseZones(GalacticZones.zones(masks, maskNames, true)));
        } else {
            sky = SkySimulator.standard().simulate(options);
            masks = masks(sky);
        }
        if (input == null) {
            files.addAll(SkyFiles.write(sky, options.model(), out));
        }
        if (writeNoisy) {
            WhiteNoise noise = new WhiteNoise(noiseSeed == null ? seed : noiseSeed, instrument.sigmaPerPixel(nside), noiseRatio);
            files.addAll(SkyFiles.writeNoisy(sky, noise, 0, out));
        }
        int ref = GalacticZones.referenceBand(instrument);
        List<Zone> zones = GalacticZones.zones(masks, maskNames, true);
        Path maskFile = out.resolve("masks_galactic.fits");
        Path zoneFile = out.resolve("zones.fits");
        SkyFiles.writeMasks(maskFile, nside, masks, maskNames);
        SkyFiles.writeZones(zoneFile, nside, zones);
        files.add(maskFile);
        files.add(zoneFile);
        if (!noPng) {
            files.addAll(pictures(sky, zones, ref, options));
        }
        log.printf(Locale.ROOT, "%s nside %d, %d bands, r = %g, %s parameters in %.1f s%n",
                input == null ? "simulated " + foregrounds : "loaded " + input, nside, instrument.bandCount(), r,
                piecewise == null ? "smooth" : "piecewise " + Arrays.toString(piecewise) + (piecewisePerZone ? " per zone" : ""), (System.nanoTime() - t0) * 1e-9);
        for (Zone z : zones) {
            log.printf(Locale.ROOT, "zone %s: %d pixels%n", z.name(), z.size());
        }
        log.printf("wrote %d files to %s%n", files.size(), out);
        log.flush();
    }

    /** The foreground templates at --nside, or null for the Gaussian sky; one line naming the fix otherwise. */
    private PysmTemplates templates() {
        Foregrounds f = Foregrounds.parse(foregrounds);
        if (f == Foregrounds.GAUSSIAN) {
            if (templates != null) {
                throw new IllegalArgumentException("--templates needs --foregrounds d1s1 or d0s0");
            }
            return null;
        }
        if (templates == null && nside > PysmTemplates.SHIPPED_NSIDE) {
            throw new IllegalArgumentException("the shipped " + f.label() + " templates are nside "
                    + PysmTemplates.SHIPPED_NSIDE + ": for --nside " + nside + " give your own with --templates "
                    + "(PySM maps at 30, 100, 353 GHz through tools/make_pysm_templates.py)");
        }
        return f.templates(templates == null ? PysmTemplates.shipped() : PysmTemplates.read(templates), nside);
    }

    /** The nested Galactic masks: the user's Planck file, or ranked on this sky. */
    private boolean[][] masks(SimulatedSky sky) {
        if (planckMask != null) {
            boolean[][] masks = new boolean[planckColumns.length][];
            for (int i = 0; i < masks.length; i++) {
                masks[i] = SkyInputs.readMask(planckMask, planckColumns[i], nside);
            }
            return masks;
        }
        if (zonesBy == ZoneRanking.LATITUDE) {
            return GalacticZones.masks(GalacticZones.latitudeScore(nside), GalacticZones.PAPER_FRACTIONS);
        }
        if (sky.foregroundIntensity() != null) {
            return GalacticZones.masks(GalacticZones.intensityScore(sky.foregroundIntensity(), maskFwhm),
                    GalacticZones.PAPER_FRACTIONS);
        }
        int ref = GalacticZones.referenceBand(sky.instrument());
        // a loaded sky without foreground-only maps is ranked by its frequency map (CMB included)
        double[][] refMaps = sky.foregroundMaps() != null ? sky.foregroundMaps()[ref] : sky.frequencyMaps()[ref];
        return GalacticZones.masks(GalacticZones.polarizedIntensityScore(refMaps[0], refMaps[1], maskFwhm),
                GalacticZones.PAPER_FRACTIONS);
    }

    private List<Path> pictures(SimulatedSky sky, List<Zone> zones, int ref, SkyOptions options) {
        Path dir = out.resolve("png");
        List<Path> pngs = new ArrayList<>();
        if (sky.betaDust() != null) {
            pngs.add(png(dir.resolve("beta_d.png"), sky.betaDust(), "dust spectral index beta_d", ""));
            pngs.add(png(dir.resolve("temp_d.png"), sky.tempDust(), "dust temperature T_d", "K"));
            pngs.add(png(dir.resolve("beta_s.png"), sky.betaSync(), "synchrotron spectral index beta_s", ""));
        }
        if (sky.dust() != null) {
            pngs.add(png(dir.resolve("dust_p.png"), intensity(sky.dust()), String.format(Locale.ROOT,
                    "dust polarized intensity at %.0f GHz", options.model().dustReferenceGhz()), "uK_CMB"));
        }
        if (sky.cmb() != null) {
            pngs.add(png(dir.resolve("cmb_q.png"), microK(sky.cmb()[0]), "CMB Q", "uK_CMB"));
        }
        pngs.add(png(dir.resolve("freq_" + sky.instrument().names()[ref] + "_q.png"),
                microK(sky.frequencyMaps()[ref][0]), "Q at " + sky.instrument().names()[ref], "uK_CMB"));
        double[] zoneMap = GalacticZones.zoneIndexMap(zones, nside);
        int[] labels = new int[zoneMap.length];
        for (int p = 0; p < zoneMap.length; p++) {
            labels[p] = (int) zoneMap[p] - 1;
        }
        Path zonePng = dir.resolve("zones.png");
        MollweidePlot.writeCategories(zonePng, labels, "Galactic zones", zones.stream().map(Zone::name).toArray(String[]::new));
        pngs.add(zonePng);
        return pngs;
    }

    private static Path png(Path file, double[] map, String title, String unit) {
        MollweidePlot.write(file, map, title, unit);
        return file;
    }

    private static double[] intensity(double[][] qu) {
        double[] p = new double[qu[0].length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 1e6 * Math.hypot(qu[0][i], qu[1][i]);
        }
        return p;
    }

    private static double[] microK(double[] map) {
        return Arrays.stream(map).map(v -> v * 1e6).toArray();
    }
}
