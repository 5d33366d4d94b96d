package org.skypatch.job.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.skypatch.job.error.UserException;

/**
 * One writer per results folder: the file {@code _lock} in the folder, created only where it does not exist
 * (atomic on HDFS and on the local filesystem; on S3A a check then a write), names the run that holds it. A
 * second run stops at once with one line naming the holder. A lock whose run died on this host (its process
 * is gone), or one held by an earlier attempt of the same Spark application (YARN starts a new attempt after
 * losing the driver, elsewhere), is taken over with a warning; any other stale lock is removed with
 * {@code --force-unlock}.
 */
public final class ResultsLock implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ResultsLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path path;
    private final Holder holder;

    private ResultsLock(FileSystem fs, Path path, Holder holder) {
        this.fs = fs;
        this.path = path;
        this.holder = holder;
    }

    /**
     * Who holds a lock.
     *
     * @param runId   a new id per run
     * @param command the skypatch command (run, rank, report)
     * @param host    the driver's host
     * @param pid     the driver's process id
     * @param started when the lock was taken, ISO-8601
     * @param app     the Spark application and its attempt (null in locks written before they were recorded)
     */
    public record Holder(String runId, String command, String host, long pid, String started, SparkApp app) {
        static Holder ofThisProcess(String command, SparkApp app) {
            Instant now = Instant.now();
            String id = now.truncatedTo(ChronoUnit.SECONDS).toString().replaceAll("[-:]", "") + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            return new Holder(id, command, hostName(), ProcessHandle.current().pid(),
                    now.truncatedTo(ChronoUnit.MILLIS).toString(), app);
        }

        /** Held by an earlier attempt of the application that {@code me} is a later attempt of. */
        boolean earlierAttemptOf(SparkApp me) {
            return app != null && app.attempt() != null && me.attempt() != null && app.id().equals(me.id())
                    && !app.attempt().equals(me.attempt());
        }

        /** Its process is gone from this host, or the pid now belongs to a process started after the lock. */
        boolean diedOnThisHost() {
            if (!host.equals(hostName())) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isEmpty() || !process.get().isAlive() || process.get().info().startInstant()
                    .map(s -> s.isAfter(Instant.parse(started).plusSeconds(1))).orElse(false);
        }

        String describe() {
            long minutes = Duration.between(Instant.parse(started), Instant.now()).toMinutes();
            return String.format(Locale.ROOT, "skypatch %s (run %s, host %s, pid %d, started %s, %s ago)", command, runId,
                    host, pid, started, minutes < 120 ? minutes + " min" : minutes / 60 + " h");
        }
    }

    /**
     * A Spark application: its id, and its attempt where the cluster manager retries applications (YARN's
     * attempts share the id), else null.
     */
    public record SparkApp(String id, String attempt) {
    }

    /**
     * Takes the lock of a results folder, creating the folder.
     *
     * @param command     the command taking it, recorded for whoever finds the lock
     * @param app         the Spark application taking it
     * @param forceUnlock remove a lock that is there first (the user knows its run is dead)
     */
    public static ResultsLock acquire(Configuration conf, ResultLayout layout, String command, SparkApp app,
                                      boolean forceUnlock) {
        Path path = new Path(layout.lock());
        Holder me = Holder.ofThisProcess(command, app);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.mkdirs(path.getParent())) {
                throw new IOException("mkdirs returned false");
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                if (create(fs, path, JSON.writeValueAsBytes(me))) {
                    return new ResultsLock(fs, path, me);
                }
                Holder other;
                try {
                    other = read(fs, path);
                } catch (FileNotFoundException e) {
                    continue; // released meanwhile
                }
                if (forceUnlock) {
                    LOG.warn("removing the lock of {} (--force-unlock)", other == null ? "an unknown run" : other.describe());
                    forceUnlock = false;
                } else if (other != null && other.earlierAttemptOf(app)) {
                    LOG.warn("taking over the lock of {}: attempt {} of the same Spark application {} resumes it",
                            other.describe(), app.attempt(), app.id());
                } else if (other != null && other.diedOnThisHost()) {
                    LOG.warn("taking over the lock of {}: its process is gone", other.describe());
                } else if (other == null) {
                    throw new UserException.BadOutput("results folder " + layout.root() + " is locked by an unreadable "
                            + path.getName() + ": if no skypatch run writes there, run again with --force-unlock");
                } else {
                    throw new UserException.BadOutput("results folder " + layout.root() + " is in use by "
                            + other.describe() + ": wait for it to end, or if it is no longer running, run again with "
                            + "--force-unlock");
                }
                removeIfStill(fs, path, other);
            }
            throw new UserException.BadOutput("results folder " + layout.root() + " is being locked by other runs at "
                    + "the same time: run one at a time");
        } catch (IOException e) {
            throw new UserException.BadOutput("cannot write the results folder " + layout.root() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "): choose a folder you can write to", e);
        }
    }

    /** The run id of this lock. */
    public String runId() {
        return holder.runId();
    }

    /** Releases the lock, unless another run took it meanwhile (--force-unlock). */
    @Override
    public void close() {
        try {
            Holder now = fs.exists(path) ? read(fs, path) : null;
            if (now != null && now.runId().equals(holder.runId())) {
                fs.delete(path, false);
            } else {
                LOG.warn("the lock of {} no longer names this run (another run used --force-unlock): left as it is",
                        path.getParent());
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the lock {}: {}; remove it by hand or run next time with --force-unlock", path,
                    e.getMessage());
        }
    }

    /**
     * Creates the lock file only if there is none. Hadoop's local filesystem checks then creates, so there
     * two runs starting together could both win: there java.nio's CREATE_NEW (O_EXCL) decides.
     */
    private static boolean create(FileSystem fs, Path path, byte[] content) throws IOException {
        File local = fs instanceof LocalFileSystem l ? l.pathToFile(path)
                : fs instanceof RawLocalFileSystem r ? r.pathToFile(path) : null;
        OutputStream out;
        try {
            out = local != null ? Files.newOutputStream(local.toPath(), StandardOpenOption.CREATE_NEW)
                    : fs.create(path, false);
        } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
            return false;
        }
        try (out) {
            out.write(content);
            return true;
        } catch (IOException | FSError e) { // the local filesystem reports a full disk as FSError
            fs.delete(path, false);
            throw e;
        }
    }

    /** Removes the lock if it still names that holder: another run may have taken it over meanwhile. */
    private static void removeIfStill(FileSystem fs, Path path, Holder holder) throws IOException {
        try {
            Holder now = read(fs, path);
            if (holder == null ? now == null : now != null && now.runId().equals(holder.runId())) {
                fs.delete(path, false);
            }
        } catch (FileNotFoundException e) {
            // gone already
        }
    }

    /** The holder named in the lock file, or null when the file is empty or unreadable. */
    private static Holder read(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return JSON.readValue(in, Holder.class);
        } catch (FileNotFoundException e) {
            throw e;
        } catch (IOException e) {
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
