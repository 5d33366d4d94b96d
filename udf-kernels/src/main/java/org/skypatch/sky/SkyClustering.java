package org.skypatch.sky;

/**
 * What the piecewise sky needs from the clustering engine: a seeded partition of the full sky into
 * k clusters of neighbouring pixels ({@code org.skypatch.cluster.SphericalKMeans} on the pixel centres).
 */
@FunctionalInterface
public interface SkyClustering {
    /**
     * @return the cluster (0..k-1) of every RING pixel of the nside map; the same seed gives the same labels
     */
    int[] labels(int nside, int k, long seed);
}
