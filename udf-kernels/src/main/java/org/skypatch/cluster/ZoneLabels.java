package org.skypatch.cluster;

import java.util.Arrays;

/**
 * Cluster maps restricted to a zone (the pixels of one analysis region, in ascending pixel
 * order). Whatever the source of a map (K-means, parent pixels, a user's FITS column), the
 * engine wants labels 0..K-1 numbered by first occurrence in that order, so that equal
 * partitions give equal label arrays.
 */
public final class ZoneLabels {
    private ZoneLabels() {
    }

    /** Labels renumbered 0..K-1 by first occurrence; any long values are accepted as input ids. */
    public static int[] renumber(long[] ids) {
        int[] out = new int[ids.length];
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        long[] keys = Arrays.copyOf(sorted, distinct);
        int[] newId = new int[distinct];
        Arrays.fill(newId, -1);
        int next = 0;
        for (int i = 0; i < ids.length; i++) {
            int slot = Arrays.binarySearch(keys, ids[i]);
            if (newId[slot] < 0) {
                newId[slot] = next++;
            }
            out[i] = newId[slot];
        }
        return out;
    }

    /** Per label of {@code renumbered} (= {@link #renumber}(ids)), the input id it stands for. */
    public static long[] ids(long[] ids, int[] renumbered) {
        long[] out = new long[count(renumbered)];
        for (int i = ids.length - 1; i >= 0; i--) {
            out[renumbered[i]] = ids[i];
        }
        return out;
    }

    /** {@link #renumber(long[])} of int ids. */
    public static int[] renumber(int[] ids) {
        return renumber(Arrays.stream(ids).asLongStream().toArray());
    }

    /**
     * A user's full-sky label map (e.g. an integer FITS column, RING order) read at the zone's
     * pixels and renumbered within the zone.
     *
     * @param fullSkyLabels one label per map pixel
     * @param zonePixels the zone's RING pixel indices, ascending
     */
    public static int[] fromFullSkyMap(long[] fullSkyLabels, int[] zonePixels) {
        long[] ids = new long[zonePixels.length];
        for (int i = 0; i < zonePixels.length; i++) {
            int p = zonePixels[i];
            if (p < 0 || p >= fullSkyLabels.length) {
                throw new IllegalArgumentException("zone pixel " + p + " is outside the label map of "
                        + fullSkyLabels.length + " pixels: use a label map of the zone's nside");
            }
            ids[i] = fullSkyLabels[p];
        }
        return renumber(ids);
    }

    /** {@link #fromFullSkyMap(long[], int[])} of an int map (e.g. HealpixFits.readLabels). */
    public static int[] fromFullSkyMap(int[] fullSkyLabels, int[] zonePixels) {
        return fromFullSkyMap(java.util.Arrays.stream(fullSkyLabels).asLongStream().toArray(), zonePixels);
    }

    /** The number of clusters of a renumbered map (max label + 1; 0 for an empty map). */
    public static int count(int[] labels) {
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        return max + 1;
    }
}
