package org.skypatch.job.fit;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.skypatch.cluster.MultiResolutionPatches;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.job.study.Configuration;

/**
 * The three cluster maps (beta_d, T_d, beta_s) of a configuration in a zone, labels 0..K-1 per zone
 * pixel. Cached per executor JVM: every batch of a configuration, and every configuration sharing a
 * cluster count, reuses them. K-means of one count does not depend on the other two parameters'
 * counts, so the cache is keyed per (zone pixels, method, count, seed).
 */
public final class ZoneClusters {
    private static final Map<String, int[]> CACHE = new ConcurrentHashMap<>();

    private ZoneClusters() {
    }

    /** [beta_d, T_d, beta_s][zone pixel] labels. */
    public static int[][] of(int nside, ZoneData zone, Configuration c, long seed) {
        return new int[][] {
            labels(nside, zone, c.method(), c.betaDust(), seed),
            labels(nside, zone, c.method(), c.tempDust(), seed),
            labels(nside, zone, c.method(), c.betaSync(), seed)};
    }

    /** Labels computed elsewhere (by {@link #key}), added to this JVM's cache; those already there are kept. */
    public static void preload(Map<String, int[]> labels) {
        labels.forEach(CACHE::putIfAbsent);
    }

    /** The cache key of a cluster map; the pixels' hash keeps same-named zones of different skies apart. */
    public static String key(int nside, ZoneData zone, Configuration.Method method, int count, long seed) {
        return nside + "/" + zone.name() + "/" + zone.pixels().length + "/" + Arrays.hashCode(zone.pixels())
                + "/" + method + "/" + count + "/" + seed;
    }

    /** The K-means labels of the zone for this count, computed once per JVM. */
    public static int[] kmeans(int nside, ZoneData zone, int count, long seed) {
        return labels(nside, zone, Configuration.Method.KMEANS, count, seed);
    }

    private static int[] labels(int nside, ZoneData zone, Configuration.Method method, int count, long seed) {
        return CACHE.computeIfAbsent(key(nside, zone, method, count, seed), k -> switch (method) {
            case SINGLE -> new int[zone.pixels().length];
            case MULTIRES -> MultiResolutionPatches.labels(nside, zone.pixels(), count);
            case KMEANS -> SphericalKMeans.cluster(nside, zone.pixels(), count, seed);
        });
    }
}
