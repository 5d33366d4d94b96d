package org.skypatch.sphere;

/**
 * HEALPix pixel geometry (Gorski et al. 2005) for nside a power of two in 1..8192, in the RING and
 * NESTED schemes. The algorithms are those of HEALPix C++ (healpix_base.cc), which healpy wraps, so
 * results agree with healpy to rounding. Angles are radians: theta is the colatitude in [0, pi]
 * from the north pole, phi the longitude in [0, 2 pi). Pixel indices are {@code long}: nside 8192
 * has 805,306,368 pixels. Per-pixel functions allocate nothing: vectors and angles go into caller arrays.
 */
public final class Healpix {
    /** healpy's marker of a missing pixel value. */
    public static final double UNSEEN = -1.6375e30;

    private static final double HALF_PI = 0.5 * Math.PI;
    private static final double TWO_THIRDS = 2.0 / 3.0;
    /** Row of the face's southernmost corner (in units of nside) and its longitude (in units of pi/4). */
    private static final int[] JRLL = {2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4};
    private static final int[] JPLL = {1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7};
    /** Offsets of the 8 neighbours in a face's (x, y) grid, in healpy's order SW, W, NW, N, NE, E, SE, S. */
    private static final int[] NB_XOFFSET = {-1, -1, 0, 1, 1, 1, 0, -1};
    private static final int[] NB_YOFFSET = {0, 1, 1, 1, 0, -1, -1, -1};
    /** Base face of the neighbour in direction nb (S, SE, E, SW, centre, NE, W, NW, N) of each face. */
    private static final int[][] NB_FACE = {
        {8, 9, 10, 11, -1, -1, -1, -1, 10, 11, 8, 9},
        {5, 6, 7, 4, 8, 9, 10, 11, 9, 10, 11, 8},
        {-1, -1, -1, -1, 5, 6, 7, 4, -1, -1, -1, -1},
        {4, 5, 6, 7, 11, 8, 9, 10, 11, 8, 9, 10},
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
        {1, 2, 3, 0, 0, 1, 2, 3, 5, 6, 7, 4},
        {-1, -1, -1, -1, 7, 4, 5, 6, -1, -1, -1, -1},
        {3, 0, 1, 2, 3, 0, 1, 2, 4, 5, 6, 7},
        {2, 3, 0, 1, -1, -1, -1, -1, 0, 1, 2, 3}};
    /** Axis flips (bit 0: x, bit 1: y) and swap (bit 2) entering the neighbour face, per face row. */
    private static final int[][] NB_SWAP = {
        {0, 0, 3}, {0, 0, 6}, {0, 0, 0}, {0, 0, 5}, {0, 0, 0}, {5, 0, 0}, {0, 0, 0}, {6, 0, 0}, {3, 0, 0}};

    private Healpix() {
    }

    public static long npix(int nside) {
        return Nside.npix(Nside.check(nside));
    }

    /** Area of one pixel in steradians (4 pi / npix). */
    public static double pixelArea(int nside) {
        return 4.0 * Math.PI / npix(nside);
    }

    /** Square root of the pixel area, in arcminutes (healpy {@code nside2resol(nside, arcmin=True)}). */
    public static double resolutionArcmin(int nside) {
        return Math.toDegrees(Math.sqrt(pixelArea(nside))) * 60.0;
    }

    /** True when a value is healpy's UNSEEN within healpy's tolerance (rtol 1e-5, atol 1e-8), or not finite. */
    public static boolean isUnseen(double value) {
        return !Double.isFinite(value) || Math.abs(value - UNSEEN) <= 1e-8 + 1e-5 * Math.abs(UNSEEN);
    }

    // ---------------------------------------------------------------- pixel -> position

    /** Writes the unit vector (x, y, z) of the centre of pixel {@code pix} into {@code out[0..2]}. */
    public static void pix2vec(int nside, Ordering ordering, long pix, double[] out) {
        double sinTheta = locate(nside, ordering, pix, out);
        double z = out[0];
        double phi = out[1];
        if (Double.isNaN(sinTheta)) {
            sinTheta = Math.sqrt((1.0 - z) * (1.0 + z));
        }
        out[0] = sinTheta * Math.cos(phi);
        out[1] = sinTheta * Math.sin(phi);
        out[2] = z;
    }

