package org.skypatch.job.grid;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Driver-side progress of the grid: a Spark listener counts finished unit tasks (one unit per task) and
 * logs units done/total, fits per second and the estimated time left, at most every few seconds.
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
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful() || !"ResultTask".equals(end.taskType())) {
            return;
        }
        long d = done.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (d == totalUnits || (now - last > LOG_EVERY_NANOS && lastLog.compareAndSet(last, now))) {
            log(d, now);
        }
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
