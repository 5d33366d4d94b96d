package org.skypatch.job.grid;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.skypatch.job.results.UnitStore;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Driver-side progress of the grid: a Spark listener counts finished unit tasks and logs units done/total, fits per
 * second and the estimated time left, at most every few seconds. A wave's Spark job has two stages, the units (one
 * per task) and the files they are written to (one task per zone): only tasks of the units' stage, the one holding
 * the RDD named {@link UnitStore#UNIT_TASKS}, count, each partition once. A unit task that succeeds a second time
 * (Spark lost the first one's output, with its executor, and ran the stage again) ran the unit's fits twice: it is
 * not counted again, and logged as a warning.
 */
public final class Progress extends SparkListener {
    private static final Logger LOG = LogManager.getLogger(Progress.class);
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final long totalUnits;
    private final double fitsPerUnit;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong();
    private volatile long unitsAtStart;
    private final Set<Integer> unitStages = ConcurrentHashMap.newKeySet();
    private final Set<Long> finished = ConcurrentHashMap.newKeySet();
    private final AtomicLong recomputed = new AtomicLong();

    /**
     * @param totalUnits  units of the whole study
     * @param doneAtStart units already written by an earlier run
     * @param fitsPerUnit average fits per unit
     */
    public Progress(long totalUnits, long doneAtStart, double fitsPerUnit) {
        this.totalUnits = totalUnits;
        this.fitsPerUnit = fitsPerUnit;
        this.unitsAtStart = doneAtStart;
        this.done.set(doneAtStart);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        StageInfo stage = submitted.stageInfo();
        if (CollectionConverters.asJava(stage.rddInfos()).stream().anyMatch(r -> UnitStore.UNIT_TASKS.equals(r.name()))) {
            unitStages.add(stage.stageId());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful() || !unitStages.contains(end.stageId())) {
            return;
        }
        if (!finished.add(((long) end.stageId() << 32) | end.taskInfo().partitionId())) {
            recomputed.incrementAndGet();
            LOG.warn("the unit of task {} in Spark stage {} was computed a second time (stage attempt {}): Spark lost "
                    + "its first output (an executor lost?) and ran its fits again; same results, more time",
                    end.taskInfo().partitionId(), end.stageId(), end.stageAttemptId());
            return;
        }
        long d = done.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (d == totalUnits || (now - last > LOG_EVERY_NANOS && lastLog.compareAndSet(last, now))) {
            log(d, now);
        }
    }

    /** Units done, those of earlier runs included. */
    public long done() {
        return done.get();
    }

    /** Unit tasks that succeeded again after a first success: units whose fits ran twice. */
    public long recomputed() {
        return recomputed.get();
    }

    private void log(long d, long now) {
        double seconds = (now - start) * 1e-9;
        double unitsPerSecond = (d - unitsAtStart) / Math.max(seconds, 1e-9);
        double eta = unitsPerSecond > 0 ? (totalUnits - d) / unitsPerSecond : Double.NaN;
        LOG.info(String.format(Locale.ROOT, "units %d/%d, %.2f fits/s, ETA %s", d, totalUnits,
                unitsPerSecond * fitsPerUnit, Double.isNaN(eta) ? "?" : formatSeconds(eta)));
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
