package org.skypatch.cluster;

/**
 * Spherical K-means of the pixels of a zone: distance is the angle between unit vectors, a
 * centroid is the normalised mean of its members. Lloyd iterations stop when the mean distance
 * changes by less than 1e-5 of itself, or after 100 iterations; an empty cluster keeps its
 * centroid.
 *
 * <p>Initial centroids for a seed are the first K pixels of one seeded permutation of the
 * zone's pixels, so the initialisations of a grid over K are nested (prefix-consistent). The
 * result depends only on the input vectors, K and the seed, never on threads or machines.
 */
public final class SphericalKMeans {
    private SphericalKMeans() {
    }

    /**
     * Cluster labels of the zone's pixels.
     *
     * @param unitVectors [n][3] pixel centres on the unit sphere, in ascending pixel order
     * @param k requested cluster count; capped at n (logged)
     * @param seed seed of the initial permutation
     * @return labels 0..K'-1 (K' &le; k; fewer only if clusters ended empty), renumbered by first
     *     occurrence in pixel order
     */
    public static int[] cluster(double[][] unitVectors, int k, long seed) {
        throw new UnsupportedOperationException("SphericalKMeans is being written on branch engine");
    }
}
