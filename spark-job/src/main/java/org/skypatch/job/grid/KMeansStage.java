package org.skypatch.job.grid;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.skypatch.job.fit.ZoneClusters;
import org.skypatch.job.sky.SkyInputSource;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.WorkUnit;
import scala.Tuple2;

/**
 * The K-means cluster maps that a grid's units need, one Spark task per (zone, cluster count), before
 * the fits start. Each map is computed once on the whole cluster and reaches every executor by
 * broadcast, where every executor would otherwise compute each map it meets (about 1 s each at nside 64).
 */
final class KMeansStage {
    private KMeansStage() {
    }

    /** A zone and a cluster count, ordered so that the stage's tasks are the same in every run. */
    record ZoneCount(String zone, int count) implements Serializable, Comparable<ZoneCount> {
        @Override
        public int compareTo(ZoneCount o) {
            int byZone = zone.compareTo(o.zone);
            return byZone != 0 ? byZone : Integer.compare(o.count, count);
        }
    }

    /** {@link ZoneClusters#key} to labels, for every K-means count of the units. */
    static Map<String, int[]> run(JavaSparkContext jsc, List<WorkUnit> units, SkyInputSource sky, long seed) {
        TreeSet<ZoneCount> needed = new TreeSet<>();
        for (WorkUnit u : units) {
            for (int k : u.configuration().kmeansCounts()) {
                needed.add(new ZoneCount(u.zone(), k));
            }
        }
        if (needed.isEmpty()) {
            return Map.of();
        }
        List<ZoneCount> tasks = List.copyOf(needed);
        return new HashMap<>(jsc.parallelize(tasks, tasks.size()).mapToPair(zc -> {
            SkyInputs inputs = sky.get();
            ZoneData zone = inputs.zone(zc.zone());
            return new Tuple2<>(ZoneClusters.key(inputs.nside(), zone, Configuration.Method.KMEANS, zc.count(), seed),
                    ZoneClusters.kmeans(inputs.nside(), zone, zc.count(), seed));
        }).collectAsMap());
    }
}
