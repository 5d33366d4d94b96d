package org.skypatch.job.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.skypatch.job.TestSkies;
import org.skypatch.job.sky.SkyBuilder;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;
import org.skypatch.sky.SimulatedSky;
import org.skypatch.sky.WhiteNoise;

class NoisyDataTest {

    private static SkyInputs sky() {
        Study s = StudyLoader.parse("""
                name: t
                seed: 1
                sky: {nside: 8, zoneScore: latitude, simulate: {seed: 3}}
                instrument: {noiseRatio: 0.5}
                zones: [GAL020_U, GAL060_L]
                grid: {singlePatch: true}
                realizations: 3
                output: out
                """, "t.yaml");
        SimulatedSky full = TestSkies.skyBuilder().fullSky(s);
        return SkyBuilder.inputs(s, full, SkyBuilder.zones(s, full));
    }

    @Test
    void dataAreSignalPlusTheNoiseDeviatesAndSharedPerZoneAndRealization() {
        SkyInputs sky = sky();
        ZoneData z = sky.zone("GAL020_U");
        double[][][] data = NoisyData.of(sky, z, 2);
        for (int b = 0; b < data.length; b++) {
            double sigma = sky.sigma()[b] * 0.5;
            for (int s = 0; s < 2; s++) {
                for (int p = 0; p < z.pixels().length; p++) {
                    double noise = sigma * WhiteNoise.gaussian(sky.noiseSeed(), 2, b, s, z.pixels()[p]);
                    assertEquals(z.signal()[b][s][p] + noise, data[b][s][p], 0.0, "band " + b + " pixel " + p);
                }
            }
        }
        // asked for once: not kept; twice: kept from then on
        assertEquals(0, NoisyData.cachedBytes());
        double[][][] kept = NoisyData.of(sky, z, 2);
        assertNotSame(data, kept);
        assertTrue(Arrays.deepEquals(data, kept));
        assertSame(kept, NoisyData.of(sky, z, 2));
        for (int i = 0; i < 2; i++) {
            assertNotSame(kept, NoisyData.of(sky, z, 1));
            assertNotSame(kept, NoisyData.of(sky, sky.zone("GAL060_L"), 2));
        }
        long bytes = 16L * data.length * (2 * z.pixels().length + sky.zone("GAL060_L").pixels().length);
        assertEquals(bytes, NoisyData.cachedBytes(), "three draws kept");
        // another sky (here an equal one) starts the cache over
        SkyInputs other = sky();
        NoisyData.of(other, other.zone("GAL020_U"), 2);
        double[][][] again = NoisyData.of(other, other.zone("GAL020_U"), 2);
        assertNotSame(kept, again);
        assertTrue(Arrays.deepEquals(kept, again));
        assertEquals(16L * data.length * z.pixels().length, NoisyData.cachedBytes());
    }

    @Test
    void pastTheBudgetDataAreDrawnAnew() {
        long old = NoisyData.budget(0);
        try {
            SkyInputs sky = sky();
            ZoneData z = sky.zone("GAL060_L");
            double[][][] first = NoisyData.of(sky, z, 0);
            NoisyData.of(sky, z, 0);
            double[][][] third = NoisyData.of(sky, z, 0);
            assertNotSame(first, third);
            assertTrue(Arrays.deepEquals(first, third));
            assertEquals(0, NoisyData.cachedBytes());
        } finally {
            NoisyData.budget(old);
        }
    }
}
