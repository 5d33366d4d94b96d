package org.skypatch.sky;

import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.RingTable;

/**
 * Gaussian smoothing of a full-sky RING map in pixel space: each output pixel is the
 * weight-normalised mean of the input pixels within 3 sigma, with the spherical Gaussian (Fisher)
 * kernel exp((cos(angle) - 1) / sigma^2), which is exp(-angle^2 / 2 sigma^2) to O(angle^4) and
 * needs no inverse cosine.
 * Normalising by the weights keeps a constant map constant and lets missing pixels (NaN,
 * infinite, healpy UNSEEN) drop out. Used to rank foreground brightness for Galactic masks, where a
 * positive-definite kernel matters more than a band-limited one.
 */
public final class PixelSmoothing {
    private PixelSmoothing() {
    }

    /** The map smoothed by a Gaussian of the given FWHM, degrees. Pixels with no valid neighbour are NaN. */
    public static double[] gaussian(double[] map, double fwhmDeg) {
        int nside = Nside.fromNpix(map.length);
        if (!(fwhmDeg > 0) || !Double.isFinite(fwhmDeg)) {
            throw new IllegalArgumentException("smoothing FWHM " + fwhmDeg + " deg must be a positive number");
        }
        double sigma = Math.toRadians(fwhmDeg) / Math.sqrt(8 * Math.log(2));
        double radius = Math.min(Math.PI, 3 * sigma);
        double cosRadius = Math.cos(radius);
        double kappa = 1 / (sigma * sigma);
        RingTable rings = RingTable.healpix(nside);
        int nRings = rings.ringCount();
        double[] out = new double[map.length];
        for (int r = 0; r < nRings; r++) {
            double th = rings.theta()[r];
            double z = rings.cosTheta()[r];
            double st = rings.sinTheta()[r];
            int n = rings.pixelCount()[r];
            for (int j = 0; j < n; j++) {
                double phi = rings.phi0()[r] + 2 * Math.PI * j / n;
                double sum = 0;
                double wsum = 0;
                int r2First = r;
                while (r2First > 0 && th - rings.theta()[r2First - 1] <= radius) {
                    r2First--;
                }
                for (int r2 = r2First; r2 < nRings && rings.theta()[r2] - th <= radius; r2++) {
                    double z2 = rings.cosTheta()[r2];
                    double st2 = rings.sinTheta()[r2];
                    int n2 = rings.pixelCount()[r2];
                    long first2 = rings.firstPixel()[r2];
                    // half-width in longitude of the cap on ring r2: cos R = z z2 + st st2 cos(dphi)
                    double denom = st * st2;
                    double c = denom > 0 ? (cosRadius - z * z2) / denom : -1;
                    double dphi = c <= -1 ? Math.PI : Math.acos(Math.min(1, c));
                    int lo = (int) Math.ceil((phi - dphi - rings.phi0()[r2]) * n2 / (2 * Math.PI));
                    int hi = (int) Math.floor((phi + dphi - rings.phi0()[r2]) * n2 / (2 * Math.PI));
                    if (hi - lo + 1 > n2) {
                        lo = 0;
                        hi = n2 - 1;
                    }
                    for (int k = lo; k <= hi; k++) {
                        int j2 = Math.floorMod(k, n2);
                        double v = map[(int) (first2 + j2)];
                        if (Healpix.isUnseen(v)) {
                            continue;
                        }
                        double phi2 = rings.phi0()[r2] + 2 * Math.PI * j2 / n2;
                        double cosAngle = z * z2 + st * st2 * Math.cos(phi - phi2);
                        double w = Math.exp((cosAngle - 1) * kappa);
                        sum += w * v;
                        wsum += w;
                    }
                }
                out[(int) (rings.firstPixel()[r] + j)] = wsum > 0 ? sum / wsum : Double.NaN;
            }
        }
        return out;
    }
}
