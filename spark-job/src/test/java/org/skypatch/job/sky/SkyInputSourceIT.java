package org.skypatch.job.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.job.FullDiskFileSystem;
import org.skypatch.job.cli.SparkSessions;
import org.skypatch.sky.Bandpass;

class SkyInputSourceIT {
    @TempDir
    java.nio.file.Path dir;

    /**
     * Above nside 128 the inputs go through a file beside the results, which executors read with the job's
     * Hadoop configuration: here the file's scheme is known to that configuration only.
     */
    @Test
    void executorsReadTheSharedFileWithTheJobsHadoopConfiguration() throws IOException {
        SparkSession spark = SparkSessions.forTests();
        Configuration job = spark.sparkContext().hadoopConfiguration();
        job.set("fs." + FullDiskFileSystem.SCHEME + ".impl", FullDiskFileSystem.class.getName());
        // uncached, or a local executor would find the driver's instance whatever configuration it passes
        job.setBoolean("fs." + FullDiskFileSystem.SCHEME + ".impl.disable.cache", true);
        String folder = FullDiskFileSystem.SCHEME + ":" + dir.resolve("results");
        assertThrows(IOException.class, () -> new Path(folder).getFileSystem(new Configuration()),
                "a default configuration does not know the scheme, or this test would mean nothing");
        ZoneData z = new ZoneData("GAL020_U", new int[] {3, 5}, new double[][][] {{{1, 2}, {3, 4}}},
                new double[][][] {{{0.5, 0.25}, {0.125, 1}}}, new double[][] {{7, 8}, {9, 10}});
        SkyInputs in = new SkyInputs(256, new String[] {"040GHz"}, new double[] {40},
                new Bandpass[] {new Bandpass(new double[] {36, 44}, new double[] {1, 1})}, new double[] {2.5}, 1, 11, 150, 20,
                Map.of("GAL020_U", z));
        SkyInputSource source = SkyInputSource.of(spark, in, folder);
        assertInstanceOf(SkyInputSource.SharedFile.class, source);
        List<SkyInputs> back = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1), 1)
                .map(i -> source.get()).collect();
        SkyInputs read = back.get(0);
        assertEquals(256, read.nside());
        assertEquals(40, read.bandpasses()[0].centralFrequency(), 1e-12);
        assertArrayEquals(z.pixels(), read.zone("GAL020_U").pixels());
        assertArrayEquals(z.signal()[0][1], read.zone("GAL020_U").signal()[0][1]);
        assertArrayEquals(z.cmb()[1], read.zone("GAL020_U").cmb()[1]);
        assertEquals(in.sizeBytes(), read.sizeBytes());
    }
}
