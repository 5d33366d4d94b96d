package org.skypatch.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitOptions;
import org.skypatch.likelihood.FitResult;
import org.skypatch.likelihood.LikelihoodEvaluator;
import org.skypatch.likelihood.Evaluation;

/**
 * The CUDA kernels against the CPU engine (NLL 1e-10 relative, gradients 1e-8, fitted parameters and
 * component maps 1e-8), against their Java model on the model device (1e-10: only libm differs) and
 * against themselves (bit-identical run to run). Needs CUDA device 0 with compute capability 8.0+;
 * skipped elsewhere (CI has no GPU). On a GPU machine: tools/gpu-check.sh runs these too.
 */
@Tag("gpu")
class GpuEquivalenceTest {
    private static BatchFixture fx;

    @BeforeEach
    void requireDevice() {
        GpuDevice device = GpuDevice.probe(0);
        Assumptions.assumeTrue(device.available(), "no CUDA device: " + device.reason());
        if (fx == null) {
            fx = new BatchFixture();
        }
    }

    @Test
    void evaluationsMatchTheCpuEngineAndTheModelAndRepeatBitForBit() {
        int n = fx.batch.size();
        int rows = TupleLayout.OUTPUTS * n * fx.layout.tuples;
        double[] first;
        double[] second;
        GpuSession session = GpuSession.shared(0);
        try (GpuBatch gpu = new GpuBatch(session, fx.problem, fx.engine, fx.batch, null)) {
            first = HostSideTest.copy(gpu.evaluate(HostSideTest.all(n), n, HostSideTest.points(fx, n), true), rows);
            second = HostSideTest.copy(gpu.evaluate(HostSideTest.all(n), n, HostSideTest.points(fx, n), true), rows);
        }
        assertArrayEquals(first, second, "two launches give identical bits");
        double[] model;
        try (GpuSession modelSession = new GpuSession(new ModelCuda(), 0);
             GpuBatch m = new GpuBatch(modelSession, fx.problem, fx.engine, fx.batch, null)) {
            model = HostSideTest.copy(m.evaluate(HostSideTest.all(n), n, HostSideTest.points(fx, n), true), rows);
        }
        int params = fx.layout.parameters();
        for (int r = 0; r < n; r++) {
            double[] grad = new double[params];
            double[] tupleNll = new double[fx.layout.tuples];
            fx.layout.unpack(java.nio.DoubleBuffer.wrap(first), r, n,
                    new Evaluation(null, grad, null, null, tupleNll));
            double nll = java.util.Arrays.stream(tupleNll).sum();
            LikelihoodEvaluator cpu = fx.engine.evaluator(fx.batch.get(r));
            cpu.setParameters(fx.point(r));
            double[] cpuGrad = new double[params];
            double cpuNll = cpu.evaluate(cpuGrad, null, null, null);
            assertEquals(cpuNll, nll, 1e-10 * Math.abs(cpuNll), "NLL of realization " + r);
            HostSideTest.assertClose(cpuGrad, grad, 1e-8, "gradient of realization " + r);
        }
        // per output row and slot, relative to the row's largest value: single outputs (Hessian entries
        // near zero) inherit the rounding of their larger terms, so a per-element bound would test cancellation
        double worst = 0;
        int tuples = fx.layout.tuples;
        for (int row = 0; row < n * TupleLayout.OUTPUTS; row++) {
            double scale = 0;
            for (int t = 0; t < tuples; t++) {
                scale = Math.max(scale, Math.abs(model[row * tuples + t]));
            }
            for (int t = 0; t < tuples; t++) {
                worst = Math.max(worst, Math.abs(first[row * tuples + t] - model[row * tuples + t]) / scale);
            }
        }
        assertTrue(worst < 1e-10, "GPU vs Java kernel model, worst difference relative to its output row " + worst);
    }

    @Test
    void batchFitsMatchTheCpuEngineAndRepeatBitForBit() {
        FitOptions options = FitOptions.defaults().withTolerances(1e-6, 1e-6);
        List<FitResult> gpu = Backend.GPU.fitBatch(fx.problem, fx.batch, options, 0);
        // the same arithmetic: the GPU fits take finite differences of the gradient for the exact Hessian
        List<FitResult> cpu = new ComponentSeparation(fx.problem).fitBatch(fx.batch, options.withFiniteDifferenceHessian());
        for (int r = 0; r < cpu.size(); r++) {
            FitResult a = cpu.get(r);
            FitResult b = gpu.get(r);
            assertTrue(b.converged(), "realization " + r + " converged on the GPU");
            assertEquals(a.nll(), b.nll(), 1e-10 * Math.abs(a.nll()), "NLL " + r);
            HostSideTest.assertClose(a.dustBeta(), b.dustBeta(), 1e-8, "beta_d " + r);
            HostSideTest.assertClose(a.dustTemp(), b.dustTemp(), 1e-8, "T_d " + r);
            HostSideTest.assertClose(a.syncBeta(), b.syncBeta(), 1e-8, "beta_s " + r);
            for (int x = 0; x < 2; x++) {
                HostSideTest.assertClose(a.cmb()[x], b.cmb()[x], 1e-8, "CMB " + r);
                HostSideTest.assertClose(a.dust()[x], b.dust()[x], 1e-8, "dust " + r);
                HostSideTest.assertClose(a.sync()[x], b.sync()[x], 1e-8, "sync " + r);
            }
        }
        List<FitResult> again = Backend.GPU.fitBatch(fx.problem, fx.batch, options, 0);
        for (int r = 0; r < gpu.size(); r++) {
            assertArrayEquals(gpu.get(r).dustTemp(), again.get(r).dustTemp(), "fits repeat bit for bit");
            assertArrayEquals(gpu.get(r).cmb()[0], again.get(r).cmb()[0], "fits repeat bit for bit");
            assertEquals(gpu.get(r).iterations(), again.get(r).iterations());
        }
    }
}
