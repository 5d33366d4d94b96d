package org.skypatch.job.estimate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.job.cli.SparkSessions;
import org.skypatch.job.results.ResultLayout;
import org.skypatch.job.study.Configuration;

/** The r step reads the systematic residuals of the chosen configurations only, not those of the whole grid. */
class SystematicRowsIT {
    private static final StructType UNITS = new StructType(new StructField[] {
        DataTypes.createStructField("zone", DataTypes.StringType, false),
        DataTypes.createStructField("config_id", DataTypes.StringType, false),
        DataTypes.createStructField("batch", DataTypes.IntegerType, false),
        DataTypes.createStructField("sys_q", DataTypes.createArrayType(DataTypes.DoubleType), true),
        DataTypes.createStructField("sys_u", DataTypes.createArrayType(DataTypes.DoubleType), true),
    });

    @TempDir
    Path dir;

    @Test
    void onlyTheChosenConfigurationsSystematicRowsReachTheDriver() {
        SparkSession spark = SparkSessions.forTests();
        ResultLayout layout = new ResultLayout(dir.resolve("out").toString());
        // 2 zones x 3 K-means configurations x 3 batches, as a grid writes them: only batch 0 carries the systematic
        // residual, whose sys_q holds a code of its row.
        List<Row> rows = new ArrayList<>();
        for (String zone : List.of("GAL020_L", "GAL020_U")) {
            for (int k = 1; k <= 3; k++) {
                for (int batch = 0; batch < 3; batch++) {
                    double code = (zone.endsWith("U") ? 100 : 0) + 10 * k + batch;
                    rows.add(RowFactory.create(zone, new Configuration(Configuration.Method.KMEANS, k, 1, 1).id(), batch,
                            batch == 0 ? List.of(code, code) : null, batch == 0 ? List.of(-code) : null));
                }
            }
        }
        spark.createDataFrame(rows, UNITS).write().partitionBy("zone").parquet(layout.units());
        Map<String, Configuration> choice = Map.of(
                "GAL020_L", new Configuration(Configuration.Method.KMEANS, 2, 1, 1),
                "GAL020_U", new Configuration(Configuration.Method.KMEANS, 3, 1, 1));

        List<Row> collected = TensorEstimation.systematicRows(spark, layout, choice).collectAsList();
        TreeSet<String> got = new TreeSet<>();
        collected.forEach(r -> got.add(r.getString(0) + "/" + r.getString(1)));
        assertEquals(new TreeSet<>(List.of("GAL020_L/" + choice.get("GAL020_L").id(), "GAL020_U/" + choice.get("GAL020_U").id())),
                got, "one row per zone, of its chosen configuration");

        Map<String, double[][]> sys = TensorEstimation.systematic(spark, layout, choice);
        assertArrayEquals(new double[] {20, 20}, sys.get("GAL020_L")[0]);
        assertArrayEquals(new double[] {-130}, sys.get("GAL020_U")[1]);

        Map<String, Configuration> absent = Map.of("GAL020_L", new Configuration(Configuration.Method.KMEANS, 9, 1, 1));
        assertThrows(IllegalStateException.class, () -> TensorEstimation.systematic(spark, layout, absent));
    }
}
