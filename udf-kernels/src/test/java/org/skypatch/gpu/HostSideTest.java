package org.skypatch.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitResult;
import org.skypatch.likelihood.LikelihoodEvaluator;

/**
 * Everything of the GPU backend but the device itself: tuple segments, data and SED-table
 * packing, the kernels' reduction order and formulas (through {@link KernelMirror}, a Java model
 * of the kernels on the uploaded arrays), unpacking, masking and lockstep fitting, all against
 * the CPU engine. Tolerances are the GPU-vs-CPU ones: NLL 1e-10 relative, gradients, Hessian
 * blocks and fitted parameters 1e-8.
 */
class HostSideTest {
    private static BatchFixture fx;

    @BeforeAll
    static void load() {
        fx = new BatchFixture();
    }

    @Test
    void segmentsPartitionThePixelsByTupleInAscendingOrder() {
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
        }
        for (int p = 0; p < l.pixels; p++) {
            assertTrue(seen[p], "zone pixel " + p + " is in no segment");
        }
        assertTrue(largest > TupleLayout.THREADS, "the fixture must have tuples larger than a block (" + largest + ")");
    }

    @Test
    void kernelModelMatchesTheCpuEngine() {
        KernelMirror mirror = new KernelMirror(fx.layout, fx.problem, fx.batch);
        int n = fx.batch.size();
        int[] active = new int[n];
        double[] sed = new double[n * fx.layout.sedStride()];
        org.skypatch.likelihood.SedTables tables = new org.skypatch.likelihood.SedTables(fx.problem);
        for (int r = 0; r < n; r++) {
            active[r] = r;
            tables.update(fx.point(r));
            fx.layout.packSed(tables, sed, r);
        }
        double[] out = new double[n * fx.layout.tuples * TupleLayout.OUTPUTS];
        mirror.evaluate(active, n, sed, out);
        int params = fx.point(0).length;
        int tuples = fx.layout.tuples;
        for (int r = 0; r < n; r++) {
            double[] grad = new double[params];
            double[][] hess = new double[tuples][9];
            double[][] tupleGrad = new double[tuples][3];
            double[] tupleNll = new double[tuples];
            double nll = fx.layout.unpack(out, r, grad, hess, tupleGrad, tupleNll);
            LikelihoodEvaluator cpu = fx.engine.evaluator(fx.batch.get(r));
            cpu.setParameters(fx.point(r));
            double[] cpuGrad = new double[params];
            double[][] cpuHess = new double[tuples][9];
            double[][] cpuTupleGrad = new double[tuples][3];
            double[] cpuTupleNll = new double[tuples];
            double cpuNll = cpu.evaluate(cpuGrad, cpuHess, cpuTupleGrad, cpuTupleNll);
            assertEquals(cpuNll, nll, 1e-10 * Math.abs(cpuNll), "NLL of realization " + r);
            double gradScale = maxAbs(cpuGrad);
            for (int i = 0; i < params; i++) {
                assertEquals(cpuGrad[i], grad[i], 1e-8 * gradScale, "realization " + r + " gradient " + i);
            }
            for (int t = 0; t < tuples; t++) {
                assertEquals(cpuTupleNll[t], tupleNll[t], 1e-10 * Math.abs(cpuNll), "tuple " + t + " NLL");
                double blockScale = maxAbs(cpuHess[t]);
                for (int k = 0; k < 9; k++) {
                    assertEquals(cpuHess[t][k], hess[t][k], 1e-8 * blockScale, "tuple " + t + " Hessian " + k);
                }
                for (int a = 0; a < 3; a++) {
                    assertEquals(cpuTupleGrad[t][a], tupleGrad[t][a], 1e-8 * gradScale, "tuple " + t + " gradient");
                }
            }
        }
    }

    @Test
    void aRealizationsResultDoesNotDependOnTheOthersInTheLaunch() {
        KernelMirror mirror = new KernelMirror(fx.layout, fx.problem, fx.batch);
        int n = fx.batch.size();
        int stride = fx.layout.sedStride();
        double[] sed = new double[n * stride];
        org.skypatch.likelihood.SedTables tables = new org.skypatch.likelihood.SedTables(fx.problem);
        for (int r = 0; r < n; r++) {
            tables.update(fx.point(r));
            fx.layout.packSed(tables, sed, r);
        }
        int outStride = fx.layout.tuples * TupleLayout.OUTPUTS;
        double[] all = new double[n * outStride];
        mirror.evaluate(new int[] {0, 1, 2}, n, sed, all);
        // realization 2 alone (the others masked, as after they converged), in slot 0
        double[] alone = new double[n * outStride];
        double[] sedAlone = java.util.Arrays.copyOfRange(sed, 2 * stride, 3 * stride);
        mirror.evaluate(new int[] {2}, 1, sedAlone, alone);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 2 * outStride, 3 * outStride),
                java.util.Arrays.copyOf(alone, outStride));
    }

    @Test
    void lockstepFitsMatchTheCpuEngineFitByFit() {
        // fitted to well below the statistical error, so that both stop at the same minimum
        FitOptions options = FitOptions.defaults().withTolerances(1e-6, 1e-6);
        KernelMirror mirror = new KernelMirror(fx.layout, fx.problem, fx.batch);
        List<FitResult> lockstep = new LockstepBatch(mirror, fx.problem).fit(options);
        List<FitResult> cpu = new ComponentSeparation(fx.problem).fitBatch(fx.batch, options);
        int maxEvaluations = 0;
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
        }
        // lockstep: one launch per round, as many rounds as the longest fit has evaluations; the
        // last rounds carry only the realizations still fitting (the others are masked out)
        assertEquals(maxEvaluations, mirror.launches);
        int longest = 0;
        for (FitResult b : lockstep) {
            longest += b.evaluations() == maxEvaluations ? 1 : 0;
        }
        assertEquals(longest, mirror.lastSlots);
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
