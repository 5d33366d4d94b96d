package org.skypatch.job.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.sky.Bandpass;

class SkyInputSourceTest {
    @TempDir
    Path dir;

    @Test
    void sharedFileRoundTripsTheInputs() {
        ZoneData z = new ZoneData("GAL020_U", new int[] {3, 5}, new double[][][] {{{1, 2}, {3, 4}}},
                new double[][][] {{{0.5, 0.25}, {0.125, 1}}}, new double[][] {{7, 8}, {9, 10}});
        SkyInputs in = new SkyInputs(256, new String[] {"040GHz"}, new double[] {40},
                new Bandpass[] {new Bandpass(new double[] {36, 44}, new double[] {1, 1})}, new double[] {2.5}, 1, 11, 150, 20,
                Map.of("GAL020_U", z));
        String uri = dir.resolve("sky.bin").toUri().toString();
        SkyInputSource.SharedFile.write(new Configuration(), uri, in);
        SkyInputs back = new SkyInputSource.SharedFile(uri).get();
        assertEquals(256, back.nside());
        assertEquals(40, back.bandpasses()[0].centralFrequency(), 1e-12);
        assertArrayEquals(z.pixels(), back.zone("GAL020_U").pixels());
        assertArrayEquals(z.signal()[0][1], back.zone("GAL020_U").signal()[0][1]);
        assertArrayEquals(z.cmb()[1], back.zone("GAL020_U").cmb()[1]);
        assertEquals(in.sizeBytes(), back.sizeBytes());
    }
}
