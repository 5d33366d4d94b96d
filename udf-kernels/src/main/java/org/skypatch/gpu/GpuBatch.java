package org.skypatch.gpu;

import static org.skypatch.gpu.GpuSession.Buffer.ACTIVE;
import static org.skypatch.gpu.GpuSession.Buffer.BAND;
import static org.skypatch.gpu.GpuSession.Buffer.CHUNK_START;
import static org.skypatch.gpu.GpuSession.Buffer.CHUNK_TUPLE;
import static org.skypatch.gpu.GpuSession.Buffer.COMPONENTS;
import static org.skypatch.gpu.GpuSession.Buffer.DATA;
import static org.skypatch.gpu.GpuSession.Buffer.MOMENTS;
import static org.skypatch.gpu.GpuSession.Buffer.OUT;
import static org.skypatch.gpu.GpuSession.Buffer.PARAMETERS;
import static org.skypatch.gpu.GpuSession.Buffer.SED;
import static org.skypatch.gpu.GpuSession.Buffer.TUPLE_CHUNK;
import static org.skypatch.gpu.GpuSession.Buffer.TUPLE_OF;
import static org.skypatch.gpu.GpuSession.Buffer.TUPLE_PARAM;

import java.nio.DoubleBuffer;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.SedTables;
import org.skypatch.sky.Seds;

/**
 * A batch of R noise realizations of one configuration on a {@link GpuSession}: the whitened data
 * go up once and stay resident; an evaluation uploads only the parameter vectors of the
 * realizations still being fitted (kilobytes: the SED tables are built on the device) and brings
 * back, through pinned memory, only the rows of per-tuple outputs the fits asked for. Holds the
 * session's lock from construction to {@link #close()}; closing keeps the session's buffers for the
 * next batch. Not thread-safe: one thread launches, so nothing can be freed under a running launch.
 */
final class GpuBatch implements AutoCloseable {
    private final GpuSession session;
    final TupleLayout layout;
    private final int realizations;
    private final double hOverK = Seds.H_OVER_K;
    private final double dustRef;
    private final double syncRef;
    private final double rjDustRef;
    private final double rjSyncRef;
    /** Per-phase times when measured (GpuCheck), else null. */
    private final GpuTimings timings;
    private boolean open;

    /**
     * Why the kernels cannot evaluate a problem, or null when they can. They build a tuple's dust
     * column as a per-band product of a beta_d and a T_d table with per-band log-derivatives,
     * which only delta bands satisfy (a bandpass average of the product is no product), and whiten
     * with one sigma per band, which per-pixel noise breaks.
     */
    static String unsupported(FitProblem problem) {
        if (problem.hasBandpasses()) {
            return "FitProblem.bandpasses are not supported by the CUDA kernels";
        }
        return problem.hasPixelNoise() ? "FitProblem.pixelNoiseSigma (per-pixel noise) is not supported by the CUDA kernels"
                : null;
    }

    /** Launch slots per realization at most: a fit asks for the three evaluations of its exact Hessian at once. */
    static final int SLOTS_PER_REALIZATION = 3;

    /**
     * Device bytes one realization of a layout takes (data and components, and for each of its slots
     * parameters, SED tables, moments and outputs), for capping a batch by device memory.
     */
    static long bytesPerRealization(TupleLayout l) {
        long perSlot = 8L * (l.parameters() + l.sedEntries() + (long) TupleLayout.MOMENTS * l.chunks
                + (long) TupleLayout.OUTPUTS * l.tuples) + 4;
        return 8L * (l.dataPerRealization() + 6L * l.pixels) + SLOTS_PER_REALIZATION * perSlot;
    }

    /**
     * The largest batch of this layout the session's device holds in 80% of its free memory, and
     * whose arrays stay within Java's int indices.
     */
    static int capacity(TupleLayout l, GpuSession session) {
        long fixed = 4L * (3L * l.pixels + 4L * l.tuples + 2L * l.chunks) + 8L * TupleLayout.BAND_ROWS * l.bands;
        long byMemory = (long) (0.8 * session.availableMemory() - fixed) / bytesPerRealization(l);
        long perSlot = SLOTS_PER_REALIZATION * Math.max(Math.max((long) TupleLayout.OUTPUTS * l.tuples,
                (long) TupleLayout.MOMENTS * l.chunks), Math.max(l.sedEntries(), l.parameters()));
        long byIndex = (Integer.MAX_VALUE - 8) / Math.max(Math.max(l.dataPerRealization(), 6L * l.pixels), perSlot);
        return (int) Math.max(1, Math.min(byMemory, byIndex));
    }

