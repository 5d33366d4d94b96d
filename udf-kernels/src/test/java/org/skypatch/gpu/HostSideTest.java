package org.skypatch.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitResult;
import org.skypatch.likelihood.LikelihoodEvaluator;
import org.skypatch.likelihood.Evaluation;

/**
 * Everything of the GPU backend but the silicon, on a {@link ModelCuda} device: tuple segments and
 * chunks, data and parameter packing, the kernels' arguments, buffers and result rows, the kernels'
 * formulas and summation order (through {@link KernelModel}), unpacking and lockstep fitting, all
 * against the CPU engine. Tolerances are the GPU-vs-CPU ones: NLL 1e-10 relative, gradients,
 * Hessian blocks and fitted parameters 1e-8.
 */
class HostSideTest {
    private static BatchFixture fx;

    @BeforeAll
    static void load() {
        fx = new BatchFixture();
    }

    @Test
    void segmentsAndChunksPartitionThePixelsByTupleInAscendingOrder() {
        TupleLayout l = fx.layout;
        int[] tupleOfPixel = fx.engine.tupleOfPixel();
        int[][] params = fx.engine.tupleParameters();
        assertEquals(0, l.segment[0]);
        assertEquals(l.pixels, l.segment[l.tuples]);
        boolean[] seen = new boolean[l.pixels];
        int largest = 0;
        for (int t = 0; t < l.tuples; t++) {
            assertTrue(l.segment[t + 1] > l.segment[t], "tuple " + t + " is empty");
            largest = Math.max(largest, l.segment[t + 1] - l.segment[t]);
            for (int ps = l.segment[t]; ps < l.segment[t + 1]; ps++) {
                int p = l.sortedPixel[ps];
                assertEquals(t, tupleOfPixel[p], "sorted position " + ps);
                assertEquals(t, l.tupleOfSorted[ps]);
                seen[p] = true;
                if (ps > l.segment[t]) {
                    assertTrue(p > l.sortedPixel[ps - 1], "pixels ascend within tuple " + t);
                }
            }
            assertEquals(params[t][0], l.tupleParam[3 * t]);
            assertEquals(params[t][1], l.kDustBeta + l.tupleParam[3 * t + 1]);
            assertEquals(params[t][2], l.kDustBeta + l.kDustTemp + l.tupleParam[3 * t + 2]);
            // the tuple's chunks tile its segment, each at most CHUNK pixels
            assertEquals(l.segment[t], l.chunkStart[l.tupleChunk[t]]);
            for (int c = l.tupleChunk[t]; c < l.tupleChunk[t + 1]; c++) {
                assertEquals(t, l.chunkTuple[c]);
                int size = l.chunkStart[c + 1] - l.chunkStart[c];
                assertTrue(size > 0 && size <= TupleLayout.CHUNK, "chunk " + c + " holds " + size + " pixels");
            }
            assertEquals(l.segment[t + 1], l.chunkStart[l.tupleChunk[t + 1]]);
        }
        for (int p = 0; p < l.pixels; p++) {
            assertTrue(seen[p], "zone pixel " + p + " is in no segment");
        }
        assertTrue(largest > 4 * TupleLayout.CHUNK, "the fixture must have tuples of several chunks (" + largest + ")");
    }

    @Test
    void batchEvaluationsOnTheModelDeviceMatchTheCpuEngine() {
        ModelCuda device = new ModelCuda();
        int n = fx.batch.size();
        int params = fx.layout.parameters();
        int tuples = fx.layout.tuples;
        try (GpuSession session = new GpuSession(device, 0);
             GpuBatch batch = new GpuBatch(session, fx.problem, fx.engine, fx.batch, null)) {
            DoubleBuffer out = batch.evaluate(all(n), n, points(fx, n), true);
            for (int r = 0; r < n; r++) {
                Evaluation e = new Evaluation(fx.point(r), new double[params],
                        new double[tuples][9], new double[tuples][3], new double[tuples]);
                fx.layout.unpack(out, r, n, e);
                Evaluation cpu = new Evaluation(fx.point(r), new double[params],
                        new double[tuples][9], new double[tuples][3], new double[tuples]);
                LikelihoodEvaluator engine = fx.engine.evaluator(fx.batch.get(r));
                engine.setParameters(fx.point(r));
                double cpuNll = engine.evaluate(cpu.grad(), cpu.hessian(), cpu.tupleGrad(), cpu.tupleNll());
                assertEquals(cpuNll, Arrays.stream(e.tupleNll()).sum(), 1e-10 * Math.abs(cpuNll), "NLL " + r);
                assertClose(cpu.grad(), e.grad(), 1e-8, "gradient of realization " + r);
                double gradScale = maxAbs(cpu.grad());
                for (int t = 0; t < tuples; t++) {
                    assertEquals(cpu.tupleNll()[t], e.tupleNll()[t], 1e-10 * Math.abs(cpuNll), "tuple " + t + " NLL");
                    assertClose(cpu.hessian()[t], e.hessian()[t], 1e-8, "tuple " + t + " Hessian");
                    for (int a = 0; a < 3; a++) {
                        assertEquals(cpu.tupleGrad()[t][a], e.tupleGrad()[t][a], 1e-8 * gradScale, "tuple " + t);
                    }
                }
            }
            // tuple gradients alone: rows 1..3 come back, equal to the full launch's
            double[][] full = tupleGrads(out, n);
            assertArrayEquals(flat(full), flat(tupleGrads(batch.evaluate(all(n), n, points(fx, n), false), n)));
        }
    }

