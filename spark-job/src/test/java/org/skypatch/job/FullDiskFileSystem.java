package org.skypatch.job;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system under the scheme {@code full:}, whose disk fills up after a set number of unit files (one
 * per zone of each wave): from then on every file it creates fails with "No space left on device", until
 * {@link #free}. Register with
 * {@code fs.full.impl}: known to the job's Hadoop configuration only, it also shows what reads files with another.
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "full";
    private static final AtomicInteger UNIT_FILES_LEFT = new AtomicInteger(Integer.MAX_VALUE);

    /** The disk is full once this many more unit files are written. */
    public static void fillAfter(int unitFiles) {
        UNIT_FILES_LEFT.set(unitFiles);
    }

    public static void free() {
        UNIT_FILES_LEFT.set(Integer.MAX_VALUE);
    }

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
        checkSpace(f);
        return super.createOutputStream(f, append);
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission)
            throws IOException {
        checkSpace(f);
        return super.createOutputStreamWithMode(f, append, permission);
    }

    private static void checkSpace(Path f) throws IOException {
        boolean unitFile = f.getName().endsWith(".parquet") && f.toString().contains("/_staging/");
        if (UNIT_FILES_LEFT.get() <= 0 || unitFile && UNIT_FILES_LEFT.getAndDecrement() <= 0) {
            throw new IOException("No space left on device");
        }
    }
}
