package org.skypatch.job.estimate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.skypatch.job.results.UnitsTable.field;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.skypatch.cosmo.TensorLikelihood;
import org.skypatch.harmonics.Alm;
import org.skypatch.harmonics.PowerSpectra;
import org.skypatch.job.fit.ResidualSpectra;
import org.skypatch.job.results.HadoopFiles;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.sky.SkyInputSource;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.FitSettings;
import org.skypatch.job.study.MaskBaseline;
import org.skypatch.job.study.Study;
import org.skypatch.sky.CmbSpectra;
import org.skypatch.sphere.Nside;
import org.skypatch.stats.Moments;

/**
 * The r estimation of a study: for the chosen configuration of every zone (and, when asked, for each
 * multi-resolution and single-patch configuration of the grid used in all zones), BB spectra of the
 * total, systematic and statistical residuals over the union of the zones (mean over noise realizations,
 * divided by f_sky, l = 2..2 nside + 1), the likelihood of r on a grid from the model's positivity limit (r may
 * come out negative) to r.rMax, widened while needed, r-hat and its 68% bounds; the observed BB carries the
 * sky's input r and the lensing amplitude A_lens.
 * Each realization's own r-hat (its total residual against the same model) is kept too: every realization
 * shares one CMB and one foreground sky, so their scatter is the part of the r uncertainty that comes
 * from instrument noise alone, while the likelihood's bounds also carry the cosmic variance of lensing
 * and residuals. Writes the {@code spectra}, {@code likelihood}, {@code r_estimates} and
 * {@code r_realizations} tables and {@code summary.json}.
 */
public final class TensorEstimation {
    private static final Logger LOG = LogManager.getLogger(TensorEstimation.class);

    public static final StructType SPECTRA = new StructType(new StructField[] {
        field("selection", StringType, false, "chosen, or the baseline configuration id"),
        field("ell", IntegerType, false, "multipole"),
        field("cl_total", DoubleType, false, "BB of reconstructed minus true CMB / f_sky, mean over realizations, uK^2"),
        field("cl_systematic", DoubleType, false, "BB of the systematic residual / f_sky, uK^2"),
        field("cl_statistical", DoubleType, false, "BB of total minus systematic residual / f_sky, mean, uK^2"),
        field("cl_lensing", DoubleType, false, "lensing BB, uK^2"),
        field("cl_tensor_r1", DoubleType, false, "primordial BB at r = 1, uK^2"),
    });
    public static final StructType LIKELIHOOD = new StructType(new StructField[] {
        field("selection", StringType, false, "chosen, or the baseline configuration id"),
        field("r", DoubleType, false, "tensor-to-scalar ratio"),
        field("minus_two_ln_l", DoubleType, false, "-2 ln L(r) up to a constant"),
        field("likelihood", DoubleType, false, "L(r) / L(r-hat)"),
    });
    public static final StructType ESTIMATES = new StructType(new StructField[] {
        field("selection", StringType, false, "chosen, or the baseline configuration id"),
        field("configurations", StringType, false, "zone=config_id pairs, comma separated"),
        field("metric", StringType, false, "the ranking metric that chose the configurations of 'chosen'"),
        field("r_hat", DoubleType, false, "maximum-likelihood r"),
        field("sigma_minus", DoubleType, false, "68% bound below r_hat"),
        field("sigma_plus", DoubleType, false, "68% bound above r_hat"),
        field("fsky", DoubleType, false, "sky fraction of the zones"),
        field("lmin", IntegerType, false, "first multipole"),
        field("lmax", IntegerType, false, "last multipole"),
        field("realizations", IntegerType, false, "noise realizations averaged"),
        field("input_r", DoubleType, false, "the sky's tensor-to-scalar ratio, in the observed BB"),
        field("a_lens", DoubleType, false, "lensing amplitude after delensing, in the observed BB and the model"),
        field("r_min", DoubleType, false, "lower end of the r grid: the positivity limit of the model"),
        field("r_max", DoubleType, false, "upper end of the r grid, after any widening"),
        field("r_hat_realization_mean", DoubleType, false, "mean of the per-realization r-hat"),
        field("r_hat_realization_std", DoubleType, true,
                "standard deviation of the per-realization r-hat, the noise-only scatter (null with one realization)"),
    });
    public static final StructType REALIZATIONS = new StructType(new StructField[] {
        field("selection", StringType, false, "chosen, or the baseline configuration id"),
        field("realization", IntegerType, false, "noise realization"),
        field("r_hat", DoubleType, false, "maximum-likelihood r of this realization's total residual"),
    });

