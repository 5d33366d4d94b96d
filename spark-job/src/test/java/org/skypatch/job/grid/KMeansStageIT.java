package org.skypatch.job.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.job.TestSkies;
import org.skypatch.job.cli.SparkSessions;
import org.skypatch.job.fit.ZoneClusters;
import org.skypatch.job.run.StudyRunner;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;
import org.skypatch.job.study.WorkUnit;
import org.skypatch.sky.Zone;

class KMeansStageIT {
    @Test
    void everyZoneAndKMeansCountOfTheGridIsClusteredOnceAsTheTasksWouldCluster() throws IOException {
        var spark = SparkSessions.forTests();
        Study study;
        try (InputStream in = getClass().getResourceAsStream("/studies/tiny.yaml")) {
            study = StudyLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "tiny.yaml");
        }
        StudyRunner.PreparedSky sky = new StudyRunner(spark, TestSkies.skyBuilder(), "test").prepare(study);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Zone z : sky.zones()) {
            sizes.put(z.name(), z.size());
        }
        WorkPlan plan = WorkPlan.of(study, sizes);
        Map<String, int[]> labels = KMeansStage.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), plan.units(),
                sky.source(), study.clusteringSeed());

        SkyInputs inputs = sky.inputs();
        Set<String> expected = new TreeSet<>();
        for (WorkUnit u : plan.units()) {
            Configuration c = u.configuration();
            if (c.method() == Configuration.Method.KMEANS) {
                ZoneData zone = inputs.zone(u.zone());
                for (int k : new int[] {c.betaDust(), c.tempDust(), c.betaSync()}) {
                    String key = ZoneClusters.key(study.nside(), zone, Configuration.Method.KMEANS, k, study.clusteringSeed());
                    expected.add(key);
                    assertArrayEquals(SphericalKMeans.cluster(study.nside(), zone.pixels(), k, study.clusteringSeed()),
                            labels.get(key), key);
                }
            }
        }
        assertEquals(expected, new TreeSet<>(labels.keySet()));
    }
}
