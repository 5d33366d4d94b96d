package org.skypatch.job.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.job.TestSkies;
import org.skypatch.job.fit.NoisyData;
import org.skypatch.job.fit.UnitFitter;
import org.skypatch.job.study.ConfigException;
import org.skypatch.job.study.FitSettings;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;
import org.skypatch.sky.PysmTemplates;
import org.skypatch.sky.Seds;
import org.skypatch.sky.SimulatedSky;
import org.skypatch.sky.Zone;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

class SkyBuilderTest {
    private static final String BANDS = "[040GHz, 068GHz, 100GHz, 140GHz, 235GHz, 402GHz]";

    @TempDir
    Path dir;

    private static Study study(String sky, String bands) {
        return StudyLoader.parse("""
                name: t
                seed: 1
                sky: {nside: 8, zoneScore: latitude, %s}
                instrument: {bands: %s}
                zones: [GAL020_U, GAL060_L]
                grid: {singlePatch: true}
                realizations: 1
                output: out
                """.formatted(sky, bands), "t.yaml");
    }

    /**
     * A per-zone piecewise truth and the grid share the zones cut from the smooth sky of the same seed
     * (on the Gaussian sky, zones cut from the piecewise sky itself move: its parameters change the polarized
     * foreground intensity near 353 GHz that ranks its pixels), and
     * each zone's true clusters are the grid's K-means of those pixels with the study's clusteringSeed.
     */
    @Test
    void perZonePiecewiseTruthKeepsTheSmoothSkysZonesAndTheGridsClusters() {
        String yaml = """
                name: t
                seed: 1
                sky: {nside: 16, zoneScore: foreground, simulate: {seed: 3, foregrounds: gaussian%s}}
                instrument: {bands: %s}
                zones: [GAL020_U, GAL020_L, GAL040_U]
                grid: {singlePatch: true}
                realizations: 1
                clusteringSeed: 4
                output: out
                """;
        SkyBuilder builder = TestSkies.skyBuilder();
        List<Zone> smooth = builder.build(StudyLoader.parse(yaml.formatted("", BANDS), "smooth.yaml")).zones();
        Study truthStudy = StudyLoader.parse(yaml.formatted(", piecewise: [4, 2, 3], piecewisePerZone: true", BANDS), "truth.yaml");
        SkyBuilder.StudySky truth = builder.build(truthStudy);
        List<Zone> cutOnTruth = SkyBuilder.zones(truthStudy, truth.sky());
        boolean moved = false;
        for (int z = 0; z < smooth.size(); z++) {
            int[] pixels = smooth.get(z).pixels();
            assertArrayEquals(pixels, truth.zones().get(z).pixels(), smooth.get(z).name());
            moved |= !Arrays.equals(pixels, cutOnTruth.get(z).pixels());
            int[] labels = SphericalKMeans.cluster(16, pixels, 4, 4);
            int offset = truth.sky().clusters()[0][pixels[0]] - labels[0];
            for (int j = 0; j < pixels.length; j++) {
                assertEquals(labels[j] + offset, truth.sky().clusters()[0][pixels[j]], smooth.get(z).name() + " pixel " + pixels[j]);
            }
        }
        assertTrue(moved, "zones cut on the piecewise sky should differ from the smooth sky's for this test to mean anything");
    }

