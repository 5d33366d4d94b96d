package org.skypatch.job.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.job.error.UserException;

class ResultsLockTest {
    /** A local-mode application: no attempts. */
    private static final ResultsLock.SparkApp LOCAL = new ResultsLock.SparkApp("local-1", null);
    private final Configuration conf = new Configuration();
    @TempDir
    Path dir;

    @Test
    void aSecondLockIsRefusedInOneLineNamingTheHolderUntilTheFirstIsReleased() {
        ResultLayout layout = new ResultLayout(dir.resolve("out").toString());
        ResultsLock first = ResultsLock.acquire(conf, layout, "run", LOCAL, false);
        assertTrue(Files.exists(Path.of(layout.lock())));
        UserException e = assertThrows(UserException.BadOutput.class, () -> ResultsLock.acquire(conf, layout, "rank", LOCAL, false));
        assertTrue(e.getMessage().startsWith("results folder " + layout.root() + " is in use by skypatch run (run "
                + first.runId() + ", host "), e.getMessage());
        assertTrue(e.getMessage().endsWith("or if it is no longer running, run again with --force-unlock"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        first.close();
        assertFalse(Files.exists(Path.of(layout.lock())), "released");
        try (ResultsLock second = ResultsLock.acquire(conf, layout, "rank", LOCAL, false)) {
            assertNotEquals(first.runId(), second.runId());
        }
    }

    @Test
    void ofManyTakingTheLockAtOnceExactlyOneGetsIt() throws Exception {
        ResultLayout layout = new ResultLayout(dir.resolve("race").toString());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                List<Future<ResultsLock>> tries = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    tries.add(pool.submit(() -> {
                        try {
                            return ResultsLock.acquire(conf, layout, "run", LOCAL, false);
                        } catch (UserException.BadOutput refused) {
                            return null;
                        }
                    }));
                }
                List<ResultsLock> winners = new ArrayList<>();
                for (Future<ResultsLock> t : tries) {
                    if (t.get() != null) {
                        winners.add(t.get());
                    }
                }
                winners.forEach(ResultsLock::close);
                assertEquals(1, winners.size(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLockOfAProcessGoneFromThisHostIsTakenOver() throws Exception {
        ResultLayout layout = new ResultLayout(dir.resolve("dead").toString());
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ResultsLock.Holder dead = new ResultsLock.Holder("dead-run", "run", InetAddress.getLocalHost().getHostName(),
                gone.pid(), Instant.now().minusSeconds(60).toString(), null);
        writeLock(layout, dead);
        try (ResultsLock lock = ResultsLock.acquire(conf, layout, "run", LOCAL, false)) {
            assertNotEquals("dead-run", lock.runId());
            assertTrue(Files.readString(Path.of(layout.lock())).contains(lock.runId()));
        }
    }

    @Test
    void aLockFromAnotherHostNeedsForceUnlock() throws IOException {
        ResultLayout layout = new ResultLayout(dir.resolve("other").toString());
        writeLock(layout, new ResultsLock.Holder("their-run", "run", "another-host", 1, Instant.now().toString(), null));
        UserException e = assertThrows(UserException.BadOutput.class, () -> ResultsLock.acquire(conf, layout, "run", LOCAL, false));
        assertTrue(e.getMessage().contains("(run their-run, host another-host, pid 1, started "), e.getMessage());
        assertTrue(Files.readString(Path.of(layout.lock())).contains("their-run"), "a refused run leaves the lock as it was");
        try (ResultsLock lock = ResultsLock.acquire(conf, layout, "run", LOCAL, true)) {
            assertTrue(Files.readString(Path.of(layout.lock())).contains(lock.runId()));
        }
        assertFalse(Files.exists(Path.of(layout.lock())));
    }

    /** YARN's second attempt of an application (maxAppAttempts 2) resumes the run its lost first attempt held. */
    @Test
    void aLaterAttemptOfTheSameApplicationTakesOverItsLockAndNoOtherRunDoes() throws IOException {
        ResultLayout layout = new ResultLayout(dir.resolve("attempts").toString());
        ResultsLock.SparkApp first = new ResultsLock.SparkApp("application_1_0001", "1");
        writeLock(layout, new ResultsLock.Holder("attempt-1", "run", "node-a", 7, Instant.now().toString(), first));
        for (ResultsLock.SparkApp other : List.of(first, new ResultsLock.SparkApp("application_1_0002", "2"),
                new ResultsLock.SparkApp("application_1_0001", null), LOCAL)) {
            assertThrows(UserException.BadOutput.class, () -> ResultsLock.acquire(conf, layout, "run", other, false),
                    other.toString());
        }
        try (ResultsLock lock = ResultsLock.acquire(conf, layout, "run",
                new ResultsLock.SparkApp("application_1_0001", "2"), false)) {
            String held = Files.readString(Path.of(layout.lock()));
            assertTrue(held.contains(lock.runId()) && held.contains("\"attempt\":\"2\""), held);
        }
    }

    @Test
    void anEmptyLockFileIsNamedAsSuch() throws IOException {
        ResultLayout layout = new ResultLayout(dir.resolve("empty").toString());
        Files.createDirectories(Path.of(layout.root()));
        Files.createFile(Path.of(layout.lock()));
        UserException e = assertThrows(UserException.BadOutput.class, () -> ResultsLock.acquire(conf, layout, "run", LOCAL, false));
        assertEquals("results folder " + layout.root() + " is locked by an unreadable _lock: if no skypatch run writes "
                + "there, run again with --force-unlock", e.getMessage());
    }

    @Test
    void aFolderThatCannotBeCreatedIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        UserException e = assertThrows(UserException.BadOutput.class,
                () -> ResultsLock.acquire(conf, new ResultLayout(file.resolve("out").toString()), "run", LOCAL, false));
        assertTrue(e.getMessage().startsWith("cannot write the results folder " + file.resolve("out")), e.getMessage());
        assertTrue(e.getMessage().endsWith("choose a folder you can write to"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static void writeLock(ResultLayout layout, ResultsLock.Holder holder) throws IOException {
        Files.createDirectories(Path.of(layout.root()));
        Files.write(Path.of(layout.lock()), new ObjectMapper().writeValueAsBytes(holder));
    }
}
