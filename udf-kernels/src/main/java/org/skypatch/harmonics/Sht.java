package org.skypatch.harmonics;

import org.skypatch.sphere.Nside;
import org.skypatch.sphere.RingTable;

/**
 * Spherical harmonic transforms of HEALPix RING maps, spin 0 (T) and spin 2 (Q/U &lt;-&gt; E/B), with healpy's
 * conventions: alm in healpy's m-major order, Y_lm with the Condon-Shortley phase, healpy's E/B sign
 * (a_{+-2,lm} = -(a_E +- i a_B)), map2alm with uniform pixel weights 4 pi / Npix and {@code iter} Jacobi
 * iterations. Single-threaded; every call is independent and thread-safe. Units are those of the input.
 */
public final class Sht {
    /** healpy's default number of Jacobi iterations in map2alm. */
    public static final int DEFAULT_ITER = 3;
    /** healpy's UNSEEN marker; such pixels (and NaNs) count as zero in map2alm, as in healpy. */
    public static final double UNSEEN = -1.6375e30;

    private Sht() {
    }

    /** Spin-0 synthesis (healpy alm2map(alm, nside)): map of 12 nside^2 pixels in RING order. */
    public static double[] alm2map(Alm alm, int nside) {
        RingTable rings = RingTable.healpix(nside);
        double[] map = new double[npix(nside)];
        new Synthesis(rings, alm.lmax(), alm.mmax()).run(alm, null, null, map, null, null);
        return map;
    }

    /** T, Q, U maps from T, E, B alm (healpy alm2map(alms, nside, pol=True)); all three of the same lmax, mmax. */
    public static double[][] alm2map(Alm t, Alm e, Alm b, int nside) {
        requireSameShape(t, e, "E");
        requireSameShape(t, b, "B");
        RingTable rings = RingTable.healpix(nside);
        double[][] maps = new double[3][npix(nside)];
        new Synthesis(rings, t.lmax(), t.mmax()).run(t, e, b, maps[0], maps[1], maps[2]);
        return maps;
    }

    /** Q, U maps from E, B alm (healpy alm2map_spin([e, b], nside, spin=2, lmax)). */
    public static double[][] alm2mapSpin2(Alm e, Alm b, int nside) {
        requireSameShape(e, b, "B");
        RingTable rings = RingTable.healpix(nside);
        double[][] maps = new double[2][npix(nside)];
        new Synthesis(rings, e.lmax(), e.mmax()).run(null, e, b, null, maps[0], maps[1]);
        return maps;
    }

    /** Spin-0 analysis (healpy map2alm(map, lmax, mmax, iter)). */
    public static Alm map2alm(double[] map, int lmax, int mmax, int iter) {
        int nside = nsideOf(map, "map");
        checkBand(lmax, mmax, iter);
        Alm t = new Alm(lmax, mmax);
        new Analysis(RingTable.healpix(nside), lmax, mmax).run(cleaned(map), null, null, iter, t, null, null);
        return t;
    }

    /** Spin-0 analysis with mmax = lmax and healpy's default 3 iterations. */
    public static Alm map2alm(double[] map, int lmax) {
        return map2alm(map, lmax, lmax, DEFAULT_ITER);
    }

    /** T, E, B alm from T, Q, U maps (healpy map2alm(maps, lmax, mmax, iter, pol=True)). */
    public static Alm[] map2alm(double[] t, double[] q, double[] u, int lmax, int mmax, int iter) {
        int nside = nsideOf(t, "T map");
        requireSameLength(t, q, "Q map");
        requireSameLength(t, u, "U map");
        checkBand(lmax, mmax, iter);
        Alm[] teb = {new Alm(lmax, mmax), new Alm(lmax, mmax), new Alm(lmax, mmax)};
        new Analysis(RingTable.healpix(nside), lmax, mmax)
                .run(cleaned(t), cleaned(q), cleaned(u), iter, teb[0], teb[1], teb[2]);
        return teb;
    }

    /** E, B alm from Q, U maps (healpy map2alm_spin([q, u], spin=2, lmax, mmax) for iter = 0). */
    public static Alm[] map2almSpin2(double[] q, double[] u, int lmax, int mmax, int iter) {
        int nside = nsideOf(q, "Q map");
        requireSameLength(q, u, "U map");
        checkBand(lmax, mmax, iter);
        Alm[] eb = {new Alm(lmax, mmax), new Alm(lmax, mmax)};
        new Analysis(RingTable.healpix(nside), lmax, mmax).run(null, cleaned(q), cleaned(u), iter, null, eb[0], eb[1]);
        return eb;
    }

    /** True for healpy's UNSEEN marker (within healpy's relative tolerance 1e-5) and for NaN. */
    public static boolean isUnseen(double v) {
        return Double.isNaN(v) || Math.abs(v - UNSEEN) <= 1e-5 * Math.abs(UNSEEN);
    }

    /** A copy with UNSEEN/NaN pixels set to zero, or the map itself when it has none. */
    static double[] cleaned(double[] map) {
        double[] out = map;
        for (int p = 0; p < map.length; p++) {
            if (isUnseen(map[p])) {
                if (out == map) {
                    out = map.clone();
                }
                out[p] = 0;
            }
        }
        return out;
    }

    static int nsideOf(double[] map, String what) {
        try {
            return Nside.fromNpix(map.length);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(what + " has " + map.length
                    + " pixels, not 12 nside^2 of a HEALPix map: pass a full-sky RING map");
        }
    }

    private static int npix(int nside) {
        return Math.toIntExact(Nside.npix(nside));
    }

    private static void checkBand(int lmax, int mmax, int iter) {
        if (lmax < 0 || mmax < 0 || mmax > lmax) {
            throw new IllegalArgumentException("need 0 <= mmax <= lmax, got lmax=" + lmax + " mmax=" + mmax);
        }
        if (iter < 0) {
            throw new IllegalArgumentException("iter must be >= 0 (healpy default 3), got " + iter);
        }
    }

    private static void requireSameShape(Alm a, Alm other, String what) {
        if (a.lmax() != other.lmax() || a.mmax() != other.mmax()) {
            throw new IllegalArgumentException(what + " alm has lmax/mmax " + other.lmax() + "/" + other.mmax()
                    + " but the first alm has " + a.lmax() + "/" + a.mmax() + ": pass alms of one shape");
        }
    }

    private static void requireSameLength(double[] a, double[] other, String what) {
        if (a.length != other.length) {
            throw new IllegalArgumentException(what + " has " + other.length + " pixels but the first map has "
                    + a.length + ": pass maps of one nside");
        }
    }
}
