package org.skypatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.cluster.ZoneLabels;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.SkyFiles;
import org.skypatch.sky.SkyInputs;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

/**
 * {@code skypatch fit} on a simulated nside-16 sky's noisy maps (one noise realization, written by
 * {@code simulate --write-noisy}), with its true clusters given as a gzipped label map of the user's own ids.
 */
class FitCommandTest {
    private static final int NSIDE = 16;
    private static final String[] BANDS = Instrument.liteBird().names();

    @TempDir
    static Path sky;

    @TempDir
    Path dir;

    private static String maps;
    private static Path labels;
    private static int[] fitted;

    @BeforeAll
    static void simulate() throws IOException {
        assertEquals(0, SkypatchCli.execute("simulate", "--nside", "16", "--seed", "5", "--out", sky.toString(),
                "--piecewise", "12,4,3", "--write-noisy", "--no-png"));
        maps = Arrays.stream(BANDS).map(b -> sky.resolve(SkyFiles.noisy(b)).toString()).collect(Collectors.joining(","));
        boolean[] mask = SkyInputs.readMask(sky.resolve("masks_galactic.fits"), "GAL060", NSIDE);
        fitted = IntStream.range(0, mask.length).filter(p -> mask[p]).toArray();
        // the true clusters with ids of the user's own (10 k + 100), UNSEEN outside the mask, gzipped
        HealpixMap truth = HealpixFits.read(sky.resolve(SkyFiles.CLUSTERS));
        double[][] ids = new double[3][];
        for (int j = 0; j < 3; j++) {
            ids[j] = new double[mask.length];
            for (int p = 0; p < mask.length; p++) {
                ids[j][p] = mask[p] ? 10 * truth.columns()[j][p] + 100 : Healpix.UNSEEN;
            }
        }
        Path plain = sky.resolve("labels.fits");
        HealpixFits.write(plain, HealpixMap.of(NSIDE, Ordering.RING, "G", new String[] {"BETA_D", "TEMP_D", "BETA_S"}, ids));
        labels = sky.resolve("labels.fits.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(labels))) {
            Files.copy(plain, out);
        }
    }

    private int fit(Path out, String... more) {
        String[] base = {"fit", "--maps", maps, "--mask", sky.resolve("masks_galactic.fits").toString(), "--mask-column",
            "GAL060", "--out", out.toString()};
        String[] args = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return SkypatchCli.execute(args);
    }