    @Test
    void aFitsSkyGivesTheSameInputsAsTheSimulationItWasWrittenFrom() {
        Study simulated = study("simulate: {seed: 3}", BANDS);
        SimulatedSky sky = TestSkies.skyBuilder().fullSky(simulated);
        List<String> freq = new ArrayList<>();
        List<String> fg = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            freq.add(write("freq" + b, sky.frequencyMaps()[b]));
            fg.add(write("fg" + b, sky.foregroundMaps()[b]));
        }
        String cmb = write("cmb", sky.cmb());
        Study fits = study("fits: {frequencyMaps: " + freq + ", foregroundMaps: " + fg + ", cmb: " + cmb + "}", BANDS);
        SkyBuilder reader = new SkyBuilder(TestSkies.WHITE_FIELDS, new FitsSkyReader());
        SimulatedSky read = reader.fullSky(fits);
        SkyInputs a = SkyBuilder.inputs(simulated, sky, SkyBuilder.zones(simulated, sky));
        SkyInputs b = SkyBuilder.inputs(fits, read, SkyBuilder.zones(fits, read));
        assertEquals(a.zones().keySet(), b.zones().keySet());
        for (String z : a.zones().keySet()) {
            assertArrayEquals(a.zone(z).pixels(), b.zone(z).pixels());
            for (int band = 0; band < 6; band++) {
                for (int s = 0; s < 2; s++) {
                    // float64 FITS columns: exact
                    assertArrayEquals(a.zone(z).signal()[band][s], b.zone(z).signal()[band][s], 0);
                    assertArrayEquals(a.zone(z).foreground()[band][s], b.zone(z).foreground()[band][s], 0);
                }
            }
            assertArrayEquals(a.zone(z).cmb()[1], b.zone(z).cmb()[1], 0);
        }
        assertArrayEquals(a.sigma(), b.sigma());
    }

    /** UNSEEN pixels of a FITS sky (here 3 in one band's Q, 2 of them in GAL020_U) never reach the fits. */
    @Test
    void unseenPixelsOfAFitsSkyAreLeftOutOfTheZonesOrRefusedAboveTheSetFraction() {
        Study simulated = study("simulate: {seed: 3}", BANDS);
        SimulatedSky sky = TestSkies.skyBuilder().fullSky(simulated);
        int[] zone = SkyBuilder.zones(simulated, sky).get(0).pixels();
        int[] holes = {zone[0], zone[zone.length - 1], SkyBuilder.zones(simulated, sky).get(1).pixels()[0]};
        List<String> freq = new ArrayList<>();
        List<String> fg = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            double[][] qu = {sky.frequencyMaps()[b][0].clone(), sky.frequencyMaps()[b][1]};
            if (b == 2) {
                for (int p : holes) {
                    qu[0][p] = Healpix.UNSEEN;
                }
            }
            freq.add(write("freq" + b, qu));
            fg.add(write("fg" + b, sky.foregroundMaps()[b]));
        }
        String maps = "frequencyMaps: " + freq + ", foregroundMaps: " + fg + ", cmb: " + write("cmb", sky.cmb());
        Study fits = study("fits: {" + maps + "}", BANDS);
        SimulatedSky read = new SkyBuilder(TestSkies.WHITE_FIELDS, new FitsSkyReader()).fullSky(fits);
        List<Zone> zones = SkyBuilder.zones(fits, read);
        assertEquals(zone.length - 2, zones.get(0).size());
        assertArrayEquals(Arrays.copyOfRange(zone, 1, zone.length - 1), zones.get(0).pixels());
        SkyInputs in = SkyBuilder.inputs(fits, read, zones);
        for (ZoneData z : in.zones().values()) {
            for (double[][] band : z.signal()) {
                assertTrue(Arrays.stream(band[0]).allMatch(v -> Math.abs(v) < 1e6), "no UNSEEN value is fitted in " + z.name());
            }
        }
        // GAL020_U loses 2 of its pixels: more than a fraction of 1 / its size
        Study strict = study("fits: {" + maps + ", maxUnseenFraction: " + 1.5 / zone.length + "}", BANDS);
        ConfigException e = assertThrows(ConfigException.class, () -> SkyBuilder.zones(strict, read));
        assertEquals("study key 'sky.fits.maxUnseenFraction': zone GAL020_U would lose 2 of its " + zone.length
                + " pixels", e.getMessage().substring(0, e.getMessage().indexOf(" pixels") + 7));
    }

    /** The default sky is PySM's d1s1 at the study's nside: the shipped templates' parameters, degraded. */
    @Test
    void simulatedForegroundsAreThePysmTemplatesAtTheStudysNside() {
        PysmTemplates d1 = PysmTemplates.shipped().atNside(8);
        SimulatedSky sky = TestSkies.skyBuilder().fullSky(study("simulate: {seed: 3}", BANDS));
        assertArrayEquals(d1.tempDust(), sky.tempDust(), 0);
        assertArrayEquals(d1.betaSync(), sky.betaSync(), 0);
        // the 100 GHz band's foregrounds are PySM's dust and synchrotron there, in K_CMB
        int p = 300;
        double rj = d1.dustAt(100)[1][p] + d1.syncAt(100)[1][p];
        assertEquals(rj * 1e-6 * Seds.rjToCmb(100), sky.foregroundMaps()[2][0][p], 1e-9 * Math.abs(rj * 1e-6));
        SimulatedSky d0 = TestSkies.skyBuilder().fullSky(study("simulate: {seed: 3, foregrounds: d0s0}", BANDS));
        assertTrue(Arrays.stream(d0.tempDust()).allMatch(t -> t == 20));
        for (int q = 0; q < sky.foregroundIntensity().length; q++) {
            // the same dust at 353 GHz; only the synchrotron's small part there follows the other beta_s
            assertEquals(sky.foregroundIntensity()[q], d0.foregroundIntensity()[q], 1e-3 * sky.foregroundIntensity()[q]);
        }
        SimulatedSky toy = TestSkies.skyBuilder().fullSky(study("simulate: {seed: 3, foregrounds: gaussian}", BANDS));
        assertEquals(null, toy.foregroundIntensity());
    }

    @Test
    void aTemplateFileWithoutReferenceFrequenciesIsAOneLineErrorNamingTheKey() {
        Path bare = dir.resolve("bare.fits");
        PysmTemplates t = PysmTemplates.shipped().atNside(8);
        HealpixFits.write(bare, new HealpixMap(8, Ordering.RING, "G", PysmTemplates.COLUMNS,
                new String[] {"uK_RJ", "uK_RJ", "uK_RJ", "", "K", "uK_RJ", "uK_RJ", "uK_RJ", ""}, new double[][] {
                    t.dust()[0], t.dust()[1], t.dust()[2], t.betaDust(), t.tempDust(), t.sync()[0], t.sync()[1],
                    t.sync()[2], t.betaSync()}));
        ConfigException e = assertThrows(ConfigException.class, () -> TestSkies.skyBuilder()
                .fullSky(study("simulate: {seed: 3, templates: '" + bare + "'}", BANDS)));
        assertEquals("sky.simulate.templates", e.key());
        assertTrue(e.getMessage().contains("DUST_NU"), e.getMessage());
    }

    /** zones.maskFile: the zones are cut from the file's GAL020/040/060 columns, not from the sky. */
    @Test
    void zonesComeFromAMaskFileWhenTheStudyNamesOne() {
        double[] b = org.skypatch.sky.GalacticZones.latitudeDegrees(8);
        double[][] columns = new double[3][b.length];
        for (int p = 0; p < b.length; p++) {
            // odd masks: a cut on longitude-free |b|, unlike any sky's foreground ranking
            columns[0][p] = Math.abs(b[p]) > 50 ? 1 : 0;
            columns[1][p] = Math.abs(b[p]) > 30 ? 1 : 0;
            columns[2][p] = Math.abs(b[p]) > 15 ? 1 : 0;
        }
        Path file = dir.resolve("HFI_Mask_GalPlane.fits");
        HealpixFits.write(file, HealpixMap.of(8, Ordering.RING, "G", new String[] {"GAL020", "GAL040", "GAL060"}, columns));
        String zones = "{names: [GAL020_U, GAL060_L], maskFile: '" + file + "'}";
        Study s = StudyLoader.parse(("name: t\nseed: 1\nsky: {nside: 8, simulate: {seed: 3}}\ninstrument: {bands: " + BANDS
                + "}\nzones: " + zones + "\ngrid: {singlePatch: true}\nrealizations: 1\noutput: out\n"), "t.yaml");
        List<Zone> cut = SkyBuilder.zones(s, TestSkies.skyBuilder().fullSky(s));
        for (int p : cut.get(0).pixels()) {
            assertTrue(b[p] > 50, "GAL020_U pixel " + p + " at b = " + b[p]);
        }
        for (int p : cut.get(1).pixels()) {
            assertTrue(b[p] < -15 && b[p] >= -30, "GAL060_L pixel " + p + " at b = " + b[p]);
        }
        columns[1][0] = 0; // pixel 0 is in GAL020 but no longer in GAL040
        HealpixFits.write(file, HealpixMap.of(8, Ordering.RING, "G", new String[] {"GAL020", "GAL040", "GAL060"}, columns));
        ConfigException e = assertThrows(ConfigException.class, () -> SkyBuilder.zones(s, TestSkies.skyBuilder().fullSky(s)));
        assertEquals("zones.maskFile", e.key());
        assertTrue(e.getMessage().contains("not nested"), e.getMessage());
        HealpixFits.write(file, HealpixMap.of(8, Ordering.RING, "G", new String[] {"GAL020"}, columns[0]));
        e = assertThrows(ConfigException.class, () -> SkyBuilder.zones(s, TestSkies.skyBuilder().fullSky(s)));
        assertEquals("zones.maskFile", e.key());
        assertTrue(e.getMessage().contains("GAL040"), e.getMessage());
    }

    @Test
    void aNsideTooCoarseForTheZonesIsAConfigError() {
        Study coarse = StudyLoader.parse(study("simulate: {seed: 3}", BANDS).yaml().replace("nside: 8", "nside: 2"), "t.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> TestSkies.skyBuilder().build(coarse));
        assertEquals("sky.nside", e.key());
        assertTrue(e.getMessage().matches("study key 'sky.nside': zone GAL0[246]0_[UL] is empty at nside 2: use a larger nside"),
                e.getMessage());
    }

    @Test
    void inputsAreInMicroKelvinAndZonesFollowTheStudy() {
        Study s = study("simulate: {seed: 3}", BANDS);
        SimulatedSky sky = TestSkies.skyBuilder().fullSky(s);
        SkyInputs in = SkyBuilder.inputs(s, sky, SkyBuilder.zones(s, sky));
        assertEquals(List.of("GAL020_U", "GAL060_L"), new ArrayList<>(in.zones().keySet()));
        int p = in.zone("GAL020_U").pixels()[0];
        assertEquals(sky.cmb()[0][p] * 1e6, in.zone("GAL020_U").cmb()[0][0], 1e-12 * Math.abs(sky.cmb()[0][p] * 1e6));
        assertEquals(6, in.frequenciesGHz().length);
        assertEquals(40, in.frequenciesGHz()[0]);
    }

    @Test
    void unknownBandsAndMissingFitsFilesAreConfigErrors() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SkyBuilder.instrument(study("simulate: {seed: 3}", "[040GHz, 041GHz, 100GHz, 140GHz]")));
        assertEquals("instrument.bands[1]", e.key());
        Study fits = study("fits: {frequencyMaps: [a.fits], foregroundMaps: [b.fits], cmb: c.fits}", BANDS);
        e = assertThrows(ConfigException.class,
                () -> new SkyBuilder(TestSkies.WHITE_FIELDS, new FitsSkyReader()).fullSky(fits));
        assertEquals("sky.fits.frequencyMaps", e.key());
        assertTrue(e.getMessage().contains("one file per band"), e.getMessage());
    }

    @Test
    void anInstrumentCsvReplacesLiteBird() throws java.io.IOException {
        Path csv = dir.resolve("bands.csv");
        java.nio.file.Files.writeString(csv, "name,frequency_GHz,depth_uK_arcmin\nA,30,20\nB,90,5\nC,150,6\nD,220,10\nE,350,30\n");
        Study s = StudyLoader.parse("""
                name: t
                seed: 1
                sky: {nside: 8, zoneScore: latitude, simulate: {seed: 3}}
                instrument: {csv: %s, bands: [E, A, B, C]}
                zones: [GAL020_U]
                grid: {singlePatch: true}
                realizations: 1
                output: out
                """.formatted(csv), "t.yaml");
        org.skypatch.sky.Instrument inst = SkyBuilder.instrument(s);
        assertArrayEquals(new String[] {"E", "A", "B", "C"}, inst.names());
        assertArrayEquals(new double[] {350, 30, 90, 150}, inst.frequencies());
        ConfigException e = assertThrows(ConfigException.class, () -> StudyLoader.parse("""
                name: t
                seed: 1
                sky: {nside: 8, simulate: {seed: 3}}
                instrument: {name: litebird, csv: x.csv}
                zones: [GAL020_U]
                grid: {singlePatch: true}
                realizations: 1
                output: out
                """, "t.yaml"));
        assertEquals("instrument", e.key());
    }

    @Test
    void theFitAveragesOverTheInstrumentsBandpasses() throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("b90.txt"), "# nu_GHz weight\n80 1\n90 1\n100 1\n");
        Path csv = dir.resolve("bands.csv");
        java.nio.file.Files.writeString(csv,
                "name,frequency_GHz,depth_uK_arcmin,bandpass_file\nA,30,20,\nB,90,5,b90.txt\nC,150,6,\nD,220,10,\n");
        Study s = StudyLoader.parse("""
                name: t
                seed: 1
                sky: {nside: 8, zoneScore: latitude, simulate: {seed: 3}}
                instrument: {csv: %s}
                zones: [GAL020_U]
                grid: {singlePatch: true}
                realizations: 1
                output: out
                """.formatted(csv), "t.yaml");
        SimulatedSky sky = TestSkies.skyBuilder().fullSky(s);
        SkyInputs in = SkyBuilder.inputs(s, sky, SkyBuilder.zones(s, sky));
        int n = in.zone("GAL020_U").pixels().length;
        org.skypatch.likelihood.FitProblem problem = UnitFitter.problem(in, in.zone("GAL020_U"), new int[][] {new int[n], new int[n], new int[n]});
        assertTrue(problem.hasBandpasses());
        assertEquals(null, problem.bandpasses()[0]);
        assertArrayEquals(new double[] {80, 90, 100}, problem.bandpasses()[1].frequencies());
        // the GPU kernels take delta bands only: auto fits such a problem on the CPU
        FitSettings auto = new FitSettings(1, null, null, null, null, null, null, org.skypatch.gpu.Backend.AUTO);
        assertEquals(org.skypatch.gpu.Backend.CPU, auto.engineBackend(problem, 0));
    }

    @Test
    void aHitsMapShapesTheNoiseAndTheFitsWeights() {
        double[] hits = new double[768];
        for (int p = 0; p < hits.length; p++) {
            hits[p] = 1 + p % 4;
        }
        Path file = dir.resolve("hits.fits");
        HealpixFits.write(file, HealpixMap.of(8, Ordering.RING, "G", new String[] {"HITS"}, hits));
        Study uniform = study("simulate: {seed: 3}", BANDS);
        Study s = StudyLoader.parse("""
                name: t
                seed: 1
                sky: {nside: 8, zoneScore: latitude, simulate: {seed: 3}}
                instrument: {bands: %s, hitsMap: %s}
                zones: [GAL020_U, GAL060_L]
                grid: {singlePatch: true}
                realizations: 1
                output: out
                """.formatted(BANDS, file), "t.yaml");
        SimulatedSky sky = TestSkies.skyBuilder().fullSky(s);
        SkyInputs in = SkyBuilder.inputs(s, sky, SkyBuilder.zones(s, sky));
        SkyInputs flat = SkyBuilder.inputs(uniform, sky, SkyBuilder.zones(uniform, sky));
        ZoneData z = in.zone("GAL020_U");
        int n = z.pixels().length;
        org.skypatch.likelihood.FitProblem problem = UnitFitter.problem(in, z, new int[][] {new int[n], new int[n], new int[n]});
        double[][][] noisy = NoisyData.of(in, z, 2);
        double[][][] noisyFlat = NoisyData.of(flat, flat.zone("GAL020_U"), 2);
        for (int i = 0; i < n; i++) {
            double scale = Math.sqrt(2.5 / hits[z.pixels()[i]]);
            assertEquals(scale, z.noiseScale()[i], 1e-15);
            assertEquals(in.sigma()[4] * scale, problem.pixelNoiseSigma()[4][i], 1e-15 * in.sigma()[4]);
            double noise = noisy[4][1][i] - z.signal()[4][1][i];
            double noiseFlat = noisyFlat[4][1][i] - z.signal()[4][1][i];
            assertEquals(noiseFlat * scale, noise, 1e-12 * Math.abs(noise) + 1e-12);
        }
        hits[SkyBuilder.zones(s, sky).get(1).pixels()[0]] = 0;
        HealpixFits.write(file, HealpixMap.of(8, Ordering.RING, "G", new String[] {"HITS"}, hits));
        ConfigException e = assertThrows(ConfigException.class, () -> SkyBuilder.inputs(s, sky, SkyBuilder.zones(s, sky)));
        assertEquals("instrument.hitsMap", e.key());
        assertTrue(e.getMessage().contains("GAL060_L"), e.getMessage());
    }

    private String write(String name, double[][] qu) {
        Path f = dir.resolve(name + ".fits");
        HealpixFits.write(f, HealpixMap.of(8, Ordering.RING, "G", new String[] {"Q", "U"}, qu[0], qu[1]));
        return f.toString();
    }
}
