package org.skypatch.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.gpu.Backend;
import org.skypatch.job.TestSkies;
import org.skypatch.job.cli.SparkSessions;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;

/**
 * The selection metrics against a known truth with noise: true parameters piecewise on the grid's own [4, 2, 2]
 * clusters of each zone. spatial_variance (no truth needed) must find the true beta_d count, which under- and
 * over-splitting both leak, and the section 6 rule (the lowest systematic residual among its 3 best) the true
 * configuration itself, whose r-hat is then unbiased while the single patch's is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectionValidationIT {
    private static final String TRUE_CONFIG = "kmeans_4_2_2";

    private SparkSession spark;
    private Study study;

    @BeforeAll
    void runStudy(@TempDir Path dir) throws IOException {
        spark = SparkSessions.forTests();
        try (InputStream in = getClass().getResourceAsStream("/studies/selection.yaml")) {
            study = StudyLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "selection.yaml")
                    .withOutput(dir.resolve("selection").toString());
        }
        StudyRunner runner = new StudyRunner(spark, TestSkies.skyBuilder(), "test");
        StudyRunner.PreparedSky sky = runner.prepare(study);
        runner.grid(study, sky, Backend.CPU);
        runner.estimateR(study, sky, Backend.CPU);
    }

    @Test
    void spatialVarianceFindsTheTrueBetaDustCount() {
        List<Row> first = spark.read().parquet(study.output() + "/rankings").where("rank = 1").collectAsList();
        assertEquals(2, first.size());
        for (Row r : first) {
            assertEquals(4, r.<Integer>getAs("beta_d"), r.getAs("zone") + ": rank 1 by spatial_variance is "
                    + r.getAs("config_id"));
        }
    }

    @Test
    void theSection6RuleChoosesTheTrueConfiguration() {
        for (Row best : spark.read().parquet(study.output() + "/best").collectAsList()) {
            assertEquals(TRUE_CONFIG, best.getAs("config_id"), best.getAs("zone") + ": " + best);
            assertTrue(best.<Boolean>getAs("rule_met"));
            assertTrue(best.<Double>getAs("systematic_over_lensing") < 1e-3, best.toString());
        }
    }

    @Test
    void theChosenRIsUnbiasedAndTheSinglePatchIsNot() {
        List<Row> r = spark.read().parquet(study.output() + "/r_estimates").collectAsList();
        Row chosen = r.stream().filter(x -> x.getAs("selection").equals("chosen")).findFirst().orElseThrow();
        Row single = r.stream().filter(x -> x.getAs("selection").equals("single")).findFirst().orElseThrow();
        double rChosen = chosen.getAs("r_hat");
        assertTrue(Math.abs(rChosen) < chosen.<Double>getAs("sigma_plus"), "chosen r-hat " + rChosen + " " + chosen);
        assertTrue(single.<Double>getAs("r_hat") - single.<Double>getAs("sigma_minus") > rChosen, single.toString());
    }
}
