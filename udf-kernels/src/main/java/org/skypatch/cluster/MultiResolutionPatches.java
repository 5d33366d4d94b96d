package org.skypatch.cluster;

import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.Ordering;

/**
 * Patches from a coarser HEALPix grid: a pixel's patch is the pixel of nside_out containing it
 * (its parent in the NESTED hierarchy), the paper's multi-resolution scheme with one nside_out
 * per spectral parameter, e.g. (beta_d, T_d, beta_s) = (64, 0, 2).
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
        Nside.check(nside);
        if (nsideOut == 0) {
            return new int[zoneRingPixels.length];
        }
        Nside.check(nsideOut);
        if (nsideOut > nside) {
            throw new IllegalArgumentException("patch nside " + nsideOut + " is finer than the map nside " + nside
                    + ": use 0 or a power of two <= " + nside);
        }
        long npix = Nside.npix(nside);
        long[] parent = new long[zoneRingPixels.length];
        for (int i = 0; i < zoneRingPixels.length; i++) {
            int p = zoneRingPixels[i];
            if (p < 0 || p >= npix) {
                throw new IllegalArgumentException("zone pixel " + p + " is outside an nside " + nside + " map");
            }
            parent[i] = Healpix.parent(nside, Ordering.RING, p, nsideOut);
        }
        return ZoneLabels.renumber(parent);
    }
}