    @Test
    void aRealizationsResultDoesNotDependOnTheOthersInTheLaunch() {
        try (GpuSession session = new GpuSession(new ModelCuda(), 0);
             GpuBatch batch = new GpuBatch(session, fx.problem, fx.engine, fx.batch, null)) {
            int n = fx.batch.size();
            int tuples = fx.layout.tuples;
            double[] all = copy(batch.evaluate(all(n), n, points(fx, n), true), TupleLayout.OUTPUTS * n * tuples);
            // realization 2 alone (the others masked, as after they converged), in slot 0
            double[] x2 = fx.point(2);
            double[] alone = copy(batch.evaluate(new int[] {2}, 1, x2, true), TupleLayout.OUTPUTS * tuples);
            for (int k = 0; k < TupleLayout.OUTPUTS; k++) {
                assertArrayEquals(Arrays.copyOfRange(all, (k * n + 2) * tuples, (k * n + 3) * tuples),
                        Arrays.copyOfRange(alone, k * tuples, (k + 1) * tuples), "output row " + k);
            }
        }
    }

    @Test
    void lockstepFitsMatchTheCpuEngineFitByFit() {
        // fitted to well below the statistical error, so that both stop at the same minimum
        FitOptions options = FitOptions.defaults().withTolerances(1e-6, 1e-6);
        long[] slots = new long[1];
        ModelCuda device = new ModelCuda() {
            @Override
            public int launch(jcuda.driver.CUfunction f, String name, int blocks, int threads, KernelArgs args) {
                slots[0] += name.equals("tuple_outputs") ? args.intAt(3) : 0;
                return super.launch(f, name, blocks, threads, args);
            }
        };
        List<FitResult> lockstep;
        try (GpuSession session = new GpuSession(device, 0)) {
            lockstep = Backend.fitOnGpu(session, fx.engine, fx.problem, fx.batch, options, null);
        }
        // the lockstep batch takes finite differences of the gradient for the exact Hessian: so does this CPU fit
        List<FitResult> cpu = new ComponentSeparation(fx.problem).fitBatch(fx.batch, options.withFiniteDifferenceHessian());
        int maxEvaluations = 0;
        long evaluations = 0;
        for (int r = 0; r < cpu.size(); r++) {
            FitResult a = cpu.get(r);
            FitResult b = lockstep.get(r);
            assertTrue(a.converged() && b.converged(), "realization " + r + " converged");
            assertEquals(a.iterations(), b.iterations(), "realization " + r + " iterations");
            assertEquals(a.nll(), b.nll(), 1e-10 * Math.abs(a.nll()), "realization " + r + " NLL");
            assertClose(a.dustBeta(), b.dustBeta(), 1e-8, "beta_d");
            assertClose(a.dustTemp(), b.dustTemp(), 1e-8, "T_d");
            assertClose(a.syncBeta(), b.syncBeta(), 1e-8, "beta_s");
            for (int x = 0; x < 2; x++) {
                assertClose(a.cmb()[x], b.cmb()[x], 1e-8, "CMB");
                assertClose(a.dust()[x], b.dust()[x], 1e-8, "dust");
                assertClose(a.sync()[x], b.sync()[x], 1e-8, "sync");
            }
            maxEvaluations = Math.max(maxEvaluations, b.evaluations());
            evaluations += b.evaluations();
        }
        // the CPU's analytic exact Hessian ends at the same minimum, to far below the statistical error
        List<FitResult> analytic = new ComponentSeparation(fx.problem).fitBatch(fx.batch, options);
        for (int r = 0; r < cpu.size(); r++) {
            assertEquals(lockstep.get(r).nll(), analytic.get(r).nll(), 1e-6, "realization " + r + " NLL, analytic");
            assertClose(lockstep.get(r).dustBeta(), analytic.get(r).dustBeta(), 1e-6, "beta_d, analytic");
            assertClose(lockstep.get(r).dustTemp(), analytic.get(r).dustTemp(), 1e-6, "T_d, analytic");
            assertClose(lockstep.get(r).syncBeta(), analytic.get(r).syncBeta(), 1e-6, "beta_s, analytic");
        }
        // lockstep: each evaluation of each fit is one slot of one launch; a round launches the three
        // evaluations of a fit's exact Hessian together, so the longest fit needs fewer rounds than evaluations
        assertEquals(evaluations, slots[0], "every evaluation launched once");
        int rounds = device.count("launch tuple_outputs");
        assertTrue(rounds < maxEvaluations && rounds > maxEvaluations / 3, rounds + " rounds, " + maxEvaluations);
        assertEquals(1, device.count("launch reconstruct_components"), "components of all realizations in one launch");
    }