    /**
     * Takes the session and uploads a batch.
     *
     * @param batch realizations, each [band][stokes Q=0,U=1][zone pixel] in the units of the noise sigma
     * @param timings where to add per-phase times (each phase then waits for the device), or null
     * @throws IllegalArgumentException for a problem the kernels cannot evaluate (see {@link #unsupported})
     */
    GpuBatch(GpuSession session, FitProblem problem, ComponentSeparation engine, List<double[][][]> batch,
             GpuTimings timings) {
        String why = unsupported(problem);
        if (why != null) {
            throw new IllegalArgumentException("backend gpu: " + why + ": set backend: cpu or auto");
        }
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a GPU batch needs at least one realization");
        }
        this.session = session;
        this.timings = timings;
        this.realizations = batch.size();
        layout = TupleLayout.of(problem, engine);
        dustRef = problem.dustRefGHz();
        syncRef = problem.syncRefGHz();
        rjDustRef = Seds.rjToCmb(dustRef);
        rjSyncRef = Seds.rjToCmb(syncRef);
        double[] data = layout.packData(batch, new SedTables(problem).invSigma);
        double[] band = TupleLayout.bandTable(problem);
        session.lock();
        open = true;
        try {
            long t0 = System.nanoTime();
            session.upload(DATA, data, data.length);
            session.upload(CHUNK_START, layout.chunkStart, layout.chunkStart.length);
            session.upload(CHUNK_TUPLE, layout.chunkTuple, layout.chunkTuple.length);
            session.upload(TUPLE_CHUNK, layout.tupleChunk, layout.tupleChunk.length);
            session.upload(TUPLE_OF, layout.tupleOfSorted, layout.tupleOfSorted.length);
            session.upload(TUPLE_PARAM, layout.tupleParam, layout.tupleParam.length);
            session.upload(BAND, band, band.length);
            reserveSlots(SLOTS_PER_REALIZATION * realizations);
            if (timings != null) {
                session.synchronize();
                timings.add(GpuTimings.Phase.BATCH_UPLOAD, System.nanoTime() - t0);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    int realizations() {
        return realizations;
    }

    /** Sizes the per-slot buffers once for the most slots a round can launch, so that no round reallocates. */
    private void reserveSlots(int slots) {
        session.buffer(PARAMETERS, 8L * layout.parameters() * slots);
        session.buffer(ACTIVE, 4L * slots);
        session.buffer(SED, 8L * layout.sedEntries() * slots);
        session.buffer(MOMENTS, 8L * TupleLayout.MOMENTS * layout.chunks * slots);
        session.buffer(OUT, 8L * TupleLayout.OUTPUTS * layout.tuples * slots);
        session.hostBuffer(GpuSession.HostBuffer.OUT, 8L * TupleLayout.OUTPUTS * layout.tuples * slots);
    }

    /**
     * Per-tuple outputs of the realizations active[0..slots-1] at parameters x ([slot][parameter]):
     * a view of [13][slots][tuples] (see spectral_likelihood.cu) in pinned host memory, valid until
     * the next call. Without full, only rows 1..3 (the tuple gradients) are brought back.
     */
    DoubleBuffer evaluate(int[] active, int slots, double[] x, boolean full) {
        long t = System.nanoTime();
        CUdeviceptr sed = sedTables(active, slots, x);
        t = lap(GpuTimings.Phase.SED, t);
        CUdeviceptr moments = session.buffer(MOMENTS, 8L * TupleLayout.MOMENTS * layout.chunks * slots);
        session.launch("chunk_moments", (long) layout.chunks * slots, new KernelArgs()
                .ints(layout.bands, layout.pixels, layout.chunks, slots, realizations, layout.kDustBeta, layout.kDustTemp)
                .buffers(session.buffer(DATA, 0), session.buffer(CHUNK_START, 0), session.buffer(CHUNK_TUPLE, 0),
                        session.buffer(TUPLE_PARAM, 0), session.buffer(BAND, 0), sed, session.buffer(ACTIVE, 0),
                        moments));
        t = lap(GpuTimings.Phase.MOMENTS, t);
        long row = (long) slots * layout.tuples;
        CUdeviceptr out = session.buffer(OUT, 8L * TupleLayout.OUTPUTS * row);
        session.launch("tuple_outputs", row, new KernelArgs()
                .ints(layout.bands, layout.tuples, layout.chunks, slots, layout.kDustBeta, layout.kDustTemp)
                .buffers(session.buffer(TUPLE_CHUNK, 0), session.buffer(TUPLE_PARAM, 0), session.buffer(BAND, 0), sed,
                        moments, out));
        t = lap(GpuTimings.Phase.OUTPUTS, t);
        CudaApi.HostBuffer host = session.hostBuffer(GpuSession.HostBuffer.OUT, 8L * TupleLayout.OUTPUTS * row);
        long first = full ? 0 : 1;
        long rows = full ? TupleLayout.OUTPUTS : 3;
        session.download(host, out, 8L * first * row, 8L * rows * row);
        lap(GpuTimings.Phase.DOWNLOAD, t);
        if (timings != null) {
            timings.evaluations++;
            timings.downloadedBytes += 8L * rows * row;
        }
        return host.bytes().asDoubleBuffer();
    }

    /**
     * Component amplitudes of the realizations active[0..slots-1] at parameters x ([slot][parameter]):
     * a view of [slot][component][stokes][sorted position] in pinned host memory, valid until the next call.
     */
    DoubleBuffer components(int[] active, int slots, double[] x) {
        CUdeviceptr sed = sedTables(active, slots, x);
        long values = 6L * layout.pixels * slots;
        CUdeviceptr comps = session.buffer(COMPONENTS, 8 * values);
        session.launch("reconstruct_components", (long) layout.pixels * slots, new KernelArgs()
                .ints(layout.bands, layout.pixels, slots, realizations, layout.kDustBeta, layout.kDustTemp)
                .buffers(session.buffer(DATA, 0), session.buffer(TUPLE_OF, 0), session.buffer(TUPLE_PARAM, 0),
                        session.buffer(BAND, 0), sed, session.buffer(ACTIVE, 0), comps));
        CudaApi.HostBuffer host = session.hostBuffer(GpuSession.HostBuffer.COMPONENTS, 8 * values);
        session.download(host, comps, 0, 8 * values);
        return host.bytes().asDoubleBuffer();
    }

    /** Uploads the slots' parameters and realization numbers, and builds their SED tables on the device. */
    private CUdeviceptr sedTables(int[] active, int slots, double[] x) {
        if (!open) {
            throw new IllegalStateException("this GPU batch is closed");
        }
        int n = layout.parameters();
        CUdeviceptr params = session.upload(PARAMETERS, x, slots * n);
        session.upload(ACTIVE, active, slots);
        CUdeviceptr sed = session.buffer(SED, 8L * layout.sedEntries() * slots);
        session.launch("sed_tables", (long) layout.sedEntries() * slots, new KernelArgs()
                .ints(layout.bands, layout.kDustBeta, layout.kDustTemp, layout.kSyncBeta, slots, n)
                .doubles(hOverK, dustRef, syncRef, rjDustRef, rjSyncRef)
                .buffers(session.buffer(BAND, 0), params, sed));
        return sed;
    }

    /** With timings: waits for the device and adds the time since t to phase; returns now. */
    private long lap(GpuTimings.Phase phase, long t) {
        if (timings == null) {
            return t;
        }
        session.synchronize();
        long now = System.nanoTime();
        timings.add(phase, now - t);
        return now;
    }

    /** Gives the session back (its buffers stay resident for the next batch). Idempotent. */
    @Override
    public void close() {
        if (open) {
            open = false;
            session.unlock();
        }
    }
}
