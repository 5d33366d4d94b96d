package org.skypatch.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZoneLabelsTest {
    @Test
    void renumbersByFirstOccurrence() {
        assertArrayEquals(new int[] {0, 1, 0, 2, 1}, ZoneLabels.renumber(new long[] {70, -3, 70, 5, -3}));
        assertEquals(3, ZoneLabels.count(ZoneLabels.renumber(new int[] {9, 9, 4, 1})));
        assertEquals(0, ZoneLabels.count(new int[0]));
    }

    @Test
    void idsGiveBackTheInputIdOfEachLabel() {
        long[] ids = {70, -3, 70, 5, -3};
        assertArrayEquals(new long[] {70, -3, 5}, ZoneLabels.ids(ids, ZoneLabels.renumber(ids)));
    }

    @Test
    void readsAFullSkyMapAtTheZonePixels() {
        int[] map = new int[48]; // nside 2
        for (int p = 0; p < map.length; p++) {
            map[p] = 100 + p / 4;
        }
        assertArrayEquals(new int[] {0, 0, 1, 2}, ZoneLabels.fromFullSkyMap(map, new int[] {4, 7, 8, 47}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZoneLabels.fromFullSkyMap(map, new int[] {48}));
        assertTrue(e.getMessage().contains("nside"), e.getMessage());
    }
}
