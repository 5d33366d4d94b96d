package org.skypatch.gpu;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitResult;
import org.skypatch.likelihood.FitWorkspace;
import org.skypatch.likelihood.Evaluation;
import org.skypatch.likelihood.MultiStartFit;

/**
 * Fits every realization of a GPU batch in lockstep from one thread: each round gathers the
 * evaluations every unfinished fit waits for, runs one launch for all of them, then advances each
 * fit (the optimiser's host-side work, spread over a fixed pool of worker threads, one workspace
 * each). A fit that has ended drops out of later launches, so each realization takes exactly the
 * steps it would take alone and reports its own counts. Only the calling thread touches the
 * device, so an interrupt (a killed Spark task) stops the batch between launches and nothing can
 * run on freed memory; an exception or error of any fit stops the batch with the failure of the
 * lowest such realization.
 */
final class LockstepBatch {
    /** Host-side workers shared by all batches of this JVM: never more threads than cores. */
    private static final int WORKERS = Runtime.getRuntime().availableProcessors();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(WORKERS, new DaemonThreads());

    private final GpuBatch gpu;
    private final ComponentSeparation engine;
    private final GpuTimings timings;

    LockstepBatch(GpuBatch gpu, ComponentSeparation engine, GpuTimings timings) {
        this.gpu = gpu;
        this.engine = engine;
        this.timings = timings;
    }

    /**
     * The fits of every realization of the batch, in order, with the finite-difference exact Hessian: the
     * kernels compute no second derivatives.
     */
    List<FitResult> fit(FitOptions options) {
        int n = gpu.realizations();
        TupleLayout layout = gpu.layout;
        int params = layout.parameters();
        MultiStartFit[] fits = new MultiStartFit[n];
        for (int r = 0; r < n; r++) {
            fits[r] = engine.start(options.withFiniteDifferenceHessian());
        }
        int workers = Math.min(WORKERS, n);
        FitWorkspace[] workspaces = new FitWorkspace[workers];
        for (int w = 0; w < workers; w++) {
            workspaces[w] = engine.workspace();
        }
        // a fit asks for one evaluation, or for the three of its exact Hessian at once
        int[] active = new int[3 * n];
        double[] x = new double[3 * n * params];
        int[] fitOf = new int[n];
        int[] firstSlot = new int[n];
        Throwable[] errors = new Throwable[n];
        while (true) {
            int slots = 0;
            int waiting = 0;
            boolean full = false;
            for (int r = 0; r < n; r++) {
                List<Evaluation> pending = fits[r].pending();
                if (pending.isEmpty()) {
                    continue;
                }
                fitOf[waiting] = r;
                firstSlot[waiting++] = slots;
                for (Evaluation e : pending) {
                    active[slots] = r;
                    System.arraycopy(e.x(), 0, x, slots * params, params);
                    full |= e.full();
                    slots++;
                }
            }
            if (slots == 0) {
                break;
            }
            stopIfInterrupted();
            DoubleBuffer out = gpu.evaluate(active, slots, x, full);
            int launched = slots;
            int fitsThisRound = waiting;
            long t = System.nanoTime();
            // fits taken in turn: the rounds where some fits solve for a step and others do not stay balanced
            AtomicInteger next = new AtomicInteger();
            onWorkers(workers, w -> {
                for (int i = next.getAndIncrement(); i < fitsThisRound; i = next.getAndIncrement()) {
                    try {
                        MultiStartFit fit = fits[fitOf[i]];
                        List<Evaluation> pending = fit.pending();
                        for (int k = 0; k < pending.size(); k++) {
                            layout.unpack(out, firstSlot[i] + k, launched, pending.get(k));
                        }
                        fit.advance(workspaces[w]);
                    } catch (Throwable failure) {
                        errors[i] = failure;
                    }
                }
            });
            if (timings != null) {
                timings.add(GpuTimings.Phase.HOST, System.nanoTime() - t);
            }
            for (int i = 0; i < fitsThisRound; i++) {
                if (errors[i] != null) {
                    throw failure(errors[i], fitOf[i]);
                }
            }
        }
        stopIfInterrupted();
        for (int r = 0; r < n; r++) {
            active[r] = r;
            System.arraycopy(engine.parameters(fits[r]), 0, x, r * params, params);
        }
        DoubleBuffer comps = gpu.components(active, n, x);
        FitResult[] results = new FitResult[n];
        IntStream.range(0, n).parallel().forEach(r -> results[r] = engine.result(fits[r], layout.unsortComponents(comps, r)));
        return Arrays.asList(results);
    }

    private static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("GPU batch interrupted: stopped between launches");
        }
    }

    /** Work on one worker's share of a round. */
    private interface Share {
        void run(int worker);
    }

    /** Runs share(0..workers-1) on the pool and waits for all of them. */
    private static void onWorkers(int workers, Share share) {
        List<Callable<Void>> tasks = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            int worker = w;
            tasks.add(() -> {
                share.run(worker);
                return null;
            });
        }
        try {
            for (Future<Void> f : POOL.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("GPU batch interrupted: stopped between launches");
        } catch (ExecutionException e) {
            throw new IllegalStateException("GPU batch host worker failed: " + e.getCause(), e.getCause());
        }
    }

    /** A fit's failure, naming its realization; an ArithmeticException (degenerate components) stays one. */
    private static RuntimeException failure(Throwable cause, int realization) {
        String what = "realization " + realization + " of the GPU batch";
        if (cause instanceof ArithmeticException a) {
            ArithmeticException named = new ArithmeticException(what + ": " + a.getMessage());
            named.initCause(a);
            return named;
        }
        return new IllegalStateException(what + " failed: " + cause, cause);
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "skypatch-gpu-host-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
