package org.skypatch.sky;

/**
 * Reproducible white noise without stored maps. The Gaussian deviate of (study seed, realization,
 * band, Stokes, full-sky pixel) is a pure function of that tuple: the tuple is hashed with a chain
 * of SplitMix64 finalizers (one full 64-bit avalanche per field, so neighbouring counters are
 * unrelated), two more finalizers give two 53-bit uniforms, and Box-Muller turns them into one
 * N(0,1) deviate. Every zone, configuration, executor, chunking and retry therefore sees the same
 * noise in the same pixel.
 *
 * <p>An instance binds a seed, per-band sigmas (K_CMB per pixel, per Q or U) and the study's
 * {@code noise_ratio}, which scales every sigma (0 switches noise off, 1 is the instrument's depth).
 */
public final class WhiteNoise {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double TWO_POW_M53 = 0x1.0p-53;
    private static final double TWO_PI = 2 * Math.PI;

    private final long seed;
    private final double[] sigma;

    /**
     * @param seed       the study's noise seed
     * @param sigma      per-band sigma per pixel, K_CMB (e.g. {@link Instrument#sigmaPerPixel(int)})
     * @param noiseRatio scale applied to every sigma, >= 0
     */
    public WhiteNoise(long seed, double[] sigma, double noiseRatio) {
        if (!(noiseRatio >= 0) || !Double.isFinite(noiseRatio)) {
            throw new IllegalArgumentException("noise_ratio " + noiseRatio + " must be a finite number >= 0");
        }
        this.seed = seed;
        this.sigma = new double[sigma.length];
        for (int b = 0; b < sigma.length; b++) {
            this.sigma[b] = sigma[b] * noiseRatio;
        }
    }

    /** Sigma per pixel of band b after the noise_ratio scale, K_CMB. */
    public double sigma(int band) {
        return sigma[band];
    }

    public long seed() {
        return seed;
    }

    /** Adds noise realization r of (band, stokes) to the values of the given full-sky pixels. */
    public void add(int realization, int band, int stokes, int[] pixels, double[] values) {
        double s = sigma[band];
        long key = key(seed, realization, band, stokes);
        for (int i = 0; i < pixels.length; i++) {
            values[i] += s * gaussian(key, pixels[i]);
        }
    }

    /** Adds noise realization r of (band, stokes) to a full-sky map (pixel i of the array is RING pixel i). */
    public void addToMap(int realization, int band, int stokes, double[] map) {
        double s = sigma[band];
        long key = key(seed, realization, band, stokes);
        for (int i = 0; i < map.length; i++) {
            map[i] += s * gaussian(key, i);
        }
    }

    /** N(0,1) deviate of the tuple. */
    public static double gaussian(long seed, int realization, int band, int stokes, long pixel) {
        return gaussian(key(seed, realization, band, stokes), pixel);
    }

    /** Writes sigma times the deviates of the given pixels into out[0..pixels.length). */
    public static void fill(long seed, int realization, int band, int stokes, int[] pixels, double sigma, double[] out) {
        long key = key(seed, realization, band, stokes);
        for (int i = 0; i < pixels.length; i++) {
            out[i] = sigma * gaussian(key, pixels[i]);
        }
    }

    /** Writes sigma times the deviates of the given pixels into out[0..pixels.length). */
    public static void fill(long seed, int realization, int band, int stokes, long[] pixels, double sigma, double[] out) {
        long key = key(seed, realization, band, stokes);
        for (int i = 0; i < pixels.length; i++) {
            out[i] = sigma * gaussian(key, pixels[i]);
        }
    }

    /** Writes sigma times the deviates of pixels first..first+out.length-1 into out (a full map when first = 0). */
    public static void fillRange(long seed, int realization, int band, int stokes, long first, double sigma, double[] out) {
        long key = key(seed, realization, band, stokes);
        for (int i = 0; i < out.length; i++) {
            out[i] = sigma * gaussian(key, first + i);
        }
    }

    /** The hash of everything but the pixel, shared by a whole map. */
    private static long key(long seed, int realization, int band, int stokes) {
        if (realization < 0 || band < 0 || stokes < 0) {
            throw new IllegalArgumentException("noise realization " + realization + ", band " + band + ", stokes " + stokes
                    + ": all must be >= 0");
        }
        long h = mix(seed + GOLDEN);
        h = mix(h + GOLDEN * (1 + (long) realization));
        h = mix(h + GOLDEN * (1 + (long) band));
        return mix(h + GOLDEN * (1 + (long) stokes));
    }

    private static double gaussian(long key, long pixel) {
        long h = mix(key + GOLDEN * (1 + pixel));
        double u1 = ((mix(h + GOLDEN) >>> 11) + 1) * TWO_POW_M53; // (0, 1]: the log stays finite
        double u2 = (mix(h + 2 * GOLDEN) >>> 11) * TWO_POW_M53;   // [0, 1)
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
    }

    /** SplitMix64's finalizer (Stafford's mix 13): a bijection of 64-bit words with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
