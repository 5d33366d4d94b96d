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
import org.skypatch.sphere.Nside;

/** The {@code zones} table: each zone's RING pixels (the order of every per-pixel array) and sky fraction. */
public final class ZonesTable {
    public static final StructType SCHEMA = new StructType(new StructField[] {
        field("zone", StringType, false, "zone name"),
        field("nside", IntegerType, false, "HEALPix resolution"),
        field("pixel_count", IntegerType, false, "pixels in the zone"),
        field("fsky", DoubleType, false, "sky fraction of the zone"),
        field("pixels", createArrayType(IntegerType, false), false, "RING pixel indices, ascending"),
    });

    private ZonesTable() {
    }

    public static void write(SparkSession spark, ResultLayout layout, SkyInputs sky) {
        List<Row> rows = new ArrayList<>();
        double npix = Nside.npix(sky.nside());
        for (ZoneData z : sky.zones().values()) {
            rows.add(RowFactory.create(z.name(), sky.nside(), z.pixels().length, z.pixels().length / npix, z.pixels()));
        }
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(layout.table("zones"));
    }
}
