package org.skypatch.job.results;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.skypatch.job.results.UnitsTable.field;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.skypatch.job.sky.SkyInputs;
import org.skypatch.job.sky.ZoneData;
import org.skypatch.sky.SimulatedSky;
import org.skypatch.sphere.Nside;

/**
 * The {@code zones} table: each zone's RING pixels (the order of every per-pixel array), sky fraction and, when the
 * sky has them (simulations), the true spectral parameters of those pixels, which the report draws beside the fits.
 */
public final class ZonesTable {
    public static final StructType SCHEMA = new StructType(new StructField[] {
        field("zone", StringType, false, "zone name"),
        field("nside", IntegerType, false, "HEALPix resolution"),
        field("pixel_count", IntegerType, false, "pixels in the zone"),
        field("fsky", DoubleType, false, "sky fraction of the zone"),
        field("pixels", createArrayType(IntegerType, false), false, "RING pixel indices, ascending"),
        field("true_beta_d", createArrayType(DoubleType, false), true, "true beta_d per zone pixel (null: unknown)"),
        field("true_temp_d", createArrayType(DoubleType, false), true, "true T_d per zone pixel, K (null: unknown)"),
        field("true_beta_s", createArrayType(DoubleType, false), true, "true beta_s per zone pixel (null: unknown)"),
    });

    private ZonesTable() {
    }

    /**
     * @param sky  the zones' data
     * @param full the full-sky maps, whose parameter maps (null when unknown) give the truth
     */
    public static void write(SparkSession spark, ResultLayout layout, SkyInputs sky, SimulatedSky full) {
        List<Row> rows = new ArrayList<>();
        double npix = Nside.npix(sky.nside());
        for (ZoneData z : sky.zones().values()) {
            rows.add(RowFactory.create(z.name(), sky.nside(), z.pixels().length, z.pixels().length / npix, z.pixels(),
                    at(full.betaDust(), z.pixels()), at(full.tempDust(), z.pixels()), at(full.betaSync(), z.pixels())));
        }
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(layout.table("zones"));
    }

    private static double[] at(double[] map, int[] pixels) {
        if (map == null) {
            return null;
        }
        double[] out = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = map[pixels[i]];
        }
        return out;
    }
}
