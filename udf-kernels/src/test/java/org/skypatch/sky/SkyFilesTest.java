package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

class SkyFilesTest {
    private static final int NSIDE = 8;

    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackEveryProductBitForBit() {
        SkyOptions o = SkyOptions.defaults(NSIDE, 5).withPiecewise(new int[] {10, 4, 2});
        SimulatedSky sky = TestSkies.white(o);
        List<Path> files = SkyFiles.write(sky, o.model(), dir);
        assertEquals(2 * 15 + 6, files.size());
        assertTrue(Files.exists(dir.resolve("freq_maps_noiseless_040GHz.fits")));
        assertTrue(Files.exists(dir.resolve("dust_qu_150GHz.fits")));
        assertTrue(Files.exists(dir.resolve("sync_qu_20GHz.fits")));
        SimulatedSky back = SkyInputs.read(dir, o.instrument(), o.model(), NSIDE);
        for (int b = 0; b < 15; b++) {
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(sky.frequencyMaps()[b][s], back.frequencyMaps()[b][s], 0);
                assertArrayEquals(sky.foregroundMaps()[b][s], back.foregroundMaps()[b][s], 0);
            }
        }
        assertArrayEquals(sky.cmb()[1], back.cmb()[1], 0);
        assertArrayEquals(sky.cmbTemperature(), back.cmbTemperature(), 0);
        assertArrayEquals(sky.dust()[0], back.dust()[0], 0);
        assertArrayEquals(sky.sync()[1], back.sync()[1], 0);
        assertArrayEquals(sky.tempDust(), back.tempDust(), 0);
        HealpixMap header = HealpixFits.read(dir.resolve("cmb_qu.fits"));
        assertArrayEquals(new String[] {"K_CMB", "K_CMB"}, header.units());
        assertEquals("G", header.coordsys());
        assertEquals("K", HealpixFits.read(dir.resolve(SkyFiles.PARAMS)).units()[1]);
        assertArrayEquals(sky.clusters()[2], HealpixFits.readLabels(dir.resolve(SkyFiles.CLUSTERS), NSIDE, "BETA_S"));
    }

    @Test
    void noisyMapsAreTheRealization() {
        SkyOptions o = SkyOptions.defaults(NSIDE, 5);
        SimulatedSky sky = TestSkies.white(o);
        WhiteNoise noise = new WhiteNoise(9, o.instrument().sigmaPerPixel(NSIDE), 1);
        SkyFiles.writeNoisy(sky, noise, 0, dir);
        double[][] qu = SkyInputs.readQu(dir.resolve("freq_maps_100GHz.fits"), NSIDE);
        assertArrayEquals(sky.noisy(noise, 0)[6][1], qu[1], 0);
        // a directory with only noisy maps is a valid user input: no truths
        SimulatedSky user = SkyInputs.read(dir, o.instrument(), o.model(), NSIDE);
        assertNull(user.foregroundMaps());
        assertNull(user.betaDust());
        assertArrayEquals(qu[0], user.frequencyMaps()[6][0], 0);
    }

    @Test
    void gzippedInputsAreReadAsTheUncompressedOnes() throws IOException {
        SkyOptions o = SkyOptions.defaults(NSIDE, 5);
        SimulatedSky sky = TestSkies.white(o);
        for (Path file : SkyFiles.write(sky, o.model(), dir)) {
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(Path.of(file + ".gz")))) {
                Files.copy(file, out);
            }
            Files.delete(file);
        }
        SimulatedSky back = SkyInputs.read(dir, o.instrument(), o.model(), NSIDE);
        assertArrayEquals(sky.frequencyMaps()[14][1], back.frequencyMaps()[14][1], 0);
        assertArrayEquals(sky.foregroundMaps()[0][0], back.foregroundMaps()[0][0], 0);
        assertArrayEquals(sky.cmb()[0], back.cmb()[0], 0);
        assertArrayEquals(sky.betaSync(), back.betaSync(), 0);
    }

    @Test
    void badInputsGiveOneLineErrors() throws IOException {
        SkyOptions o = SkyOptions.defaults(NSIDE, 5);
        SimulatedSky sky = TestSkies.white(o);
        SkyFiles.write(sky, o.model(), dir);
        assertMessage("NSIDE is 8", () -> SkyInputs.readQu(dir.resolve("cmb_qu.fits"), 16));
        assertMessage("does not exist", () -> SkyInputs.readQu(dir.resolve("nope.fits"), NSIDE));
        assertMessage("does not exist", () -> SkyInputs.read(dir.resolve("nodir"), o.instrument(), o.model(), NSIDE));
        assertMessage("1 frequency map files for an instrument of 15 bands",
                () -> SkyInputs.readFrequencyMaps(new Path[] {dir.resolve("cmb_qu.fits")}, o.instrument(), NSIDE));
        Files.delete(dir.resolve("freq_maps_noiseless_402GHz.fits"));
        assertMessage("no frequency map for band 402GHz", () -> SkyInputs.read(dir, o.instrument(), o.model(), NSIDE));
        double[] q = sky.cmb()[0].clone();
        q[17] = Healpix.UNSEEN;
        Path bad = dir.resolve("bad.fits");
        HealpixFits.write(bad, HealpixMap.of(NSIDE, Ordering.RING, "G", new String[] {"Q", "U"}, q, sky.cmb()[1]));
        assertMessage("at pixel 17: give full-sky maps without NaN or UNSEEN", () -> SkyInputs.readQu(bad, NSIDE));
    }

    /** A mask at nside 32 degraded to 16 keeps the pixels at least half covered; one at 8 upgrades to its children. */
    @Test
    void masksOfAnyNsideAreDegradedKeepingHalfCoveredPixels() {
        int fine = 32;
        double[] lat = GalacticZones.latitudeDegrees(fine);
        double[] mask = new double[lat.length];
        for (int p = 0; p < mask.length; p++) {
            mask[p] = Math.abs(lat[p]) > 30 ? 1 : 0;
        }
        mask[5] = Healpix.UNSEEN;
        Path file = dir.resolve("gal.fits");
        HealpixFits.write(file, HealpixMap.of(fine, Ordering.RING, "G", new String[] {"GAL070"}, mask));
        boolean[] coarse = SkyInputs.readMask(file, "GAL070", 16);
        int[] inside = new int[12 * 16 * 16];
        for (int p = 0; p < mask.length; p++) {
            inside[(int) Healpix.parent(fine, Ordering.RING, p, 16)] += mask[p] == 1 ? 1 : 0;
        }
        boolean[] halfCovered = new boolean[inside.length];
        for (int p = 0; p < inside.length; p++) {
            halfCovered[p] = inside[p] >= 2; // of 4 children
        }
        assertArrayEquals(halfCovered, coarse);
        boolean[] up = SkyInputs.readMask(file, null, 64);
        for (int p = 0; p < up.length; p++) {
            assertEquals(mask[(int) Healpix.parent(64, Ordering.RING, p, fine)] == 1, up[p]);
        }
        double[] empty = new double[12 * 4 * 4];
        Path none = dir.resolve("none.fits");
        HealpixFits.write(none, HealpixMap.of(4, Ordering.RING, "G", new String[] {"M"}, empty));
        assertMessage("keeps no pixel", () -> SkyInputs.readMask(none, null, 4));
        empty[3] = 2;
        HealpixFits.write(none, HealpixMap.of(4, Ordering.RING, "G", new String[] {"M"}, empty));
        assertMessage("outside [0, 1]", () -> SkyInputs.readMask(none, null, 4));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
