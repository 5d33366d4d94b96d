package org.skypatch.sky;

/**
 * What the piecewise sky needs from the clustering engine: a seeded partition of a region of the sky
 * into k clusters of neighbouring pixels ({@code org.skypatch.cluster.SphericalKMeans} on the pixel
 * centres).
 */
@FunctionalInterface
public interface SkyClustering {
    /**
     * @param nside      resolution of the maps
     * @param ringPixels the region's RING pixels, ascending
     * @param k          cluster count, at most ringPixels.length
     * @param seed       the same seed gives the same labels
     * @return the cluster (0..k-1) of each of the region's pixels
     */
    int[] labels(int nside, int[] ringPixels, int k, long seed);
}
