package org.skypatch.job.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.gpu.Backend;
import org.skypatch.job.TestSkies;
import org.skypatch.job.cli.SparkSessions;
import org.skypatch.job.run.StudyRunner;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;

/** r.perRealization: each realization's own choice per zone (the paper's section 5.7) and its r. */
class PerRealizationSelectionIT {
    @TempDir
    Path dir;

    @Test
    void eachRealizationTakesItsOwnBestAndGetsAnREstimate() throws IOException {
        SparkSession spark = SparkSessions.forTests();
        String yaml;
        try (InputStream in = getClass().getResourceAsStream("/studies/tiny.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String out = dir.resolve("own").toString();
        Study study = StudyLoader.parse(yaml.replace("metric: sigma2_cmb", "metric: cl_bb_sum")
                .replace("points: 1001", "points: 1001\n  perRealization: true"), "own.yaml").withOutput(out);
        assertTrue(study.perRealizationSelection(), "the edit must apply");
        StudyRunner runner = new StudyRunner(spark, TestSkies.skyBuilder(), "test");
        StudyRunner.PreparedSky sky = runner.prepare(study);
        runner.grid(study, sky, Backend.CPU);

        // the argmin of each realization's cl_bb_sum, recomputed from the units
        Map<String, String> expected = new TreeMap<>();
        Map<String, Double> lowest = new TreeMap<>();
        for (Row u : spark.read().parquet(out + "/units").select("zone", "config_id", "realizations", "cl_bb_sum")
                .collectAsList()) {
            List<Integer> rs = u.getList(2);
            List<Double> v = u.getList(3);
            for (int i = 0; i < rs.size(); i++) {
                String key = u.getString(0) + "#" + rs.get(i);
                boolean better = !lowest.containsKey(key) || v.get(i) < lowest.get(key)
                        || (v.get(i).equals(lowest.get(key)) && u.getString(1).compareTo(expected.get(key)) < 0);
                if (better) {
                    lowest.put(key, v.get(i));
                    expected.put(key, u.getString(1));
                }
            }
        }
        Map<String, String> got = new TreeMap<>();
        for (Row r : spark.read().parquet(out + "/best_realizations").collectAsList()) {
            got.put(r.<String>getAs("zone") + "#" + r.<Integer>getAs("realization"), r.getAs("config_id"));
        }
        assertEquals(expected, got);
        assertEquals(2 * 2, got.size(), "one choice per zone and realization");

        List<TensorEstimation.Estimate> estimates = runner.estimateR(study, sky, Backend.CPU);
        TensorEstimation.Estimate own = estimates.stream().filter(e -> e.selection().equals("per_realization"))
                .findFirst().orElseThrow();
        assertTrue(Double.isFinite(own.r().rHat()) && own.r().sigmaPlus() > 0, own.toString());
        assertEquals(2, spark.read().parquet(out + "/r_realizations").where("selection = 'per_realization'").count());
        assertTrue(spark.read().parquet(out + "/spectra").where("selection = 'per_realization'").count() > 0);
    }
}
