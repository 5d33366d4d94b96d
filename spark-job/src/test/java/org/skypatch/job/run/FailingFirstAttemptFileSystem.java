package org.skypatch.job.run;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.TaskContext;

/**
 * The local file system under the scheme {@code faulty:}, except that the first attempt of every
 * even-numbered Spark task fails when it opens a Parquet file: the units' fits have run, the file of their
 * rows is lost, and Spark must retry the task. Register with {@code fs.faulty.impl}.
 */
public final class FailingFirstAttemptFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "faulty";
    static final AtomicInteger INJECTED = new AtomicInteger();

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    // every create() of the local file system opens its stream through one of these two
    @Override
    protected OutputStream createOutputStream(Path f, boolean append) throws IOException {
        failFirstAttempt(f);
        return super.createOutputStream(f, append);
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission)
            throws IOException {
        failFirstAttempt(f);
        return super.createOutputStreamWithMode(f, append, permission);
    }

    private static void failFirstAttempt(Path f) throws IOException {
        TaskContext task = TaskContext.get();
        if (task != null && task.attemptNumber() == 0 && task.partitionId() % 2 == 0 && f.getName().endsWith(".parquet")) {
            INJECTED.incrementAndGet();
            throw new IOException("injected failure of the first attempt of task " + task.partitionId());
        }
    }
}
