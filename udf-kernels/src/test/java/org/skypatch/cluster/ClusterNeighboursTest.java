package org.skypatch.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

class ClusterNeighboursTest {

    /** Patches of nside-2 pixels on a full nside-8 sky touch exactly where their nside-2 pixels are HEALPix neighbours. */
    @Test
    void patchesTouchWhereTheirParentPixelsAreNeighbours() {
        int[] sky = IntStream.range(0, 768).toArray();
        int[] labels = MultiResolutionPatches.labels(8, sky, 2);
        int[][] near = ClusterNeighbours.of(8, sky, labels);
        assertEquals(48, near.length);
        int[] parentOfLabel = new int[48];
        for (int p = 0; p < sky.length; p++) {
            parentOfLabel[labels[p]] = (int) Healpix.parent(8, Ordering.RING, p, 2);
        }
        long[] around = new long[8];
        for (int patch = 0; patch < 48; patch++) {
            int k = patch;
            Healpix.neighbours(2, Ordering.RING, parentOfLabel[k], around);
            int[] expected = Arrays.stream(around).filter(q -> q >= 0).mapToInt(q -> indexOf(parentOfLabel, (int) q))
                    .sorted().toArray();
            assertArrayEquals(expected, Arrays.stream(near[k]).sorted().toArray(), "patch " + k);
            for (int other : near[k]) {
                assertTrue(Arrays.stream(near[other]).anyMatch(v -> v == k), "neighbours are mutual: " + k + ", " + other);
            }
            assertTrue(border(labels, sky, k, near[k][0]) >= border(labels, sky, k, near[k][near[k].length - 1]),
                    "longest border first");
        }
    }

    private static int indexOf(int[] values, int v) {
        return IntStream.range(0, values.length).filter(i -> values[i] == v).findFirst().orElseThrow();
    }

    private static int border(int[] labels, int[] sky, int a, int b) {
        long[] around = new long[8];
        int pairs = 0;
        for (int p : sky) {
            if (labels[p] != a) {
                continue;
            }
            Healpix.neighbours(8, Ordering.RING, p, around);
            for (long q : around) {
                pairs += q >= 0 && labels[(int) q] == b ? 1 : 0;
            }
        }
        return pairs;
    }
}