    /** Writes (theta, phi) of the centre of pixel {@code pix} into {@code out[0..1]} (radians). */
    public static void pix2ang(int nside, Ordering ordering, long pix, double[] out) {
        double sinTheta = locate(nside, ordering, pix, out);
        out[0] = theta(out[0], sinTheta);
    }

    /** Colatitude theta (radians) of the centre of pixel {@code pix}. */
    public static double theta(int nside, Ordering ordering, long pix) {
        return ringTheta(nside, ring(nside, ordering, pix));
    }

    /**
     * Galactic latitude b = 90 deg - theta of the centre of pixel {@code pix}, in degrees, for a map in
     * Galactic coordinates (skypatch's maps are).
     */
    public static double galacticLatitudeDeg(int nside, Ordering ordering, long pix) {
        return 90.0 - Math.toDegrees(theta(nside, ordering, pix));
    }

    /** The iso-latitude ring of pixel {@code pix}, 1-based from the north pole (1..4 nside - 1). */
    public static int ring(int nside, Ordering ordering, long pix) {
        checkPixel(nside, pix);
        if (ordering == Ordering.NESTED) {
            int order = Integer.numberOfTrailingZeros(nside);
            int face = (int) (pix >>> (2 * order));
            long ipf = pix & ((long) nside * nside - 1);
            return (int) (((long) JRLL[face] << order) - compactBits(ipf) - compactBits(ipf >>> 1) - 1);
        }
        long npix = 12L * nside * nside;
        long ncap = 2L * nside * (nside - 1);
        if (pix < ncap) {
            return (int) ((1 + isqrt(1 + 2 * pix)) >>> 1);
        } else if (pix < npix - ncap) {
            return (int) ((pix - ncap) / (4L * nside) + nside);
        }
        return (int) (4L * nside - ((1 + isqrt(2 * (npix - pix) - 1)) >>> 1));
    }

    /** Colatitude of ring {@code ring} (1-based from the north), with the same arithmetic as pix2ang. */
    private static double ringTheta(int nside, long ring) {
        long northRing = Math.min(ring, 4L * nside - ring);
        if (northRing < nside) {
            double tmp = northRing * northRing * (4.0 / (12.0 * nside * nside));
            double z = ring < nside ? 1.0 - tmp : tmp - 1.0;
            return theta(z, Math.abs(z) > 0.99 ? Math.sqrt(tmp * (2.0 - tmp)) : Double.NaN);
        }
        return Math.acos((2L * nside - ring) * fact1(nside));
    }

    /** theta from z = cos theta, using sin theta near the poles where acos loses precision. */
    private static double theta(double z, double sinTheta) {
        return Double.isNaN(sinTheta) ? Math.acos(z) : Math.atan2(sinTheta, z);
    }

    /** Writes z = cos theta and phi into loc[0..1]; returns sin theta near the poles, NaN elsewhere. */
    private static double locate(int nside, Ordering ordering, long pix, double[] loc) {
        checkPixel(nside, pix);
        return ordering == Ordering.RING ? ringLocation(nside, pix, loc) : nestLocation(nside, pix, loc);
    }

    /** {@link #locate} for a RING pixel: sin theta is computed without cancellation near the poles. */
    private static double ringLocation(int nside, long pix, double[] loc) {
        long npix = 12L * nside * nside;
        long ncap = 2L * nside * (nside - 1);
        double fact2 = 4.0 / npix;
        double sinTheta = Double.NaN;
        double z;
        double phi;
        if (pix < ncap) { // north polar cap
            long iring = (1 + isqrt(1 + 2 * pix)) >>> 1;
            long iphi = pix + 1 - 2 * iring * (iring - 1);
            double tmp = iring * iring * fact2;
            z = 1.0 - tmp;
            if (z > 0.99) {
                sinTheta = Math.sqrt(tmp * (2.0 - tmp));
            }
            phi = (iphi - 0.5) * HALF_PI / iring;
        } else if (pix < npix - ncap) { // equatorial belt
            long nl4 = 4L * nside;
            long tmp = pix - ncap;
            long iring = tmp / nl4 + nside;
            long iphi = tmp % nl4 + 1;
            double fodd = ((iring + nside) & 1) != 0 ? 1.0 : 0.5;
            z = (2L * nside - iring) * fact1(nside);
            phi = (iphi - fodd) * Math.PI * 0.75 * fact1(nside);
        } else { // south polar cap
            long ip = npix - pix;
            long iring = (1 + isqrt(2 * ip - 1)) >>> 1;
            long iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
            double tmp = iring * iring * fact2;
            z = tmp - 1.0;
            if (z < -0.99) {
                sinTheta = Math.sqrt(tmp * (2.0 - tmp));
            }
            phi = (iphi - 0.5) * HALF_PI / iring;
        }
        loc[0] = z;
        loc[1] = phi;
        return sinTheta;
    }

