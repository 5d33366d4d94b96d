package org.skypatch.sphere;

/** Checks and derived quantities of a HEALPix resolution parameter. */
public final class Nside {
    public static final int MAX = 8192;

    private Nside() {
    }

    /** Throws with a one-line message unless nside is a power of two in 1..8192. */
    public static int check(int nside) {
        if (nside < 1 || nside > MAX || Integer.bitCount(nside) != 1) {
            throw new IllegalArgumentException(
                    "nside " + nside + " is not a power of two in 1.." + MAX + ": use 1, 2, 4, ..., 8192");
        }
        return nside;
    }

    public static long npix(int nside) {
        return 12L * nside * nside;
    }

    /** The nside of a full-sky map with this many pixels; throws if there is none. */
    public static int fromNpix(long npix) {
        long nside = Math.round(Math.sqrt(npix / 12.0));
        if (12L * nside * nside != npix || nside > MAX || Long.bitCount(nside) != 1) {
            throw new IllegalArgumentException(npix + " pixels is not a full HEALPix map (12 nside^2, nside a power of two)");
        }
        return (int) nside;
    }
}
