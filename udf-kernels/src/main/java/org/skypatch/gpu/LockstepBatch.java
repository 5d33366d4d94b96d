package org.skypatch.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Phaser;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;
import org.skypatch.likelihood.LikelihoodEvaluator;
import org.skypatch.likelihood.SedTables;

/**
 * Runs the CPU engine's optimiser on every realization of a GPU batch in lockstep: one thread
 * per realization (each with its own optimiser state and host SED tables), all meeting at a
 * barrier for every evaluation; the last to arrive runs one kernel launch for all of them.
 * A realization that has converged (or hit its iteration cap) leaves the barrier, and later
 * launches mask it out, so each realization takes exactly the steps it would take alone and
 * reports its own iteration count. Results do not depend on thread timing: each realization's
 * numbers come from its own block of a deterministic launch.
 */
final class LockstepBatch {
    private final DeviceKernels gpu;
    private final FitProblem problem;
    private final TupleLayout layout;
    private final SedTables[] tables;
    private final boolean[] requested;
    private final int[] slotOf;
    private final int[] active;
    private final double[] sedHost;
    private final double[] result;
    private final Phaser barrier;
    private volatile RuntimeException launchFailure;

    LockstepBatch(DeviceKernels gpu, FitProblem problem) {
        this.gpu = gpu;
        this.problem = problem;
        this.layout = gpu.layout();
        int n = gpu.realizations();
        tables = new SedTables[n];
        requested = new boolean[n];
        slotOf = new int[n];
        active = new int[n];
        sedHost = new double[n * layout.sedStride()];
        result = new double[n * layout.tuples * TupleLayout.OUTPUTS];
        barrier = new Phaser(n) {
            @Override
            protected boolean onAdvance(int phase, int parties) {
                launch();
                return parties == 0;
            }
        };
    }

    /** Runs in the last thread to arrive, while all others wait: one launch for every request. */
    private void launch() {
        int slots = 0;
        for (int r = 0; r < requested.length; r++) {
            if (requested[r]) {
                requested[r] = false;
                slotOf[r] = slots;
                active[slots] = r;
                layout.packSed(tables[r], sedHost, slots);
                slots++;
            }
        }
        if (slots == 0 || launchFailure != null) {
            return;
        }
        try {
            gpu.evaluate(active, slots, sedHost, result);
        } catch (RuntimeException e) {
            launchFailure = e;
        }
    }

    /** One realization as the optimiser sees it. */
    private final class Realization implements LikelihoodEvaluator {
        private final int r;

        Realization(int r) {
            this.r = r;
        }

        @Override
        public void setParameters(double[] x) {
            tables[r].update(x);
        }

        @Override
        public double evaluate(double[] grad, double[][] hessian, double[][] tupleGrad, double[] tupleNll) {
            requested[r] = true;
            barrier.arriveAndAwaitAdvance();
            if (launchFailure != null) {
                throw new IllegalStateException("GPU evaluation failed: " + launchFailure.getMessage(), launchFailure);
            }
            return layout.unpack(result, slotOf[r], grad, hessian, tupleGrad, tupleNll);
        }
    }

    List<FitResult> fit(FitOptions options) {
        int n = tables.length;
        FitResult[] results = new FitResult[n];
        Throwable[] errors = new Throwable[n];
        List<Thread> threads = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            int rr = r;
            tables[r] = new SedTables(problem);
            Thread thread = new Thread(() -> {
                try {
                    ComponentSeparation engine = new ComponentSeparation(problem);
                    results[rr] = engine.fit(new Realization(rr), options, x -> gpu.components(rr, x));
                } catch (Throwable t) {
                    errors[rr] = t;
                } finally {
                    barrier.arriveAndDeregister();
                }
            }, "skypatch-gpu-realization-" + r);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while fitting a GPU batch", e);
            }
        }
        for (int r = 0; r < n; r++) {
            if (errors[r] instanceof RuntimeException e) {
                throw e;
            }
            if (errors[r] != null) {
                throw new IllegalStateException("fit of realization " + r + " failed: " + errors[r], errors[r]);
            }
        }
        return Arrays.asList(results);
    }
}
