package org.skypatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.fits.HealpixFits;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.SimulatedSky;
import org.skypatch.sky.SkyInputs;
import org.skypatch.sky.ForegroundModel;

class SimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesFitsProductsMasksZonesAndPictures() {
        Path out = dir.resolve("sky");
        assertEquals(0, SkypatchCli.execute("simulate", "--nside", "16", "--seed", "3", "--out", out.toString(),
                "--piecewise", "12,4,3", "--write-noisy"));
        for (String f : new String[] {"freq_maps_noiseless_140GHz.fits", "freq_maps_140GHz.fits",
            "foreground_maps_402GHz.fits", "cmb_qu.fits", "params_true.fits", "clusters_true.fits",
            "masks_galactic.fits", "zones.fits", "foreground_i_353GHz.fits", "png/beta_d.png", "png/zones.png"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        SimulatedSky sky = SkyInputs.read(out, Instrument.liteBird(), ForegroundModel.PAPER, 16);
        assertEquals(3, java.util.Arrays.stream(sky.betaSync()).distinct().count());
        double[] zones = HealpixFits.read(out.resolve("zones.fits")).columns()[0];
        assertEquals(Math.round(0.6 * 12 * 16 * 16), java.util.Arrays.stream(zones).filter(z -> z > 0).count());
        // the same command gives the same sky
        Path again = dir.resolve("again");
        assertEquals(0, SkypatchCli.execute("simulate", "--nside", "16", "--seed", "3", "--out", again.toString(),
                "--piecewise", "12,4,3", "--no-png"));
        assertArrayEquals(sky.frequencyMaps()[7][1],
                SkyInputs.readQu(again.resolve("freq_maps_noiseless_119GHz.fits"), 16)[1], 0);
    }

    @Test
    void piecewisePerZoneGivesEveryZoneTheCounts() {
        Path out = dir.resolve("pz");
        assertEquals(0, SkypatchCli.execute("simulate", "--nside", "16", "--out", out.toString(), "--piecewise", "7,3,2",
                "--piecewise-per-zone", "--no-png"));
        double[] zones = HealpixFits.read(out.resolve("zones.fits")).columns()[0];
        double[] betaD = SkyInputs.read(out, Instrument.liteBird(), ForegroundModel.PAPER, 16).betaDust();
        for (int z = 1; z <= 6; z++) {
            int zone = z;
            long distinct = java.util.stream.IntStream.range(0, zones.length).filter(p -> zones[p] == zone)
                    .mapToDouble(p -> betaD[p]).distinct().count();
            assertEquals(7, distinct, "zone " + z);
        }
    }

    @Test
    void loadsAUsersSkyInsteadOfSimulating() {
        Path sim = dir.resolve("sim");
        assertEquals(0, SkypatchCli.execute("simulate", "--nside", "8", "--out", sim.toString(), "--no-png"));
        Path out = dir.resolve("zones");
        assertEquals(0, SkypatchCli.execute("simulate", "--nside", "8", "--input", sim.toString(), "--out", out.toString(),
                "--zones-by", "LATITUDE"));
        assertTrue(Files.exists(out.resolve("zones.fits")));
        assertTrue(Files.exists(out.resolve("png/zones.png")));
        assertTrue(!Files.exists(out.resolve("cmb_qu.fits")), "a loaded sky is not written again");
        assertEquals(2, SkypatchCli.execute("simulate", "--nside", "16", "--input", sim.toString(), "--out", out.toString()));
    }

    @Test
    void badInputIsAOneLineError() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertEquals(2, SkypatchCli.execute("simulate", "--nside", "15", "--out", dir.toString()));
            assertEquals(2, SkypatchCli.execute("simulate", "--piecewise-per-zone", "--out", dir.toString()));
            assertEquals(2, SkypatchCli.execute("simulate", "--nside", "128", "--out", dir.toString()));
            assertEquals(2, SkypatchCli.execute("simulate", "--foregrounds", "d9", "--out", dir.toString()));
        } finally {
            System.setErr(err);
        }
        String[] lines = captured.toString().strip().split("\\R");
        assertEquals(4, lines.length, captured.toString());
        assertTrue(lines[0].startsWith("skypatch simulate: nside 15 is not a power of two"), lines[0]);
        assertTrue(lines[1].startsWith("skypatch simulate: --piecewise-per-zone needs --piecewise"), lines[1]);
        assertTrue(lines[2].startsWith("skypatch simulate: the shipped d1s1 templates are nside 64")
                && lines[2].contains("--templates"), lines[2]);
        assertTrue(lines[3].startsWith("skypatch simulate: 'd9' is not a foreground model"), lines[3]);
    }
}
