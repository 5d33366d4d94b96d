package org.skypatch.sky;

/** Cheap stand-ins for the harmonic synthesis and the clustering, for tests of the sky's plumbing. */
final class TestSkies {
    private TestSkies() {
    }

    /** Per-pixel N(0,1) maps keyed by the seed: the same seed gives the same maps, as synfast must. */
    static double[][] whiteMaps(int nside, long seed) {
        double[][] tqu = new double[3][12 * nside * nside];
        for (int s = 0; s < 3; s++) {
            WhiteNoise.fillRange(seed, 0, 0, s, 0, 1, tqu[s]);
        }
        return tqu;
    }

    /** k clusters as contiguous runs of the region's pixels. */
    static final SkyClustering RUNS = (nside, pixels, k, seed) -> {
        int[] labels = new int[pixels.length];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = (int) ((long) p * k / labels.length);
        }
        return labels;
    };

    /** A sky simulated with white-noise fields. */
    static SimulatedSky white(SkyOptions options) {
        return new SkySimulator((spectra, nside, lmax, seed) -> whiteMaps(nside, seed), RUNS).simulate(options);
    }
}
