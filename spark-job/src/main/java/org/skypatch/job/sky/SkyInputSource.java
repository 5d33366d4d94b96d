package org.skypatch.job.sky;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * How executors obtain the {@link SkyInputs}: a Spark broadcast up to nside 128, above that one file
 * on the shared filesystem (beside the results) that each executor JVM reads once and caches.
 */
public interface SkyInputSource extends Serializable {
    /** Largest nside whose inputs travel by broadcast. */
    int BROADCAST_MAX_NSIDE = 128;

    SkyInputs get();

    /** Broadcast or file, by nside; {@code folder} is where the file goes (the study's output). */
    static SkyInputSource of(SparkSession spark, SkyInputs inputs, String folder) {
        if (inputs.nside() <= BROADCAST_MAX_NSIDE) {
            return new Broadcasted(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(inputs));
        }
        String file = folder + "/_inputs/sky-nside" + inputs.nside() + ".bin";
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        SharedFile.write(conf, file, inputs);
        return new SharedFile(file, JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new HadoopConf(conf)));
    }

    /** Inputs carried by a Spark broadcast. */
    record Broadcasted(Broadcast<SkyInputs> broadcast) implements SkyInputSource {
        @Override
        public SkyInputs get() {
            return broadcast.value();
        }
    }

    /**
     * Inputs in a Java-serialized file on a filesystem every executor reaches, read with the job's Hadoop
     * configuration and cached per JVM.
     */
    record SharedFile(String uri, Broadcast<HadoopConf> conf) implements SkyInputSource {
        private static final Map<String, SkyInputs> CACHE = new ConcurrentHashMap<>();

        @Override
        public SkyInputs get() {
            return CACHE.computeIfAbsent(uri, u -> read(u, conf.value().get()));
        }

        static void write(Configuration conf, String uri, SkyInputs inputs) {
            Path path = new Path(uri);
            try {
                FileSystem fs = path.getFileSystem(conf);
                Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp");
                try (OutputStream out = fs.create(tmp, true); ObjectOutputStream oos = new ObjectOutputStream(out)) {
                    oos.writeObject(inputs);
                }
                fs.delete(path, false);
                if (!fs.rename(tmp, path)) {
                    throw new IOException("rename " + tmp + " -> " + path + " failed");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot write sky inputs to " + uri + ": " + e.getMessage(), e);
            }
        }

        private static SkyInputs read(String uri, Configuration conf) {
            Path path = new Path(uri);
            try (InputStream in = path.getFileSystem(conf).open(path);
                 ObjectInputStream ois = new ObjectInputStream(in)) {
                return (SkyInputs) ois.readObject();
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException("cannot read sky inputs " + uri + ": " + e.getMessage(), e);
            }
        }
    }
}