    private TensorEstimation() {
    }

    /** One selection's result. */
    public record Estimate(String selection, Map<String, String> configurations, TensorLikelihood.REstimate r,
                           Scatter perRealization) {
    }

    /** Mean and sample standard deviation of the per-realization r-hat; std is null with one realization. */
    public record Scatter(double mean, Double std) {
        static Scatter of(double[] x) {
            return new Scatter(Moments.mean(x), x.length < 2 ? null : Math.sqrt(Moments.sampleVariance(x)));
        }
    }

    public static List<Estimate> run(SparkSession spark, Study study, SkyInputs sky, SkyInputSource source,
                                     FitSettings settings) {
        ResultLayout layout = new ResultLayout(study.output());
        Map<String, List<Map<String, Configuration>>> selections = selections(spark, study, layout);
        int lmin = LMIN;
        int lmax = lmax(study);
        double[] lensing = CmbSpectra.lensedScalar().bb();
        double[] tensor = CmbSpectra.tensorR1().bb();
        double inputR = study.inputR();
        double fsky = fsky(study, sky);
        List<Row> spectra = new ArrayList<>();
        List<Row> curves = new ArrayList<>();
        List<Row> estimates = new ArrayList<>();
        List<Row> perRealizationR = new ArrayList<>();
        List<Estimate> out = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Configuration>>> sel : selections.entrySet()) {
            Computed computed = compute(spark, study, sky, source, settings, layout, sel.getValue(), fsky, sel.getKey());
            double[] clTotal = computed.clTotal();
            double[] clStat = computed.clStat();
            double[] clSys = computed.clSys();
            List<double[][]> perRealization = computed.perRealization();
            TensorLikelihood like = computed.like();
            TensorLikelihood.REstimate e = computed.r();
            Map<String, Configuration> choice = mostChosen(sel.getValue());
            boolean varies = sel.getValue().stream().distinct().count() > 1;
            double[] rGrid = TensorLikelihood.grid(e.rMin(), e.rMax(), study.rPoints());
            double[] m2 = like.curve(rGrid);
            double[] rHats = new double[perRealization.size()];
            for (int k = 0; k < rHats.length; k++) {
                rHats[k] = new TensorLikelihood(fsky, lmin, lmax, perRealization.get(k)[0], clStat, lensing, tensor,
                        study.aLens(), inputR).estimate(study.rMax(), study.rPoints()).rHat();
                perRealizationR.add(RowFactory.create(sel.getKey(), k, rHats[k]));
            }
            Scatter scatter = Scatter.of(rHats);
            for (int l = lmin; l <= lmax; l++) {
                spectra.add(RowFactory.create(sel.getKey(), l, clTotal[l], clSys[l], clStat[l], lensing[l], tensor[l]));
            }
            for (int i = 0; i < rGrid.length; i++) {
                curves.add(RowFactory.create(sel.getKey(), rGrid[i], m2[i], Math.exp(-0.5 * (m2[i] - e.minusTwoLnLAtBest()))));
            }
            Map<String, String> ids = new LinkedHashMap<>();
            choice.forEach((z, c) -> ids.put(z, c.id()));
            String desc = (varies ? "per realization, most chosen: " : "")
                    + ids.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).collect(Collectors.joining(","));
            estimates.add(RowFactory.create(sel.getKey(), desc, study.metric().column(), e.rHat(), e.sigmaMinus(),
                    e.sigmaPlus(), fsky, lmin, lmax, study.realizations(), inputR, study.aLens(), e.rMin(), e.rMax(),
                    scatter.mean(), scatter.std()));
            LOG.info("r for {} ({}): r-hat {} -{} +{}; per realization {} +- {}", sel.getKey(), desc,
                    String.format("%.3g", e.rHat()), String.format("%.3g", e.sigmaMinus()),
                    String.format("%.3g", e.sigmaPlus()), String.format("%.3g", scatter.mean()),
                    scatter.std() == null ? "-" : String.format("%.3g", scatter.std()));
            out.add(new Estimate(sel.getKey(), ids, e, scatter));
        }
        write(spark, spectra, SPECTRA, layout.table("spectra"));
        write(spark, curves, LIKELIHOOD, layout.table("likelihood"));
        write(spark, estimates, ESTIMATES, layout.table("r_estimates"));
        write(spark, perRealizationR, REALIZATIONS, layout.table("r_realizations"));
        summary(spark, layout, study, out);
        return out;
    }

    /** One selection's mean spectra over the realizations and its r likelihood. */
    record Computed(double[] clTotal, double[] clStat, double[] clSys, List<double[][]> perRealization,
                    TensorLikelihood like, TensorLikelihood.REstimate r) {
    }

    /** The r likelihood's multipoles: l = 2 .. 2 nside + 1. */
    private static final int LMIN = 2;

    private static int lmax(Study study) {
        return 2 * study.nside() + 1;
    }

    /** The study zones' sky fraction. */
    static double fsky(Study study, SkyInputs sky) {
        return study.zones().stream().mapToInt(z -> sky.zone(z).pixels().length).sum()
                / (double) Nside.npix(study.nside());
    }

    /**
     * Refits one selection's configurations on every noise realization (one Spark task each), each realization
     * with its own choice (the same for all but with r.perRealization), then its mean residual spectra (the
     * systematic one the mean of the realizations' choices') and its r likelihood.
     *
     * @param choices per realization, zone -> configuration
     */
    static Computed compute(SparkSession spark, Study study, SkyInputs sky, SkyInputSource source,
                            FitSettings settings, ResultLayout layout, List<Map<String, Configuration>> choices,
                            double fsky, String name) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Map<String, Configuration>> distinct = choices.stream().distinct().toList();
        int[] which = choices.stream().mapToInt(distinct::indexOf).toArray();
        Map<String, Map<String, double[][]>> sysMaps = systematic(spark, layout, distinct);
        List<Alm> sysB = distinct.stream().map(c -> ResidualSpectra.bModes(stitch(sky, pick(sysMaps, c)),
                3 * study.nside() - 1)).toList();
        Broadcast<List<Alm>> sysShared = jsc.broadcast(sysB);
        List<Integer> realizations = IntStream.range(0, study.realizations()).boxed().toList();
        List<double[][]> perRealization = jsc.parallelize(realizations, realizations.size())
                .map(r -> ResidualSpectra.of(source.get(), distinct.get(which[r]), sysShared.value().get(which[r]),
                        settings, r)).collect();
        sysShared.destroy();
        double[] clTotal = mean(perRealization, 0);
        double[] clStat = mean(perRealization, 1);
        double[] clSys = new double[clTotal.length];
        for (int k = 0; k < distinct.size(); k++) {
            int choice = k;
            double share = (double) IntStream.of(which).filter(w -> w == choice).count() / which.length;
            double[] cl = ResidualSpectra.perSky(PowerSpectra.alm2cl(sysB.get(k), sysB.get(k)), fsky);
            for (int l = 0; l < clSys.length; l++) {
                clSys[l] += share * cl[l];
            }
        }
        TensorLikelihood like = new TensorLikelihood(fsky, LMIN, lmax(study), clTotal, clStat,
                CmbSpectra.lensedScalar().bb(), CmbSpectra.tensorR1().bb(), study.aLens(), study.inputR());
        TensorLikelihood.REstimate e = like.estimate(study.rMax(), study.rPoints());
        if (e.rMax() > study.rMax()) {
            LOG.info("r grid of {} widened to [{}, {}]: the likelihood at r.rMax {} was not negligible",
                    name, String.format("%.3g", e.rMin()), String.format("%.3g", e.rMax()), study.rMax());
        }
        return new Computed(clTotal, clStat, clSys, perRealization, like, e);
    }

    /**
     * "chosen" (best per zone), the baselines and, with r.perRealization, "per_realization" (each realization's own
     * best, the paper's section 5.7): per realization, zone -> configuration.
     */
    static Map<String, List<Map<String, Configuration>>> selections(SparkSession spark, Study study, ResultLayout layout) {
        Map<String, Map<String, Configuration>> fixed = new LinkedHashMap<>();
        Map<String, Configuration> chosen = new LinkedHashMap<>();
        for (Row r : spark.read().parquet(layout.table("best")).orderBy("zone").collectAsList()) {
            chosen.put(r.getAs("zone"), configuration(r));
        }
        fixed.put("chosen", chosen);
        if (study.rBaselines()) {
            for (Configuration c : study.configurations()) {
                if (c.method() != Configuration.Method.KMEANS) {
                    Map<String, Configuration> all = new LinkedHashMap<>();
                    study.zones().forEach(z -> all.put(z, c));
                    fixed.put(c.id(), all);
                }
            }
            // whole-mask baselines: each mask fitted as one zone, covering the study's zones
            for (MaskBaseline b : study.maskBaselines()) {
                fixed.computeIfAbsent(b.name(), n -> new LinkedHashMap<>()).put(b.mask(), b.configuration());
            }
        }
        Map<String, List<Map<String, Configuration>>> out = new LinkedHashMap<>();
        fixed.forEach((name, choice) -> out.put(name, Collections.nCopies(study.realizations(), choice)));
        if (study.perRealizationSelection()) {
            List<Map<String, Configuration>> each = new ArrayList<>();
            IntStream.range(0, study.realizations()).forEach(i -> each.add(new LinkedHashMap<>()));
            for (Row r : spark.read().parquet(layout.table("best_realizations")).orderBy("zone").collectAsList()) {
                each.get(r.<Integer>getAs("realization")).put(r.getAs("zone"), configuration(r));
            }
            out.put("per_realization", each);
        }
        return out;
    }

    private static Configuration configuration(Row r) {
        return new Configuration(Configuration.Method.fromLabel(r.getAs("method")), r.<Integer>getAs("beta_d"),
                r.<Integer>getAs("temp_d"), r.<Integer>getAs("beta_s"));
    }

    /** Each zone's most frequent configuration over realizations (the first chosen among equals). */
    private static Map<String, Configuration> mostChosen(List<Map<String, Configuration>> choices) {
        Map<String, Configuration> out = new LinkedHashMap<>();
        for (String zone : choices.get(0).keySet()) {
            Map<Configuration, Long> counts = choices.stream().map(c -> c.get(zone))
                    .collect(Collectors.groupingBy(c -> c, LinkedHashMap::new, Collectors.counting()));
            out.put(zone, counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
        }
        return out;
    }

    /** zone -> [Q, U][zone pixel] systematic residual of the zone's configuration, from the units table. */
    static Map<String, double[][]> systematic(SparkSession spark, ResultLayout layout, Map<String, Configuration> choice) {
        return pick(systematic(spark, layout, List.of(choice)), choice);
    }

    /** zone -> configuration id -> [Q, U][zone pixel] systematic residual, of every pair of these choices. */
    private static Map<String, Map<String, double[][]>> systematic(SparkSession spark, ResultLayout layout,
                                                                  List<Map<String, Configuration>> choices) {
        Map<String, Map<String, double[][]>> out = new LinkedHashMap<>();
        for (Row r : systematicRows(spark, layout, choices).collectAsList()) {
            out.computeIfAbsent(r.getString(0), z -> new LinkedHashMap<>())
                    .put(r.getString(1), new double[][] {doubles(r.getList(2)), doubles(r.getList(3))});
        }
        return out;
    }

    /** The systematic residuals of one choice, zone -> maps; every one must be there. */
    private static Map<String, double[][]> pick(Map<String, Map<String, double[][]>> maps, Map<String, Configuration> choice) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        choice.forEach((zone, c) -> {
            double[][] m = maps.getOrDefault(zone, Map.of()).get(c.id());
            if (m == null) {
                throw new IllegalStateException("the units table lacks the systematic residual of " + zone + "/"
                        + c.id() + ": re-run the grid");
            }
            out.put(zone, m);
        });
        return out;
    }

    static Dataset<Row> systematicRows(SparkSession spark, ResultLayout layout, Map<String, Configuration> choice) {
        return systematicRows(spark, layout, List.of(choice));
    }

    /**
     * The rows holding these choices' systematic residuals (one per zone and configuration: batch 0's, or with
     * successive halving the systematic unit's): the filter runs on the executors (zone prunes partitions), so the
     * driver receives one pixel array pair per chosen pair, not one per unit of the grid (1.5 GB at the paper's
     * scale).
     */
    private static Dataset<Row> systematicRows(SparkSession spark, ResultLayout layout,
                                               List<Map<String, Configuration>> choices) {
        Column chosen = choices.stream().flatMap(c -> c.entrySet().stream()).distinct()
                .map(e -> col("zone").equalTo(e.getKey()).and(col("config_id").equalTo(e.getValue().id())))
                .reduce(Column::or).orElse(lit(false));
        return spark.read().parquet(layout.units()).where(col("sys_q").isNotNull().and(chosen))
                .select("zone", "config_id", "sys_q", "sys_u");
    }

    static double[][] stitch(SkyInputs sky, Map<String, double[][]> zoneMaps) {
        int npix = (int) Nside.npix(sky.nside());
        double[][] tqu = new double[3][npix];
        for (Map.Entry<String, double[][]> e : zoneMaps.entrySet()) {
            ZoneData z = sky.zone(e.getKey());
            for (int s = 0; s < 2; s++) {
                for (int i = 0; i < z.pixels().length; i++) {
                    tqu[s + 1][z.pixels()[i]] = e.getValue()[s][i];
                }
            }
        }
        return tqu;
    }

    private static double[] doubles(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] mean(List<double[][]> maps, int which) {
        double[] m = new double[maps.get(0)[which].length];
        for (double[][] x : maps) {
            for (int l = 0; l < m.length; l++) {
                m[l] += x[which][l] / maps.size();
            }
        }
        return m;
    }

    private static void write(SparkSession spark, List<Row> rows, StructType schema, String path) {
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(path);
    }

    private static void summary(SparkSession spark, ResultLayout layout, Study study, List<Estimate> estimates) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", study.name());
        m.put("metric", study.metric().column());
        m.put("selection", study.selection().describe());
        m.put("input_r", study.inputR());
        m.put("a_lens", study.aLens());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Estimate e : estimates) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("selection", e.selection());
            x.put("configurations", e.configurations());
            x.put("r_hat", e.r().rHat());
            x.put("sigma_minus", e.r().sigmaMinus());
            x.put("sigma_plus", e.r().sigmaPlus());
            x.put("r_grid", List.of(e.r().rMin(), e.r().rMax()));
            x.put("r_hat_realization_mean", e.perRealization().mean());
            x.put("r_hat_realization_std", e.perRealization().std());
            list.add(x);
        }
        m.put("r_estimates", list);
        Path path = new Path(layout.summaryJson());
        try {
            HadoopFiles.writeAtomically(path.getFileSystem(spark.sparkContext().hadoopConfiguration()), path,
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
