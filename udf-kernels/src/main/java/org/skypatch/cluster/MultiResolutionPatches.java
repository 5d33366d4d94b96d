package org.skypatch.cluster;

/**
 * Patches from a coarser HEALPix grid: a pixel's patch is its parent pixel at nside_out
 * (the paper's multi-resolution scheme, one nside_out per spectral parameter).
 */
public final class MultiResolutionPatches {
    private MultiResolutionPatches() {
    }

    /**
     * Patch labels of a zone.
     *
     * @param nside resolution of the maps
     * @param zoneRingPixels the zone's RING pixel indices, ascending
     * @param nsideOut resolution of the patches (a power of two &le; nside), or 0 for one global patch
     * @return labels 0..K-1 renumbered by first occurrence in zone pixel order
     */
    public static int[] labels(int nside, int[] zoneRingPixels, int nsideOut) {
        throw new UnsupportedOperationException("MultiResolutionPatches is being written on branch engine");
    }
}
