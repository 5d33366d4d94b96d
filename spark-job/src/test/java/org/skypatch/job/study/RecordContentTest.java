package org.skypatch.job.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skypatch.gpu.Backend;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.sky.Bandpass;

class RecordContentTest {
    private static ZoneData zone(double u) {
        return new ZoneData("GAL020_U", new int[] {3, 5}, new double[][][] {{{1, 2}, {3, u}}},
                new double[][][] {{{0.5, 0.25}, {0.125, 1}}}, new double[][] {{7, 8}, {9, 10}});
    }

    @Test
    void recordsHoldingArraysAreEqualByContent() {
        assertEquals(zone(4), zone(4));
        assertEquals(zone(4).hashCode(), zone(4).hashCode());
        assertNotEquals(zone(4), zone(4.5));
        assertNotEquals(zone(4), null);
        SkyInputs a = new SkyInputs(16, new String[] {"040GHz"}, new double[] {40},
                new Bandpass[] {new Bandpass(new double[] {36, 44}, new double[] {1, 1})}, new double[] {2.5}, 1, 11, 150, 20,
                Map.of("GAL020_U", zone(4)));
        SkyInputs b = new SkyInputs(16, new String[] {"040GHz"}, new double[] {40},
                new Bandpass[] {new Bandpass(new double[] {36, 44}, new double[] {1, 1})}, new double[] {2.5}, 1, 11, 150, 20,
                Map.of("GAL020_U", zone(4)));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void fitSettingsCopyTheirStartAndBounds() {
        double[] start = {1.5, 20, -3};
        FitSettings s = new FitSettings(1, null, null, null, start, null, null, Backend.CPU);
        start[0] = 9;
        assertArrayEquals(new double[] {1.5, 20, -3}, s.start());
        assertEquals(new FitSettings(1, null, null, null, new double[] {1.5, 20, -3}, null, null, Backend.CPU), s);
    }
}
