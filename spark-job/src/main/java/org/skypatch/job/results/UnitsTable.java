package org.skypatch.job.results;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.skypatch.job.fit.UnitOutcome;

/**
 * The {@code units} table: one row per work unit, partitioned on disk by {@code zone}. Column names
 * and types are the contract with the SQL in resources, the notebooks and users' queries (pinned by
 * a test); change them, or how a column is computed, only with a new {@link #VERSION}: a results
 * folder of another version is not resumed. Version 2: {@code cl_bb_sum} without Jacobi iterations. Version 3:
 * {@code cl_bb_observed} and {@code sys_cl_bb_sum}. Version 4: fits with the analytic exact Hessian (they move
 * within the fit's tolerances, and {@code evaluations} no longer counts three per iteration for the Hessian).
 *
 * <p>Residual columns hold, per zone pixel (in the order of the {@code zones} table's {@code pixels}),
 * running sums over the unit's realizations of r = reconstructed CMB - true CMB (uK_CMB) and of r^2.
 * Sums of units merge exactly by addition; the variance across realizations follows from
 * (n, sum, sum of squares), and subtracting the true CMB first avoids cancellation.
 */
public final class UnitsTable {
    public static final int VERSION = 4;

    private static final DataType INTS = createArrayType(IntegerType, false);
    private static final DataType DOUBLES = createArrayType(DoubleType, false);
    private static final DataType DOUBLES2 = createArrayType(DOUBLES, false);

    /** Columns in file order, each with its value in a unit's outcome; {@code zone} is the partition column. */
    private static final List<Column> COLUMNS = List.of(
        column("unit_id", StringType, false, "zone/config_id/b<batch>", UnitOutcome::unitId),
        column("config_id", StringType, false, "kmeans_<bd>_<td>_<bs>, multires_<nside bd>_<nside td>_<nside bs> or single",
                UnitOutcome::configId),
        column("method", StringType, false, "kmeans, multires or single", UnitOutcome::method),
        column("beta_d", IntegerType, false, "requested beta_d clusters (multires: patch nside)",
                UnitOutcome::betaDust),
        column("temp_d", IntegerType, false, "requested T_d clusters (multires: patch nside)", UnitOutcome::tempDust),
        column("beta_s", IntegerType, false, "requested beta_s clusters (multires: patch nside)",
                UnitOutcome::betaSync),
        column("clusters_beta_d", IntegerType, false, "beta_d clusters obtained in the zone", o -> o.clusters()[0]),
        column("clusters_temp_d", IntegerType, false, "T_d clusters obtained in the zone", o -> o.clusters()[1]),
        column("clusters_beta_s", IntegerType, false, "beta_s clusters obtained in the zone", o -> o.clusters()[2]),
        column("batch", IntegerType, false, "batch index; batch 0 carries the systematic residual, or with successive "
                + "halving batch -1, a unit of the systematic fit alone", UnitOutcome::batch),
        column("realizations", INTS, false, "noise realization indices", UnitOutcome::realizations),
        column("nll", DOUBLES, false, "NLL at the optimum, per realization", UnitOutcome::nll),
        column("iterations", INTS, false, "optimiser iterations, per realization", UnitOutcome::iterations),
        column("evaluations", INTS, false, "likelihood evaluations, per realization", UnitOutcome::evaluations),
        column("gradient_norm", DOUBLES, false, "final projected gradient norm, per realization",
                UnitOutcome::gradientNorm),
        column("converged", createArrayType(BooleanType, false), false, "convergence flag, per realization",
                UnitOutcome::converged),
        column("fit_beta_d", DOUBLES2, false, "fitted beta_d per cluster, per realization", UnitOutcome::fitBetaDust),
        column("fit_temp_d", DOUBLES2, false, "fitted T_d per cluster (K), per realization", UnitOutcome::fitTempDust),
        column("fit_beta_s", DOUBLES2, false, "fitted beta_s per cluster, per realization", UnitOutcome::fitBetaSync),
        column("spatial_variance", DOUBLES, false, "spatial variance of reconstructed CMB, mean of Q,U (uK^2), per realization",
                UnitOutcome::spatialVariance),
        column("cl_bb_sum", DOUBLES, false, "BB of the total residual in the zone / zone f_sky, summed over l = 2..2 nside+1 (uK^2; anafast without Jacobi iterations), per realization",
                UnitOutcome::clBbSum),
        column("cl_bb_observed", DOUBLES, false, "BB of the reconstructed CMB in the zone / zone f_sky, summed over l = 2..2 nside+1 (uK^2; no truth needed), per realization",
                UnitOutcome::clBbObserved),
        column("res_sum_q", DOUBLES, false, "per zone pixel: sum over realizations of the Q residual (uK)",
                UnitOutcome::residualSumQ),
        column("res_sum_u", DOUBLES, false, "per zone pixel: sum over realizations of the U residual (uK)",
                UnitOutcome::residualSumU),
        column("res_sumsq_q", DOUBLES, false, "per zone pixel: sum of squared Q residuals (uK^2)",
                UnitOutcome::residualSumSqQ),
        column("res_sumsq_u", DOUBLES, false, "per zone pixel: sum of squared U residuals (uK^2)",
                UnitOutcome::residualSumSqU),
        column("sys_q", DOUBLES, true, "per zone pixel: systematic residual Q (uK), in the unit carrying the systematic fit only",
                UnitOutcome::systematicQ),
        column("sys_u", DOUBLES, true, "per zone pixel: systematic residual U (uK), in the unit carrying the systematic fit only",
                UnitOutcome::systematicU),
        column("sys_cl_bb_sum", DoubleType, true, "BB of the systematic residual in the zone / zone f_sky, summed over l = 2..2 nside+1 (uK^2), in the unit carrying the systematic fit only",
                UnitOutcome::systematicBbSum),
        column("cluster_seconds", DoubleType, false, "time building cluster maps", UnitOutcome::clusterSeconds),
        column("fit_seconds", DoubleType, false, "time in the noise-realization fits", UnitOutcome::fitSeconds),
        column("systematic_seconds", DoubleType, false, "time in the foreground-only fit",
                UnitOutcome::systematicSeconds),
        column("backend", StringType, false, "cpu, or gpu and the device name", UnitOutcome::backend),
        column("executor", StringType, false, "host that ran the unit", UnitOutcome::executor),
        column("zone", StringType, false, "zone name (partition column)", UnitOutcome::zone)
    );

    /** The schema of {@link #COLUMNS}. */
    public static final StructType SCHEMA = new StructType(COLUMNS.stream().map(Column::field).toArray(StructField[]::new));

    /** A column and where its value comes from: the one place that pairs them. */
    private record Column(StructField field, Function<UnitOutcome, Object> value) {
    }

    private UnitsTable() {
    }

    public static Row row(UnitOutcome o) {
        return RowFactory.create(COLUMNS.stream().map(c -> c.value().apply(o)).toArray());
    }

    private static Column column(String name, DataType type, boolean nullable, String comment,
                                 Function<UnitOutcome, Object> value) {
        return new Column(field(name, type, nullable, comment), value);
    }

    public static StructField field(String name, DataType type, boolean nullable, String comment) {
        return new StructField(name, type, nullable, Metadata.empty()).withComment(comment);
    }
}
