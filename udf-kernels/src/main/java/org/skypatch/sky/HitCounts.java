package org.skypatch.sky;

/**
 * Noise shaped by a hit-count map: per pixel the Q and U noise sigma is the nominal one times
 * sqrt(mean hits / hits), the mean taken over the map's observed pixels (hits > 0; UNSEEN is negative),
 * so that the nominal depth is the depth at mean coverage.
 */
public final class HitCounts {
    private HitCounts() {
    }

    /**
     * Per pixel of {@code pixels}, sigma / nominal sigma.
     *
     * @param hits the full-sky hit counts (RING)
     * @param pixels the RING pixels wanted
     * @throws IllegalArgumentException naming the first wanted pixel without hits
     */
    public static double[] noiseScale(double[] hits, int[] pixels) {
        double sum = 0;
        long n = 0;
        for (double h : hits) {
            if (h > 0 && Double.isFinite(h)) {
                sum += h;
                n++;
            }
        }
        double mean = sum / n;
        double[] scale = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            double h = hits[pixels[i]];
            if (!(h > 0) || !Double.isFinite(h)) {
                throw new IllegalArgumentException("pixel " + pixels[i] + " has " + h
                        + " hits: every pixel fitted needs hits > 0 (use a map that covers them, or mask them out)");
            }
            scale[i] = Math.sqrt(mean / h);
        }
        return scale;
    }
}
