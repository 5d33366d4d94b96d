package org.skypatch.sphere;

/**
 * The iso-latitude rings of a HEALPix RING map: what the harmonic transforms need and nothing
 * about pixel numbering. Ring r holds {@code pixelCount[r]} pixels starting at map index
 * {@code firstPixel[r]}, at colatitude {@code theta[r]} (radians), the first pixel centred at
 * longitude {@code phi0[r]} (radians) and the others equally spaced by 2 pi / pixelCount[r].
 */
public record RingTable(int nside, long[] firstPixel, int[] pixelCount, double[] theta,
                        double[] cosTheta, double[] sinTheta, double[] phi0) {

    public int ringCount() {
        return theta.length;
    }

    /** The ring table of a HEALPix map of this nside, rings ordered from north to south. */
    public static RingTable healpix(int nside) {
        Nside.check(nside);
        int rings = 4 * nside - 1;
        long[] first = new long[rings];
        int[] count = new int[rings];
        double[] theta = new double[rings];
        double[] cos = new double[rings];
        double[] sin = new double[rings];
        double[] phi0 = new double[rings];
        long npix = 12L * nside * nside;
        long ncap = 2L * nside * (nside - 1);
        double nside3sq = 3.0 * nside * nside;
        for (int r = 0; r < rings; r++) {
            int i = r + 1; // HEALPix ring number, 1-based from the north pole
            int northRing = Math.min(i, 4 * nside - i);
            double z;
            double sinT;
            if (northRing < nside) { // polar caps: z and sin(theta) without cancellation
                double tmp = northRing * northRing / nside3sq;
                z = i < nside ? 1 - tmp : tmp - 1;
                sinT = Math.sqrt(tmp * (2 - tmp));
                count[r] = 4 * northRing;
                phi0[r] = Math.PI / (4.0 * northRing);
                first[r] = i < nside ? 2L * i * (i - 1) : npix - 2L * northRing * (northRing + 1);
            } else {
                z = (2.0 * nside - i) * 2.0 / (3.0 * nside); // 4/3 - 2i/(3 nside)
                sinT = Math.sqrt((1 - z) * (1 + z));
                count[r] = 4 * nside;
                boolean shifted = ((i - nside) & 1) == 0;
                phi0[r] = shifted ? Math.PI / (4.0 * nside) : 0.0;
                first[r] = ncap + (long) (i - nside) * 4 * nside;
            }
            cos[r] = z;
            sin[r] = sinT;
            theta[r] = Math.atan2(sinT, z);
        }
        return new RingTable(nside, first, count, theta, cos, sin, phi0);
    }
}
