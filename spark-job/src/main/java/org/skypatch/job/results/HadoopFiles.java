package org.skypatch.job.results;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Files of a results folder on any Hadoop filesystem (local, HDFS, S3A). */
public final class HadoopFiles {
    private HadoopFiles() {
    }

    public static boolean exists(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a small file whole or not at all: into a hidden temporary file beside it, then renamed over it,
     * so that a crash or a full disk leaves the old content or the new, never a part.
     */
    public static void writeAtomically(FileSystem fs, Path path, byte[] content) throws IOException {
        Path tmp = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(tmp, false)) {
                out.write(content);
            }
            if (!fs.rename(tmp, path)) {
                // HDFS and S3A do not rename onto an existing file (the local filesystem does)
                fs.delete(path, false);
                if (!fs.rename(tmp, path)) {
                    throw new IOException("rename " + tmp + " -> " + path + " failed");
                }
            }
        } finally {
            fs.delete(tmp, false);
        }
    }
}
