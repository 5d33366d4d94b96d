package org.skypatch.job.fit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.sky.WhiteNoise;

/**
 * A zone's signal plus noise realization r, [band][stokes][zone pixel] in uK_CMB: the data of every fit of
 * that zone and realization, whatever its configuration. Drawing the noise costs about a tenth of a fit
 * and a study fits each (zone, realization) of a K-means zone once per configuration, hundreds of times,
 * so each executor JVM keeps what it drew, up to {@link #HEAP_SHARE} of its heap. A draw is kept when it
 * is asked for the second time: the whole-mask zones of the multi-resolution baselines, one configuration
 * each and scheduled first (they cost most), would otherwise fill the budget with data nobody asks for
 * again. Nothing is evicted: the keys are the study's zones x realizations, reused to its end, and
 * evicting under the plan's order (by cost, across zones) would only thrash; past the budget the data are
 * drawn anew each time. The values are those a fresh draw gives, so caching changes no result. The arrays
 * are shared: never write into them.
 */
public final class NoisyData {
    /**
     * Share of the JVM's maximum heap the cache may hold: a quarter, so 1 GB of the default 4 GB executor, which
     * holds conf/paper.yaml's six zones x 100 realizations (0.7 GB). Units used to allocate their batch's data
     * each (50 realizations of up to 3.5 MB per task), which the shared arrays now save.
     */
    static final double HEAP_SHARE = 0.25;
    private static final Map<Key, double[][][]> CACHE = new ConcurrentHashMap<>();
    /** Keys asked for once (and not kept yet). */
    private static final Set<Key> SEEN = ConcurrentHashMap.newKeySet();
    private static final AtomicLong BYTES = new AtomicLong();
    /** The sky whose data the cache holds: another one (an executor sees one instance per study) empties it. */
    private static SkyInputs owner;
    private static volatile long budget = (long) (HEAP_SHARE * Runtime.getRuntime().maxMemory());

    private NoisyData() {
    }

    /** A draw's key: the sky instance (by identity: comparing skies by content would cost more than a draw), zone, r. */
    private record Key(Identity sky, String zone, int realization) {
    }

    private record Identity(SkyInputs sky) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity i && i.sky == sky;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(sky);
        }
    }

    /** The data of realization r of the zone (shared, read-only). */
    public static double[][][] of(SkyInputs sky, ZoneData zone, int realization) {
        synchronized (NoisyData.class) {
            if (owner != sky) {
                CACHE.clear();
                SEEN.clear();
                BYTES.set(0);
                owner = sky;
            }
        }
        Key key = new Key(new Identity(sky), zone.name(), realization);
        double[][][] cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        double[][][] data = draw(sky, zone, realization);
        if (SEEN.add(key)) {
            return data;
        }
        long bytes = 16L * sky.frequenciesGHz().length * zone.pixels().length;
        if (BYTES.addAndGet(bytes) <= budget) {
            double[][][] raced = CACHE.putIfAbsent(key, data);
            if (raced != null) {
                BYTES.addAndGet(-bytes);
                return raced;
            }
        } else {
            BYTES.addAndGet(-bytes);
        }
        return data;
    }

    /** Bytes the cache holds. */
    static long cachedBytes() {
        return BYTES.get();
    }

    /** Sets the cache's budget (tests); returns the previous one. */
    static synchronized long budget(long bytes) {
        long old = budget;
        budget = bytes;
        return old;
    }

    /** A fresh draw: signal plus noise realization r (scaled per pixel where the zone has a noise scale). */
    static double[][][] draw(SkyInputs sky, ZoneData zone, int realization) {
        int[] pixels = zone.pixels();
        double[][][] out = new double[sky.frequenciesGHz().length][2][pixels.length];
        double[] scale = zone.noiseScale();
        for (int b = 0; b < out.length; b++) {
            double sigma = sky.sigma()[b] * sky.noiseRatio();
            for (int s = 0; s < 2; s++) {
                double[] o = out[b][s];
                WhiteNoise.fill(sky.noiseSeed(), realization, b, s, pixels, sigma, o);
                double[] signal = zone.signal()[b][s];
                for (int p = 0; p < pixels.length; p++) {
                    o[p] = (scale == null ? o[p] : o[p] * scale[p]) + signal[p];
                }
            }
        }
        return out;
    }
}
