package org.skypatch.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

/**
 * Which clusters of a zone touch: two clusters are neighbours when a pixel of one has a HEALPix
 * neighbour in the other. The optimiser tries a neighbour's solution as a start for a cluster that
 * ended on a bound or converged slowly (the neighbouring sky is the likeliest basin).
 */
public final class ClusterNeighbours {
    private ClusterNeighbours() {
    }

    /**
     * Per cluster, its neighbouring clusters, those sharing the longest border (most pixel pairs) first,
     * ties by cluster id.
     *
     * @param nside resolution of the zone's pixels
     * @param zoneRingPixels the zone's RING pixel indices, ascending
     * @param labels per zone pixel its cluster 0..K-1
     */
    public static int[][] of(int nside, int[] zoneRingPixels, int[] labels) {
        if (labels.length != zoneRingPixels.length) {
            throw new IllegalArgumentException("labels cover " + labels.length + " pixels, the zone "
                    + zoneRingPixels.length);
        }
        int k = ZoneLabels.count(labels);
        Map<Integer, Integer> zoneIndex = new HashMap<>();
        for (int i = 0; i < zoneRingPixels.length; i++) {
            zoneIndex.put(zoneRingPixels[i], i);
        }
        Map<Long, Integer> border = new HashMap<>(); // (cluster, other) -> pixel pairs
        long[] around = new long[8];
        for (int i = 0; i < zoneRingPixels.length; i++) {
            Healpix.neighbours(nside, Ordering.RING, zoneRingPixels[i], around);
            for (long q : around) {
                Integer j = q < 0 ? null : zoneIndex.get((int) q);
                if (j != null && labels[j] != labels[i]) {
                    border.merge((long) labels[i] * k + labels[j], 1, Integer::sum);
                }
            }
        }
        int[] counts = new int[k];
        for (long key : border.keySet()) {
            counts[(int) (key / k)]++;
        }
        long[][] ranked = new long[k][];
        for (int c = 0; c < k; c++) {
            ranked[c] = new long[counts[c]];
            counts[c] = 0;
        }
        for (Map.Entry<Long, Integer> e : border.entrySet()) {
            int c = (int) (e.getKey() / k);
            int other = (int) (e.getKey() % k);
            // longest border first, then the lower id: sort ascending on (-pairs, id)
            ranked[c][counts[c]++] = ((long) (Integer.MAX_VALUE - e.getValue()) << 32) | other;
        }
        int[][] out = new int[k][];
        for (int c = 0; c < k; c++) {
            Arrays.sort(ranked[c]);
            out[c] = Arrays.stream(ranked[c]).mapToInt(v -> (int) (v & 0xffffffffL)).toArray();
        }
        return out;
    }
}