    /** {@link #locate} for a NESTED pixel. */
    private static double nestLocation(int nside, long pix, double[] loc) {
        int order = Integer.numberOfTrailingZeros(nside);
        long npface = (long) nside * nside;
        int face = (int) (pix >>> (2 * order));
        long ipf = pix & (npface - 1);
        long ix = compactBits(ipf);
        long iy = compactBits(ipf >>> 1);
        long jr = ((long) JRLL[face] << order) - ix - iy - 1;
        double fact2 = 4.0 / (12.0 * npface);
        double sinTheta = Double.NaN;
        double z;
        long nr;
        if (jr < nside) {
            nr = jr;
            double tmp = nr * nr * fact2;
            z = 1.0 - tmp;
            if (z > 0.99) {
                sinTheta = Math.sqrt(tmp * (2.0 - tmp));
            }
        } else if (jr > 3L * nside) {
            nr = 4L * nside - jr;
            double tmp = nr * nr * fact2;
            z = tmp - 1.0;
            if (z < -0.99) {
                sinTheta = Math.sqrt(tmp * (2.0 - tmp));
            }
        } else {
            nr = nside;
            z = (2L * nside - jr) * fact1(nside);
        }
        long tmp = JPLL[face] * nr + ix - iy;
        if (tmp < 0) {
            tmp += 8 * nr;
        }
        loc[0] = z;
        loc[1] = nr == nside ? 0.75 * HALF_PI * tmp * fact1(nside) : (0.5 * HALF_PI * tmp) / nr;
        return sinTheta;
    }

    // ---------------------------------------------------------------- position -> pixel

    /** The pixel containing direction (theta, phi), radians; theta must lie in [0, pi]. */
    public static long ang2pix(int nside, Ordering ordering, double theta, double phi) {
        Nside.check(nside);
        if (!(theta >= 0 && theta <= Math.PI) || !Double.isFinite(phi)) {
            throw new IllegalArgumentException("theta " + theta + " rad is outside [0, pi] or phi " + phi
                    + " is not finite: pass colatitude theta in radians");
        }
        boolean nearPole = theta < 0.01 || theta > 3.14159 - 0.01;
        return locationToPixel(nside, ordering, Math.cos(theta), phi, nearPole ? Math.sin(theta) : Double.NaN);
    }

    /** The pixel containing the direction of vector v (any non-zero length). */
    public static long vec2pix(int nside, Ordering ordering, double x, double y, double z) {
        Nside.check(nside);
        double length = Math.sqrt(x * x + y * y + z * z);
        if (!(length > 0) || !Double.isFinite(length)) {
            throw new IllegalArgumentException("vector (" + x + ", " + y + ", " + z + ") has no direction");
        }
        double phi = (x == 0.0 && y == 0.0) ? 0.0 : Math.atan2(y, x);
        double nz = z / length;
        double sinTheta = Math.abs(nz) > 0.99 ? Math.sqrt(x * x + y * y) / length : Double.NaN;
        return locationToPixel(nside, ordering, nz, phi, sinTheta);
    }

    /** The pixel containing the direction of {@code v[0..2]}. */
    public static long vec2pix(int nside, Ordering ordering, double[] v) {
        return vec2pix(nside, ordering, v[0], v[1], v[2]);
    }

