package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WhiteNoiseTest {
    private static final long SEED = 20250817L;
    private static final int N = 1 << 20;

    @Test
    void sameValuesWhateverTheChunkingAndThreads() throws Exception {
        double[] whole = new double[N];
        WhiteNoise.fillRange(SEED, 3, 7, 1, 0, 2.5, whole);
        // odd chunk sizes, pixel lists in reverse order, and 4 threads
        double[] chunked = new double[N];
        for (int start = 0; start < N; start += 977) {
            double[] part = new double[Math.min(977, N - start)];
            WhiteNoise.fillRange(SEED, 3, 7, 1, start, 2.5, part);
            System.arraycopy(part, 0, chunked, start, part.length);
        }
        assertArrayEquals(whole, chunked, 0);
        int[] reversed = IntStream.range(0, N).map(i -> N - 1 - i).toArray();
        double[] rev = new double[N];
        WhiteNoise.fill(SEED, 3, 7, 1, reversed, 2.5, rev);
        long[] asLong = IntStream.range(0, N).asLongStream().toArray();
        double[] viaLong = new double[N];
        WhiteNoise.fill(SEED, 3, 7, 1, asLong, 2.5, viaLong);
        double[] threaded = new double[N];
        new ForkJoinPool(4).submit(() -> IntStream.range(0, N).parallel()
                .forEach(p -> threaded[p] = 2.5 * WhiteNoise.gaussian(SEED, 3, 7, 1, p))).get();
        for (int p = 0; p < N; p++) {
            assertEquals(whole[p], rev[N - 1 - p], 0);
        }
        assertArrayEquals(whole, viaLong, 0);
        assertArrayEquals(whole, threaded, 0);
    }

    @Test
    void instanceScalesByNoiseRatioAndAdds() {
        double[] sigma = {2e-7, 5e-7};
        WhiteNoise noise = new WhiteNoise(SEED, sigma, 0.5);
        assertEquals(2.5e-7, noise.sigma(1), 0);
        int[] pix = {5, 100, 49151};
        double[] values = {1, 2, 3};
        noise.add(2, 1, 0, pix, values);
        for (int i = 0; i < pix.length; i++) {
            assertEquals(i + 1 + 2.5e-7 * WhiteNoise.gaussian(SEED, 2, 1, 0, pix[i]), values[i], 0);
        }
        assertThrows(IllegalArgumentException.class, () -> new WhiteNoise(SEED, sigma, -1));
        assertThrows(IllegalArgumentException.class, () -> WhiteNoise.gaussian(SEED, -1, 0, 0, 0));
    }

    /** Mean, variance and tails of 2^20 deviates, each within 5 standard errors of N(0,1)'s. */
    @Test
    void standardNormalMoments() {
        double[] x = new double[N];
        WhiteNoise.fillRange(SEED, 0, 0, 0, 0, 1, x);
        double mean = 0;
        double m2 = 0;
        double m4 = 0;
        int beyond2 = 0;
        for (double v : x) {
            mean += v;
            m2 += v * v;
            m4 += v * v * v * v;
            beyond2 += Math.abs(v) > 2 ? 1 : 0;
        }
        mean /= N;
        m2 /= N;
        m4 /= N;
        assertEquals(0, mean, 5 / Math.sqrt(N));
        assertEquals(1, m2, 5 * Math.sqrt(2.0 / N));
        assertEquals(3, m4, 5 * Math.sqrt(96.0 / N)); // var(x^4) = 105 - 9
        double p2 = 0.04550026389635842; // P(|x| > 2)
        assertEquals(p2, beyond2 / (double) N, 5 * Math.sqrt(p2 * (1 - p2) / N));
    }

    /** Correlation between neighbouring counters of every field: |rho| < 5 / sqrt(N) (5 sigma under independence). */
    @Test
    void neighbouringCountersAreUncorrelated() {
        double[] base = new double[N];
        WhiteNoise.fillRange(SEED, 4, 2, 0, 0, 1, base);
        double[][] others = new double[5][N];
        WhiteNoise.fillRange(SEED, 4, 2, 0, 1, 1, others[0]);     // next pixel
        WhiteNoise.fillRange(SEED, 5, 2, 0, 0, 1, others[1]);     // next realization
        WhiteNoise.fillRange(SEED, 4, 3, 0, 0, 1, others[2]);     // next band
        WhiteNoise.fillRange(SEED, 4, 2, 1, 0, 1, others[3]);     // Q vs U
        WhiteNoise.fillRange(SEED + 1, 4, 2, 0, 0, 1, others[4]); // next seed
        for (double[] o : others) {
            double c = 0;
            for (int p = 0; p < N; p++) {
                c += base[p] * o[p];
            }
            assertEquals(0, c / N, 5 / Math.sqrt(N));
        }
        // realizations 0..63 of one pixel across 16384 pixels: mean of squares of their mean ~ 1/64
        int reals = 64;
        int pixels = 16384;
        double sumSq = 0;
        for (int p = 0; p < pixels; p++) {
            double m = 0;
            for (int r = 0; r < reals; r++) {
                m += WhiteNoise.gaussian(SEED, r, 0, 0, p);
            }
            m /= reals;
            sumSq += m * m;
        }
        assertEquals(1.0 / reals, sumSq / pixels, 5 * Math.sqrt(2.0 / pixels) / reals);
    }
}