    /**
     * The maps are fitted as they are: the command's parameters and NLL are, to the bit, those of the
     * engine (the one run uses) fitted on the files' values with the instrument's noise, and the
     * clusters keep the user's ids in the table and the cluster map.
     */
    @Test
    void fitsTheMapsAsObservedAndKeepsTheUsersClusterIds() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, fit(out, "--labels", labels.toString(), "--no-restarts"));
        double[][][] data = new double[BANDS.length][2][fitted.length];
        for (int b = 0; b < BANDS.length; b++) {
            double[][] qu = SkyInputs.readQu(sky.resolve(SkyFiles.noisy(BANDS[b])), NSIDE);
            for (int x = 0; x < 2; x++) {
                for (int i = 0; i < fitted.length; i++) {
                    data[b][x][i] = qu[x][fitted[i]];
                }
            }
        }
        int[][] truth = new int[3][];
        for (int j = 0; j < 3; j++) {
            truth[j] = ZoneLabels.fromFullSkyMap(HealpixFits.readLabels(sky.resolve(SkyFiles.CLUSTERS), NSIDE,
                    new String[] {"BETA_D", "TEMP_D", "BETA_S"}[j]), fitted);
        }
        Instrument lb = Instrument.liteBird();
        FitResult engine = new ComponentSeparation(new FitProblem(lb.frequencies(), 150, 20, lb.sigmaPerPixel(NSIDE),
                truth[0], truth[1], truth[2])).fit(data, FitOptions.defaults());
        HealpixMap params = HealpixFits.read(out.resolve("params.fits"));
        HealpixMap clusterIds = HealpixFits.read(out.resolve("clusters.fits"));
        double[][] expected = {engine.dustBeta(), engine.dustTemp(), engine.syncBeta()};
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < fitted.length; i++) {
                assertEquals(expected[j][truth[j][i]], params.columns()[j][fitted[i]], 0.0, "parameter " + j);
                double trueId = HealpixFits.read(sky.resolve(SkyFiles.CLUSTERS)).columns()[j][fitted[i]];
                assertEquals(10 * trueId + 100, clusterIds.columns()[j][fitted[i]], 0.0, "the user's id");
            }
            assertEquals(Healpix.UNSEEN, params.columns()[j][IntStream.range(0, 3072)
                    .filter(p -> Arrays.binarySearch(fitted, p) < 0).findFirst().orElseThrow()], "UNSEEN outside the mask");
        }
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"nll\" : " + engine.nll()), summary);
        List<String> rows = Files.readAllLines(out.resolve("clusters.csv"));
        assertEquals(1 + expected[0].length + expected[1].length + expected[2].length, rows.size());
        Map<String, List<Long>> idsByParameter = rows.stream().skip(1).map(r -> r.split(","))
                .collect(Collectors.groupingBy(r -> r[0], Collectors.mapping(r -> Long.parseLong(r[1]), Collectors.toList())));
        assertEquals(List.of(100L, 110L, 120L), idsByParameter.get("beta_s").stream().sorted().toList());
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertTrue(Double.parseDouble(f[4]) > 0, "an error from the Hessian: " + row);
            assertEquals("true", f[7], "converged: " + row);
        }
        for (String f : new String[] {"cmb.fits", "dust.fits", "sync.fits", "beta_d.png", "temp_d.png", "beta_s.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        double[] cmbU = HealpixFits.read(out.resolve("cmb.fits"), "U").columns()[0];
        assertArrayEquals(engine.cmb()[1], Arrays.stream(fitted).mapToDouble(p -> cmbU[p]).toArray(), 0.0);
    }

    @Test
    void aFixedParameterStaysFixedAndHasNoError() throws IOException {
        Path out = dir.resolve("fixed");
        assertEquals(0, fit(out, "--kmeans", "6,3,2", "--fix", "temp_d=19.6"));
        HealpixMap params = HealpixFits.read(out.resolve("params.fits"));
        for (int p : fitted) {
            assertEquals(19.6, params.columns()[1][p], 0.0);
            assertEquals(0.0, params.columns()[4][p], 0.0);
            assertTrue(params.columns()[3][p] > 0, "beta_d is fitted and has an error");
        }
        for (String row : Files.readAllLines(out.resolve("clusters.csv")).subList(1, 1 + 6 + 3 + 2)) {
            String[] f = row.split(",");
            assertEquals(Boolean.toString(f[0].equals("temp_d")), f[5], "the fixed column: " + row);
            assertEquals(f[0].equals("temp_d"), Double.parseDouble(f[4]) == 0, "no error where fixed: " + row);
        }
    }

    /**
     * The same sky in uK_RJ (each band scaled by 1e6 / (dT_CMB/dT_RJ)) fits to the same parameters,
     * its components in uK_CMB; uniform variance maps and a uniform hit map weigh as the depths do.
     */
    @Test
    void unitsAndNoiseMapsGiveTheSameFit() throws IOException {
        Path reference = dir.resolve("reference");
        assertEquals(0, fit(reference, "--single"));
        double[] expected = HealpixFits.read(reference.resolve("params.fits")).columns()[0];
        double[] cmbK = HealpixFits.read(reference.resolve("cmb.fits")).columns()[0];
        double[] sigma = Instrument.liteBird().sigmaPerPixel(NSIDE);
        String[] rj = new String[BANDS.length];
        String[] variance = new String[BANDS.length];
        for (int b = 0; b < BANDS.length; b++) {
            double toRj = 1e6 / org.skypatch.sky.Seds.rjToCmb(Instrument.liteBird().frequencies()[b]);
            double[][] qu = SkyInputs.readQu(sky.resolve(SkyFiles.noisy(BANDS[b])), NSIDE);
            Path file = dir.resolve("rj_" + b + ".fits");
            HealpixFits.write(file, HealpixMap.of(NSIDE, Ordering.RING, "G", new String[] {"Q", "U"},
                    Arrays.stream(qu[0]).map(v -> v * toRj).toArray(), Arrays.stream(qu[1]).map(v -> v * toRj).toArray()));
            rj[b] = file.toString();
            double[] var = new double[3072];
            Arrays.fill(var, sigma[b] * sigma[b]);
            Path varFile = dir.resolve("var_" + b + ".fits");
            HealpixFits.write(varFile, HealpixMap.of(NSIDE, Ordering.RING, "G", new String[] {"VAR"}, var));
            variance[b] = varFile.toString();
        }
        Path hits = dir.resolve("hits.fits");
        double[] uniform = new double[3072];
        Arrays.fill(uniform, 7);
        HealpixFits.write(hits, HealpixMap.of(NSIDE, Ordering.RING, "G", new String[] {"HITS"}, uniform));
        Path inRj = dir.resolve("rj");
        assertEquals(0, SkypatchCli.execute("fit", "--maps", String.join(",", rj), "--units", "uK_RJ", "--mask",
                sky.resolve("masks_galactic.fits").toString(), "--mask-column", "GAL060", "--single", "--out", inRj.toString()));
        Path byVariance = dir.resolve("variance");
        assertEquals(0, fit(byVariance, "--single", "--variance", String.join(",", variance)));
        Path byHits = dir.resolve("hits");
        assertEquals(0, fit(byHits, "--single", "--hits", hits.toString()));
        double[] cmbUk = HealpixFits.read(inRj.resolve("cmb.fits")).columns()[0];
        double[] fromRj = HealpixFits.read(inRj.resolve("params.fits")).columns()[0];
        double[] fromVariance = HealpixFits.read(byVariance.resolve("params.fits")).columns()[0];
        double[] fromHits = HealpixFits.read(byHits.resolve("params.fits")).columns()[0];
        for (int p : fitted) {
            assertEquals(expected[p], fromRj[p], 1e-9);
            assertEquals(1e6 * cmbK[p], cmbUk[p], 1e-6 * Math.abs(cmbUk[p]) + 1e-9);
            assertEquals(expected[p], fromVariance[p], 1e-9);
            assertEquals(expected[p], fromHits[p], 1e-9);
        }
        assertTrue(Files.readString(inRj.resolve("summary.json")).contains("\"units\" : \"uK_CMB\""));
    }

    @Test
    void badInputIsOneLineAndLeavesEarlierResultsUntouched() throws IOException {
        Path out = dir.resolve("kept");
        assertEquals(0, fit(out, "--multires", "4,2,1", "--no-restarts"));
        byte[] table = Files.readAllBytes(out.resolve("clusters.csv"));
        long modified = Files.getLastModifiedTime(out.resolve("params.fits")).toMillis();
        Path partial = dir.resolve("partial.fits");
        double[] some = new double[3072];
        Arrays.fill(some, 3);
        some[fitted[5]] = Healpix.UNSEEN;
        HealpixFits.write(partial, HealpixMap.of(NSIDE, Ordering.RING, "G", new String[] {"ID"}, some));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertEquals(2, fit(out, "--labels", partial.toString()));
            assertEquals(2, fit(out, "--single", "--units", "mK"));
            assertEquals(2, fit(out, "--single", "--fix", "temp=20"));
            assertEquals(2, fit(out, "--kmeans", "6,3"));
        } finally {
            System.setErr(err);
        }
        String[] lines = captured.toString().strip().split("\\R");
        assertEquals(4, lines.length, captured.toString());
        assertTrue(lines[0].startsWith("skypatch: " + partial + ": fitted pixel " + fitted[5] + " has no beta_d label"),
                lines[0]);
        assertTrue(lines[1].startsWith("skypatch: --units mK: use K_CMB"), lines[1]);
        assertTrue(lines[2].startsWith("skypatch: --fix temp=20.0: the parameters are beta_d, temp_d and beta_s"),
                lines[2]);
        assertTrue(lines[3].startsWith("skypatch: --kmeans needs three values"), lines[3]);
        assertArrayEquals(table, Files.readAllBytes(out.resolve("clusters.csv")), "earlier results untouched");
        assertEquals(modified, Files.getLastModifiedTime(out.resolve("params.fits")).toMillis());
    }
}