    private static long locationToPixel(int nside, Ordering ordering, double z, double phi, double sinTheta) {
        double za = Math.abs(z);
        double tt = modulo(phi / HALF_PI, 4.0); // in [0, 4)
        if (ordering == Ordering.RING) {
            if (za <= TWO_THIRDS) { // equatorial belt
                long nl4 = 4L * nside;
                double temp1 = nside * (0.5 + tt);
                double temp2 = nside * z * 0.75;
                long jp = (long) (temp1 - temp2); // ascending edge line
                long jm = (long) (temp1 + temp2); // descending edge line
                long ir = nside + 1 + jp - jm; // ring counted from z = 2/3, in 1..2 nside + 1
                long kshift = 1 - (ir & 1);
                long t1 = jp + jm - nside + kshift + 1 + nl4 + nl4;
                long ip = (t1 >> 1) & (nl4 - 1);
                return 2L * nside * (nside - 1) + (ir - 1) * nl4 + ip;
            }
            double tp = tt - (long) tt;
            double tmp = capScale(nside, za, sinTheta);
            long jp = (long) (tp * tmp);
            long jm = (long) ((1.0 - tp) * tmp);
            long ir = jp + jm + 1; // ring counted from the nearer pole
            long ip = (long) (tt * ir);
            if (ip >= 4 * ir) {
                ip -= 4 * ir;
            }
            return z > 0 ? 2 * ir * (ir - 1) + ip : 12L * nside * nside - 2 * ir * (ir + 1) + ip;
        }
        int order = Integer.numberOfTrailingZeros(nside);
        if (za <= TWO_THIRDS) {
            double temp1 = nside * (0.5 + tt);
            double temp2 = nside * (z * 0.75);
            long jp = (long) (temp1 - temp2);
            long jm = (long) (temp1 + temp2);
            long ifp = jp >> order;
            long ifm = jm >> order;
            int face = (int) (ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
            long ix = jm & (nside - 1);
            long iy = nside - (jp & (nside - 1)) - 1;
            return xyf2nest(order, ix, iy, face);
        }
        int ntt = Math.min(3, (int) tt);
        double tp = tt - ntt;
        double tmp = capScale(nside, za, sinTheta);
        long jp = Math.min((long) (tp * tmp), nside - 1);
        long jm = Math.min((long) ((1.0 - tp) * tmp), nside - 1);
        return z >= 0 ? xyf2nest(order, nside - jm - 1, nside - jp - 1, ntt) : xyf2nest(order, jp, jm, ntt + 8);
    }

    /** nside sqrt(3 (1 - |z|)), from sin theta near the poles to avoid cancellation. */
    private static double capScale(int nside, double za, double sinTheta) {
        return (za < 0.99 || Double.isNaN(sinTheta))
                ? nside * Math.sqrt(3.0 * (1.0 - za))
                : nside * sinTheta / Math.sqrt((1.0 + za) / 3.0);
    }

    // ---------------------------------------------------------------- renumbering

    /** The NESTED index of RING pixel {@code pix}. */
    public static long ring2nest(int nside, long pix) {
        checkPixel(nside, pix);
        long xyf = ring2xyf(nside, pix);
        return xyf2nest(Integer.numberOfTrailingZeros(nside), xOf(xyf), yOf(xyf), faceOf(xyf));
    }

    /** The RING index of NESTED pixel {@code pix}. */
    public static long nest2ring(int nside, long pix) {
        checkPixel(nside, pix);
        long xyf = nest2xyf(nside, pix);
        return xyf2ring(nside, xOf(xyf), yOf(xyf), faceOf(xyf));
    }

    /**
     * Writes the 8 neighbours of pixel {@code pix} into {@code out[0..7]} in healpy's order (SW, W, NW, N,
     * NE, E, SE, S), -1 where a pixel has only 7 neighbours (healpy {@code get_all_neighbours}).
     */
    public static void neighbours(int nside, Ordering ordering, long pix, long[] out) {
        checkPixel(nside, pix);
        int order = Integer.numberOfTrailingZeros(nside);
        long xyf = ordering == Ordering.RING ? ring2xyf(nside, pix) : nest2xyf(nside, pix);
        int ix = (int) xOf(xyf);
        int iy = (int) yOf(xyf);
        int face = faceOf(xyf);
        boolean interior = ix > 0 && ix < nside - 1 && iy > 0 && iy < nside - 1;
        for (int i = 0; i < 8; i++) {
            int x = ix + NB_XOFFSET[i];
            int y = iy + NB_YOFFSET[i];
            int f = face;
            if (!interior) { // the neighbour may lie on another base face, with its axes turned
                int nb = 4;
                if (x < 0) {
                    x += nside;
                    nb -= 1;
                } else if (x >= nside) {
                    x -= nside;
                    nb += 1;
                }
                if (y < 0) {
                    y += nside;
                    nb -= 3;
                } else if (y >= nside) {
                    y -= nside;
                    nb += 3;
                }
                f = NB_FACE[nb][face];
                if (f < 0) {
                    out[i] = -1;
                    continue;
                }
                int bits = NB_SWAP[nb][face >> 2];
                if ((bits & 1) != 0) {
                    x = nside - x - 1;
                }
                if ((bits & 2) != 0) {
                    y = nside - y - 1;
                }
                if ((bits & 4) != 0) {
                    int t = x;
                    x = y;
                    y = t;
                }
            }
            out[i] = ordering == Ordering.RING ? xyf2ring(nside, x, y, f) : xyf2nest(order, x, y, f);
        }
    }

    // (face, ix, iy) packed in a long: face above bit 40, ix in bits 20..39, iy in bits 0..19

    private static long packXyf(long ix, long iy, int face) {
        return ((long) face << 40) | (ix << 20) | iy;
    }

    private static long xOf(long xyf) {
        return (xyf >>> 20) & 0xFFFFF;
    }

    private static long yOf(long xyf) {
        return xyf & 0xFFFFF;
    }

    private static int faceOf(long xyf) {
        return (int) (xyf >>> 40);
    }

    private static long nest2xyf(int nside, long pix) {
        int order = Integer.numberOfTrailingZeros(nside);
        long ipf = pix & ((long) nside * nside - 1);
        return packXyf(compactBits(ipf), compactBits(ipf >>> 1), (int) (pix >>> (2 * order)));
    }

    private static long ring2xyf(int nside, long pix) {
        int order = Integer.numberOfTrailingZeros(nside);
        long npix = 12L * nside * nside;
        long ncap = 2L * nside * (nside - 1);
        long nl2 = 2L * nside;
        long iring;
        long iphi;
        long kshift;
        long nr;
        int face;
        if (pix < ncap) { // north polar cap
            iring = (1 + isqrt(1 + 2 * pix)) >>> 1;
            iphi = pix + 1 - 2 * iring * (iring - 1);
            kshift = 0;
            nr = iring;
            face = (int) ((iphi - 1) / nr);
        } else if (pix < npix - ncap) { // equatorial belt
            long ip = pix - ncap;
            long tmp = ip >> (order + 2);
            iring = tmp + nside;
            iphi = ip - tmp * 4 * nside + 1;
            kshift = (iring + nside) & 1;
            nr = nside;
            long ire = tmp + 1;
            long irm = nl2 + 1 - tmp;
            long ifm = (iphi - (ire >> 1) + nside - 1) >> order;
            long ifp = (iphi - (irm >> 1) + nside - 1) >> order;
            face = (int) (ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
        } else { // south polar cap
            long ip = npix - pix;
            iring = (1 + isqrt(2 * ip - 1)) >>> 1;
            iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
            kshift = 0;
            nr = iring;
            iring = 2 * nl2 - iring;
            face = (int) ((iphi - 1) / nr) + 8;
        }
        long irt = iring - ((2L + (face >> 2)) * nside) + 1;
        long ipt = 2 * iphi - JPLL[face] * nr - kshift - 1;
        if (ipt >= nl2) {
            ipt -= 8L * nside;
        }
        return packXyf((ipt - irt) >> 1, (-ipt - irt) >> 1, face);
    }

    private static long xyf2ring(int nside, long ix, long iy, int face) {
        long nl4 = 4L * nside;
        long jr = ((long) JRLL[face] * nside) - ix - iy - 1; // ring number, 1-based from the north
        long nr;
        long startPixel;
        boolean shifted;
        if (jr < nside) {
            nr = jr;
            startPixel = 2 * jr * (jr - 1);
            shifted = true;
        } else if (jr < 3L * nside) {
            nr = nside;
            startPixel = 2L * nside * (nside - 1) + (jr - nside) * nl4;
            shifted = ((jr - nside) & 1) == 0;
        } else {
            nr = nl4 - jr;
            startPixel = 12L * nside * nside - 2 * nr * (nr + 1);
            shifted = true;
        }
        long kshift = shifted ? 0 : 1;
        long jp = (JPLL[face] * nr + ix - iy + 1 + kshift) / 2;
        if (jp > nl4) {
            jp -= nl4;
        } else if (jp < 1) {
            jp += nl4;
        }
        return startPixel + jp - 1;
    }

    /** Converts a pixel index between schemes (identity when they are the same). */
    public static long convert(int nside, long pix, Ordering from, Ordering to) {
        if (from == to) {
            checkPixel(nside, pix);
            return pix;
        }
        return from == Ordering.RING ? ring2nest(nside, pix) : nest2ring(nside, pix);
    }

    /**
     * The pixel at the coarser {@code nsideOut} that contains pixel {@code pix} at {@code nside}, both in
     * the same ordering: the NESTED parent is pix >> 2 log2(nside / nsideOut).
     */
    public static long parent(int nside, Ordering ordering, long pix, int nsideOut) {
        Nside.check(nsideOut);
        if (nsideOut > nside) {
            throw new IllegalArgumentException("parent nside " + nsideOut + " is finer than the map's nside "
                    + nside + ": pass nsideOut <= nside");
        }
        int shift = 2 * (Integer.numberOfTrailingZeros(nside) - Integer.numberOfTrailingZeros(nsideOut));
        if (ordering == Ordering.NESTED) {
            checkPixel(nside, pix);
            return pix >>> shift;
        }
        return nest2ring(nsideOut, ring2nest(nside, pix) >>> shift);
    }

    /** A new array holding a full-sky map reordered from one scheme to the other. */
    public static double[] reorder(double[] map, Ordering from, Ordering to) {
        int nside = Nside.fromNpix(map.length);
        double[] out = new double[map.length];
        if (from == to) {
            System.arraycopy(map, 0, out, 0, map.length);
            return out;
        }
        for (int p = 0; p < map.length; p++) {
            out[(int) convert(nside, p, from, to)] = map[p];
        }
        return out;
    }

    /** As {@link #reorder(double[], Ordering, Ordering)} for an integer (label) map. */
    public static int[] reorder(int[] map, Ordering from, Ordering to) {
        int nside = Nside.fromNpix(map.length);
        int[] out = new int[map.length];
        if (from == to) {
            System.arraycopy(map, 0, out, 0, map.length);
            return out;
        }
        for (int p = 0; p < map.length; p++) {
            out[(int) convert(nside, p, from, to)] = map[p];
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** 2 nside * 4 / npix = 2 / (3 nside), computed as HEALPix C++ does so that results match bitwise. */
    private static double fact1(int nside) {
        return 2.0 * nside * (4.0 / (12.0 * nside * nside));
    }

    private static void checkPixel(int nside, long pix) {
        Nside.check(nside);
        if (pix < 0 || pix >= 12L * nside * nside) {
            throw new IllegalArgumentException("pixel " + pix + " is outside 0.." + (12L * nside * nside - 1)
                    + " for nside " + nside);
        }
    }

    private static long xyf2nest(int order, long ix, long iy, int face) {
        return ((long) face << (2 * order)) + spreadBits(ix) + (spreadBits(iy) << 1);
    }

    /** Interleaves zeros between the low 32 bits of v: bit i goes to bit 2i. */
    private static long spreadBits(long v) {
        long x = v & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        return x;
    }

    /** Inverse of {@link #spreadBits}: collects the even bits of v. */
    private static long compactBits(long v) {
        long x = v & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        return x;
    }

    /** Floor of the square root of a non-negative long, exact. */
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

    /** v mod m in [0, m), as HEALPix C++'s fmodulo. */
    private static double modulo(double v, double m) {
        if (v >= 0) {
            return v < m ? v : v % m;
        }
        double r = v % m + m;
        return r == m ? 0.0 : r;
    }
}
