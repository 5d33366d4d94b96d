package org.skypatch.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.gpu.Backend;
import org.skypatch.job.TestSkies;
import org.skypatch.job.cli.SparkSessions;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;
import org.skypatch.sky.SimulatedSky;
import org.skypatch.sky.Zone;

/**
 * End to end against a known truth: a noiseless sky whose spectral parameters are constant on the
 * grid's own clusters in each zone (sky.simulate.piecewisePerZone). The grid point of the true counts
 * must recover the true parameters, leave no systematic residual and give r-hat ~ 0, while the single
 * patch is biased.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PiecewiseTruthIT {
    private static final String TRUE_CONFIG = "kmeans_3_2_2";

    private SparkSession spark;
    private Study study;
    private StudyRunner.PreparedSky sky;

    @BeforeAll
    void runStudy(@TempDir Path dir) throws IOException {
        spark = SparkSessions.forTests();
        try (InputStream in = getClass().getResourceAsStream("/studies/truth.yaml")) {
            study = StudyLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "truth.yaml")
                    .withOutput(dir.resolve("truth").toString());
        }
        StudyRunner runner = new StudyRunner(spark, TestSkies.skyBuilder(), "test");
        sky = runner.prepare(study);
        runner.grid(study, sky, Backend.CPU);
        runner.estimateR(study, sky, Backend.CPU);
    }

    private Row unit(String zone, String config) {
        return spark.read().parquet(study.output() + "/units")
                .where("zone = '" + zone + "' AND config_id = '" + config + "' AND batch = 0").first();
    }

    /** The true clusters of every zone are K-means of the job's zone pixels with the study's seed, offset. */
    @Test
    void trueClustersAreTheGridsClustersOfTheJobsZones() {
        SimulatedSky full = sky.fullSky();
        int[] counts = {3, 2, 2};
        for (Zone z : sky.zones()) {
            for (int i = 0; i < 3; i++) {
                int[] expected = SphericalKMeans.cluster(study.nside(), z.pixels(), counts[i], study.clusteringSeed());
                int offset = full.clusters()[i][z.pixels()[0]] - expected[0];
                Set<Integer> labels = new HashSet<>();
                for (int j = 0; j < z.pixels().length; j++) {
                    assertEquals(expected[j] + offset, full.clusters()[i][z.pixels()[j]], z.name() + " parameter " + i);
                    labels.add(full.clusters()[i][z.pixels()[j]]);
                }
                assertEquals(counts[i], labels.size(), z.name() + " parameter " + i);
            }
        }
    }

    /** (a) On noiseless data the true configuration's fitted parameters are the truth, pixel by pixel. */
    @Test
    void trueConfigurationRecoversTheTrueParameters() {
        SimulatedSky full = sky.fullSky();
        for (Zone z : sky.zones()) {
            Row u = unit(z.name(), TRUE_CONFIG);
            String[] columns = {"fit_beta_d", "fit_temp_d", "fit_beta_s"};
            double[][] truth = {full.betaDust(), full.tempDust(), full.betaSync()};
            int[] counts = {3, 2, 2};
            double worst = 0;
            for (int i = 0; i < 3; i++) {
                List<scala.collection.Seq<Double>> fits = u.getList(u.fieldIndex(columns[i]));
                int[] labels = SphericalKMeans.cluster(study.nside(), z.pixels(), counts[i], study.clusteringSeed());
                for (scala.collection.Seq<Double> fit : fits) {
                    for (int j = 0; j < labels.length; j++) {
                        double t = truth[i][z.pixels()[j]];
                        worst = Math.max(worst, Math.abs(fit.apply(labels[j]) - t) / Math.abs(t));
                    }
                }
            }
            System.out.printf("%s: worst relative parameter error %.3g%n", z.name(), worst);
            assertTrue(worst < 1e-4, z.name() + ": worst relative parameter error " + worst);
        }
    }

    /** (b) The true configuration's systematic residual vanishes; the single patch's does not. */
    @Test
    void trueConfigurationHasNoSystematicResidual() {
        for (Zone z : sky.zones()) {
            double truth = rms(unit(z.name(), TRUE_CONFIG));
            double single = rms(unit(z.name(), "single"));
            System.out.printf("%s: systematic residual rms %.3g uK (true counts) vs %.3g uK (single patch)%n", z.name(),
                    truth, single);
            // the fits stop where double precision resolves the NLL: parameters to ~1e-7, residual ~1e-8 uK
            assertTrue(single > 1e-3, z.name() + ": single-patch systematic rms " + single + " uK");
            assertTrue(truth < 1e-6 && truth < 1e-5 * single, z.name() + ": true-count systematic rms " + truth
                    + " uK vs single " + single);
        }
    }

    /** (c) r-hat of the chosen (true) configuration is ~0, the single patch's is biased above its error bar. */
    @Test
    void rOfTheTrueConfigurationIsZeroAndSinglePatchIsBiased() {
        List<Row> rows = spark.read().parquet(study.output() + "/r_estimates").collectAsList();
        Row chosen = rows.stream().filter(r -> r.getAs("selection").equals("chosen")).findFirst().orElseThrow();
        Row single = rows.stream().filter(r -> r.getAs("selection").equals("single")).findFirst().orElseThrow();
        System.out.println("r estimates: " + rows);
        assertEquals("GAL020_L=" + TRUE_CONFIG + ",GAL020_U=" + TRUE_CONFIG, chosen.getAs("configurations"));
        double rTrue = chosen.getAs("r_hat");
        double rSingle = single.getAs("r_hat");
        assertTrue(rTrue <= 1e-5, "r-hat of the true configuration " + rTrue);
        assertTrue(rSingle - single.<Double>getAs("sigma_minus") > rTrue + chosen.<Double>getAs("sigma_plus"),
                "single-patch r-hat " + rSingle + " is not biased above the true configuration's " + rTrue);
        // every realization alone tells the same story
        for (Row r : spark.read().parquet(study.output() + "/r_realizations").collectAsList()) {
            double rHat = r.getAs("r_hat");
            if (r.getAs("selection").equals("chosen")) {
                assertTrue(rHat <= 1e-5, "realization " + r.getAs("realization") + ": true-configuration r-hat " + rHat);
            } else {
                assertTrue(rHat > rTrue + chosen.<Double>getAs("sigma_plus"), "single patch, realization "
                        + r.getAs("realization") + ": r-hat " + rHat);
            }
        }
    }

    private static double rms(Row unit) {
        List<Double> q = unit.getList(unit.fieldIndex("sys_q"));
        List<Double> u = unit.getList(unit.fieldIndex("sys_u"));
        double ss = 0;
        for (int p = 0; p < q.size(); p++) {
            ss += q.get(p) * q.get(p) + u.get(p) * u.get(p);
        }
        return Math.sqrt(ss / (2 * q.size()));
    }
}
