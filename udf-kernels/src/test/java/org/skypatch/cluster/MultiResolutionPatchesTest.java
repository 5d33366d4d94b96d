package org.skypatch.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.skypatch.likelihood.CompsepFixture;

/** Parent-pixel patches against healpy's (fixture patches_nside{2,4,8}: parent RING pixel at nside_out). */
class MultiResolutionPatchesTest {
    private final CompsepFixture fx = new CompsepFixture();

    @Test
    void matchesHealpyParentPixelsOnTheMask() {
        for (int nsideOut : new int[] {2, 4, 8}) {
            int[] ours = MultiResolutionPatches.labels(CompsepFixture.NSIDE, fx.zonePixels, nsideOut);
            int[] expected = ZoneLabels.renumber(fx.patches(nsideOut));
            assertArrayEquals(expected, ours, "nside_out " + nsideOut);
        }
    }

    @Test
    void zeroIsOneGlobalPatchAndFullResolutionIsOnePatchPerPixel() {
        int[] global = MultiResolutionPatches.labels(64, fx.zonePixels, 0);
        assertEquals(1, ZoneLabels.count(global));
        int[] own = MultiResolutionPatches.labels(64, fx.zonePixels, 64);
        assertEquals(fx.zonePixels.length, ZoneLabels.count(own));
    }

    @Test
    void rejectsAFinerPatchGrid() {
        assertThrows(IllegalArgumentException.class, () -> MultiResolutionPatches.labels(8, new int[] {0}, 16));
    }
}
