package org.skypatch.cluster;

import org.skypatch.sphere.Nside;

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
        int shift = 2 * Integer.numberOfTrailingZeros(nside / nsideOut);
        for (int i = 0; i < zoneRingPixels.length; i++) {
            int p = zoneRingPixels[i];
            if (p < 0 || p >= npix) {
                throw new IllegalArgumentException("zone pixel " + p + " is outside an nside " + nside + " map");
            }
            parent[i] = ringToNest(nside, p) >> shift;
        }
        return ZoneLabels.renumber(parent);
    }

    private static final int[] JPLL = {1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7};

    /** NESTED index of a RING pixel: face and in-face coordinates as in HEALPix's ring2xyf. */
    static long ringToNest(int nside, long pix) {
        long ncap = 2L * nside * (nside - 1);
        long npix = 12L * nside * nside;
        long nl2 = 2L * nside;
        long iring;
        long iphi;
        long kshift;
        long nr;
        int face;
        if (pix < ncap) { // north polar cap
            iring = (1 + isqrt(1 + 2 * pix)) >> 1;
            iphi = pix + 1 - 2 * iring * (iring - 1);
            kshift = 0;
            nr = iring;
            face = (int) ((iphi - 1) / nr);
        } else if (pix < npix - ncap) { // equatorial belt
            long ip = pix - ncap;
            long tmp = ip / (4L * nside);
            iring = tmp + nside;
            iphi = ip - tmp * 4 * nside + 1;
            kshift = (iring + nside) & 1;
            nr = nside;
            long ire = tmp + 1;
            long irm = nl2 + 1 - tmp;
            long ifm = (iphi - ire / 2 + nside - 1) / nside;
            long ifp = (iphi - irm / 2 + nside - 1) / nside;
            face = (int) (ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
        } else { // south polar cap
            long ip = npix - pix;
            iring = (1 + isqrt(2 * ip - 1)) >> 1;
            iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
            kshift = 0;
            nr = iring;
            iring = 2 * nl2 - iring;
            face = (int) ((iphi - 1) / nr) + 8;
        }
        long irt = iring - (2L + (face >> 2)) * nside + 1;
        long ipt = 2 * iphi - JPLL[face] * nr - kshift - 1;
        if (ipt >= nl2) {
            ipt -= 8L * nside;
        }
        long ix = (ipt - irt) >> 1;
        long iy = (-ipt - irt) >> 1;
        return (long) face * nside * nside + spread(ix) + (spread(iy) << 1);
    }

    private static long isqrt(long v) {
        long r = (long) Math.sqrt((double) v);
        while (r * r > v) {
            r--;
        }
        while ((r + 1) * (r + 1) <= v) {
            r++;
        }
        return r;
    }

    /** Interleaves the bits of v with zeros (bit i goes to bit 2i). */
    private static long spread(long v) {
        long out = 0;
        for (int b = 0; v >> b != 0; b++) {
            out |= ((v >> b) & 1) << (2 * b);
        }
        return out;
    }
}
