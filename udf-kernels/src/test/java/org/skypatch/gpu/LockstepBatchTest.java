package org.skypatch.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jcuda.driver.CUfunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.FitResult;

/**
 * The lockstep driver under faults: an interrupt (a killed Spark task) stops it between launches, a
 * failing fit or an error in the device layer stops the batch with that failure (no stale results,
 * no hang), and host threads stay bounded by the cores however many realizations a batch holds.
 */
class LockstepBatchTest {
    private static BatchFixture fx;

    @BeforeAll
    static void load() {
        fx = new BatchFixture();
    }

    /** The model device with a hook run after the n-th tuple_outputs launch. */
    private static class Hooked extends ModelCuda {
        private final int at;
        private final java.util.function.BiConsumer<Hooked, KernelArgs> hook;
        int outputs;

        Hooked(int at, java.util.function.BiConsumer<Hooked, KernelArgs> hook) {
            this.at = at;
            this.hook = hook;
        }

        @Override
        public int launch(CUfunction f, String name, int blocks, int threads, KernelArgs args) {
            int rc = super.launch(f, name, blocks, threads, args);
            if (name.equals("tuple_outputs") && ++outputs == at) {
                hook.accept(this, args);
            }
            return rc;
        }
    }

    private static List<FitResult> fit(GpuSession session) {
        return Backend.fitOnGpu(session, fx.engine, fx.problem, fx.batch, FitOptions.defaults(), null);
    }

    @Test
    void anInterruptStopsTheBatchBetweenLaunchesAndFreesTheDeviceForTheNext() throws Exception {
        Hooked device = new Hooked(5, (d, args) -> Thread.currentThread().interrupt());
        GpuSession session = new GpuSession(device, 0);
        try {
            CancellationException e = assertThrows(CancellationException.class, () -> fit(session));
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertTrue(Thread.interrupted(), "the interrupt stays set for the caller (and is cleared here)");
            assertEquals(5, device.outputs, "no launch after the interrupt");
            // the session is free and whole: another thread fits on it
            var other = Executors.newSingleThreadExecutor();
            List<FitResult> next = other.submit(() -> fit(session)).get(60, TimeUnit.SECONDS);
            other.shutdown();
            assertEquals(fx.batch.size(), next.size());
        } finally {
            session.close();
        }
    }

    @Test
    void aFailingFitStopsTheBatchNamingItsRealization() {
        // the third launch flags realization 1's first tuple singular (the kernel's NaN outputs)
        Hooked device = new Hooked(3, (d, args) -> {
            int tuples = args.intAt(1);
            int slots = args.intAt(3);
            d.doubles(args.bufferAt(11)).put((1 * slots + 1) * tuples, Double.NaN);
        });
        try (GpuSession session = new GpuSession(device, 0)) {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> fit(session));
            assertEquals("realization 1 of the GPU batch: singular mixing matrix in cluster tuple 0:"
                    + " components are degenerate at these parameters", e.getMessage());
            assertEquals(3, device.outputs, "the batch stops at the failing round");
        }
    }

    @Test
    void anErrorInTheDeviceLayerReachesTheCaller() {
        Hooked device = new Hooked(2, (d, args) -> {
            throw new OutOfMemoryError("model device: Java heap space");
        });
        try (GpuSession session = new GpuSession(device, 0)) {
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> fit(session));
            assertEquals("model device: Java heap space", e.getMessage());
            // and the session was given back: the next batch runs
            device.outputs = 100;
            assertEquals(fx.batch.size(), fit(session).size());
        }
    }

    @Test
    void hostThreadsAreBoundedByTheCoresNotTheRealizations() {
        int pixels = 48;
        int[] zero = new int[pixels];
        int[] two = new int[pixels];
        for (int p = 0; p < pixels; p++) {
            two[p] = p % 2;
        }
        FitProblem problem = new FitProblem(fx.problem.frequenciesGHz(), fx.problem.dustRefGHz(),
                fx.problem.syncRefGHz(), fx.problem.noiseSigma(), two, zero, two);
        List<double[][][]> many = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int r = 0; r < 400; r++) {
            double[][][] d = new double[fx.problem.bandCount()][2][];
            for (int f = 0; f < d.length; f++) {
                for (int x = 0; x < 2; x++) {
                    d[f][x] = Arrays.copyOf(fx.batch.get(0)[f][x], pixels);
                    d[f][x][r % pixels] += fx.problem.noiseSigma()[f] * random.nextGaussian();
                }
            }
            many.add(d);
        }
        ComponentSeparation engine = new ComponentSeparation(problem);
        List<FitResult> fits;
        try (GpuSession session = new GpuSession(new ModelCuda(), 0)) {
            fits = Backend.fitOnGpu(session, engine, problem, many, FitOptions.defaults(), null);
        }
        long hostThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("skypatch-gpu-host-")).count();
        assertTrue(hostThreads <= Runtime.getRuntime().availableProcessors(),
                hostThreads + " host threads for 400 realizations");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().contains("realization")),
                "no thread per realization");
        for (int r = 0; r < many.size(); r += 97) {
            FitResult cpu = engine.fit(many.get(r), FitOptions.defaults().withFiniteDifferenceHessian());
            assertEquals(cpu.nll(), fits.get(r).nll(), 1e-10 * Math.abs(cpu.nll()), "realization " + r);
            assertEquals(cpu.iterations(), fits.get(r).iterations(), "realization " + r);
        }
    }
}