    /**
     * Independent patches (evaluations restricted to the subproblems still open) and restarts from
     * other starts and from neighbouring patches: each realization's lockstep fit ends where the CPU
     * engine's does, subproblem by subproblem (evaluation counts may differ by rounding-level line
     * searches at this tight tolerance, and so which test stopped a patch).
     */
    @Test
    void lockstepRestartsOfIndependentPatchesMatchTheCpuEngine() {
        int[] zone = Arrays.copyOf(new org.skypatch.likelihood.CompsepFixture().zonePixels, BatchFixture.PIXELS);
        int[] patches = org.skypatch.cluster.MultiResolutionPatches.labels(64, zone, 8);
        int[][] near = org.skypatch.cluster.ClusterNeighbours.of(64, zone, patches);
        org.skypatch.likelihood.FitProblem problem = new org.skypatch.likelihood.FitProblem(
                fx.problem.frequenciesGHz(), fx.problem.dustRefGHz(), fx.problem.syncRefGHz(), fx.problem.noiseSigma(),
                patches, patches, patches);
        // fitted to well below the statistical error, so that both stop at the same minimum
        FitOptions options = FitOptions.defaults().withTolerances(1e-6, 1e-6).withRestarts(new double[] {1.6, 22, -2.7});
        ComponentSeparation engine = new ComponentSeparation(problem, new int[][][] {near, near, near});
        List<FitResult> lockstep;
        try (GpuSession session = new GpuSession(new ModelCuda(), 0)) {
            lockstep = Backend.fitOnGpu(session, engine, problem, fx.batch, options, null);
        }
        int restarted = 0;
        for (int r = 0; r < fx.batch.size(); r++) {
            FitResult a = engine.fit(fx.batch.get(r), options);
            FitResult b = lockstep.get(r);
            String what = "realization " + r;
            assertEquals(a.iterations(), b.iterations(), what + " iterations");
            for (int k = 0; k < a.subproblems().count(); k++) {
                assertEquals(a.subproblems().converged(k), b.subproblems().converged(k), what + " patch " + k);
                // the same minimum: within the NLL tolerance
                assertEquals(a.subproblems().nll()[k], b.subproblems().nll()[k], 1e-6, what + " patch " + k);
            }
            assertArrayEquals(a.subproblems().moved(), b.subproblems().moved(), what);
            assertEquals(a.nll(), b.nll(), 1e-10 * Math.abs(a.nll()), what + " NLL");
            // flat edge patches turn rounding-level differences into 1e-5 of a parameter (a tiny fraction of its error)
            assertClose(a.dustBeta(), b.dustBeta(), 1e-4, "beta_d");
            assertClose(a.dustTemp(), b.dustTemp(), 1e-4, "T_d");
            assertClose(a.syncBeta(), b.syncBeta(), 1e-4, "beta_s");
            restarted += b.subproblems().restartedCount();
        }
        assertTrue(restarted > 0, "some patch was restarted");
    }

    static int[] all(int n) {
        int[] a = new int[n];
        for (int r = 0; r < n; r++) {
            a[r] = r;
        }
        return a;
    }

    /** fx.point(r) of every realization, [slot][parameter]. */
    static double[] points(BatchFixture fx, int n) {
        int params = fx.layout.parameters();
        double[] x = new double[n * params];
        for (int r = 0; r < n; r++) {
            System.arraycopy(fx.point(r), 0, x, r * params, params);
        }
        return x;
    }

    private static double[][] tupleGrads(DoubleBuffer out, int n) {
        double[][] g = new double[n][];
        for (int r = 0; r < n; r++) {
            double[][] tg = new double[fx.layout.tuples][3];
            fx.layout.unpack(out, r, n, new Evaluation(null, null, null, tg, null));
            g[r] = flat(tg);
        }
        return g;
    }

    private static double[] flat(double[][] a) {
        return Arrays.stream(a).flatMapToDouble(Arrays::stream).toArray();
    }

    static double[] copy(DoubleBuffer b, int n) {
        double[] out = new double[n];
        b.duplicate().get(out);
        return out;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** Equal to tol relative to the largest magnitude of expected. */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = maxAbs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * scale, what + " " + i);
        }
    }
}
