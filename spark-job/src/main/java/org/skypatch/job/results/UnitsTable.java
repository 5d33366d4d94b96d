package org.skypatch.job.results;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

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
 * {@code cl_bb_observed} and {@code sys_cl_bb_sum}.
 *
 * <p>Residual columns hold, per zone pixel (in the order of the {@code zones} table's {@code pixels}),
 * running sums over the unit's realizations of r = reconstructed CMB - true CMB (uK_CMB) and of r^2.
 * Sums of units merge exactly by addition; the variance across realizations follows from
 * (n, sum, sum of squares), and subtracting the true CMB first avoids cancellation.
 */
public final class UnitsTable {
    public static final int VERSION = 3;

    private static final DataType INTS = createArrayType(IntegerType, false);
    private static final DataType DOUBLES = createArrayType(DoubleType, false);
    private static final DataType DOUBLES2 = createArrayType(DOUBLES, false);

    /** Columns in file order; {@code zone} is the partition column. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        field("unit_id", StringType, false, "zone/config_id/b<batch>"),
        field("config_id", StringType, false, "kmeans_<bd>_<td>_<bs>, multires_<nside bd>_<nside td>_<nside bs> or single"),
        field("method", StringType, false, "kmeans, multires or single"),
        field("beta_d", IntegerType, false, "requested beta_d clusters (multires: patch nside)"),
        field("temp_d", IntegerType, false, "requested T_d clusters (multires: patch nside)"),
        field("beta_s", IntegerType, false, "requested beta_s clusters (multires: patch nside)"),
        field("clusters_beta_d", IntegerType, false, "beta_d clusters obtained in the zone"),
        field("clusters_temp_d", IntegerType, false, "T_d clusters obtained in the zone"),
        field("clusters_beta_s", IntegerType, false, "beta_s clusters obtained in the zone"),
        field("batch", IntegerType, false, "batch index; batch 0 carries the systematic residual"),
        field("realizations", INTS, false, "noise realization indices"),
        field("nll", DOUBLES, false, "NLL at the optimum, per realization"),
        field("iterations", INTS, false, "optimiser iterations, per realization"),
        field("evaluations", INTS, false, "likelihood evaluations, per realization"),
        field("gradient_norm", DOUBLES, false, "final projected gradient norm, per realization"),
        field("converged", createArrayType(BooleanType, false), false, "convergence flag, per realization"),
        field("fit_beta_d", DOUBLES2, false, "fitted beta_d per cluster, per realization"),
        field("fit_temp_d", DOUBLES2, false, "fitted T_d per cluster (K), per realization"),
        field("fit_beta_s", DOUBLES2, false, "fitted beta_s per cluster, per realization"),
        field("spatial_variance", DOUBLES, false, "spatial variance of reconstructed CMB, mean of Q,U (uK^2), per realization"),
        field("cl_bb_sum", DOUBLES, false, "BB of the total residual in the zone / zone f_sky, summed over l = 2..2 nside+1 (uK^2; anafast without Jacobi iterations), per realization"),
        field("cl_bb_observed", DOUBLES, false, "BB of the reconstructed CMB in the zone / zone f_sky, summed over l = 2..2 nside+1 (uK^2; no truth needed), per realization"),
        field("res_sum_q", DOUBLES, false, "per zone pixel: sum over realizations of the Q residual (uK)"),
        field("res_sum_u", DOUBLES, false, "per zone pixel: sum over realizations of the U residual (uK)"),
        field("res_sumsq_q", DOUBLES, false, "per zone pixel: sum of squared Q residuals (uK^2)"),
        field("res_sumsq_u", DOUBLES, false, "per zone pixel: sum of squared U residuals (uK^2)"),
        field("sys_q", DOUBLES, true, "per zone pixel: systematic residual Q (uK), batch 0 only"),
        field("sys_u", DOUBLES, true, "per zone pixel: systematic residual U (uK), batch 0 only"),
        field("sys_cl_bb_sum", DoubleType, true, "BB of the systematic residual in the zone / zone f_sky, summed over l = 2..2 nside+1 (uK^2), batch 0 only"),
        field("cluster_seconds", DoubleType, false, "time building cluster maps"),
        field("fit_seconds", DoubleType, false, "time in the noise-realization fits"),
        field("systematic_seconds", DoubleType, false, "time in the foreground-only fit"),
        field("backend", StringType, false, "cpu, or gpu and the device name"),
        field("executor", StringType, false, "host that ran the unit"),
        field("zone", StringType, false, "zone name (partition column)"),
    });

    private UnitsTable() {
    }

    public static Row row(UnitOutcome o) {
        return RowFactory.create(o.unitId(), o.configId(), o.method(), o.betaDust(), o.tempDust(), o.betaSync(),
                o.clusters()[0], o.clusters()[1], o.clusters()[2], o.batch(), o.realizations(), o.nll(),
                o.iterations(), o.evaluations(), o.gradientNorm(), o.converged(), o.fitBetaDust(), o.fitTempDust(),
                o.fitBetaSync(), o.spatialVariance(), o.clBbSum(), o.clBbObserved(), o.residualSumQ(), o.residualSumU(),
                o.residualSumSqQ(), o.residualSumSqU(), o.systematicQ(), o.systematicU(), o.systematicBbSum(),
                o.clusterSeconds(), o.fitSeconds(),
                o.systematicSeconds(), o.backend(), o.executor(), o.zone());
    }

    public static StructField field(String name, DataType type, boolean nullable, String comment) {
        return new StructField(name, type, nullable, Metadata.empty()).withComment(comment);
    }
}
