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
import org.skypatch.likelihood.SedTables;

/**
 * The CUDA kernels against the CPU engine (NLL 1e-10 relative, gradients and Hessian blocks 1e-8,
 * fitted parameters and component maps 1e-8) and against themselves (bit-identical run to run).
 * Needs CUDA device 0 with compute capability 8.0+; skipped elsewhere (CI has no GPU).
 * Run alone with: mvn -B -pl udf-kernels test -Dtest='GpuEquivalenceTest,KernelSourceTest,GpuDeviceTest'
 */
@Tag("gpu")
class GpuEquivalenceTest {
    private static BatchFixture fx;

    @BeforeEach
    void requireDevice() {
        GpuDevice device = GpuDevice.probe();
        Assumptions.assumeTrue(device.available(), "no CUDA device: " + device.reason());
        if (fx == null) {
            fx = new BatchFixture();
        }
    }

    @Test
    void evaluationsMatchTheCpuEngineAndRepeatBitForBit() {
        int n = fx.batch.size();
        TupleLayout layout = fx.layout;
        int[] active = new int[n];
        double[] sed = new double[n * layout.sedStride()];
        SedTables tables = new SedTables(fx.problem);
        for (int r = 0; r < n; r++) {
            active[r] = r;
            tables.update(fx.point(r));
            layout.packSed(tables, sed, r);
        }
        double[] first = new double[n * layout.tuples * TupleLayout.OUTPUTS];
        double[] second = new double[first.length];
        double[] model = new double[first.length];
        try (GpuSpectralLikelihood gpu = new GpuSpectralLikelihood(fx.problem, fx.batch)) {
            gpu.evaluate(active, n, sed, first);
            gpu.evaluate(active, n, sed, second);
        }
        assertArrayEquals(first, second, "two launches give identical bits");
        new KernelMirror(layout, fx.problem, fx.batch).evaluate(active, n, sed, model);
        int params = fx.point(0).length;
        for (int r = 0; r < n; r++) {
            double[] grad = new double[params];
            double nll = layout.unpack(first, r, grad, null, null, null);
            LikelihoodEvaluator cpu = fx.engine.evaluator(fx.batch.get(r));
            cpu.setParameters(fx.point(r));
            double[] cpuGrad = new double[params];
            double cpuNll = cpu.evaluate(cpuGrad, null, null, null);
            assertEquals(cpuNll, nll, 1e-10 * Math.abs(cpuNll), "NLL of realization " + r);
            HostSideTest.assertClose(cpuGrad, grad, 1e-8, "gradient of realization " + r);
        }
        // the Java model of the kernels rounds as the PTX built with -fmad=false: report, and bound, any difference
        double worst = 0;
        for (int i = 0; i < model.length; i++) {
            worst = Math.max(worst, Math.abs(first[i] - model[i]) / Math.max(Math.abs(model[i]), 1e-300));
        }
        assertTrue(worst < 1e-10, "GPU vs Java kernel model, worst relative difference " + worst);
    }

    @Test
    void batchFitsMatchTheCpuEngine() {
        FitOptions options = FitOptions.defaults().withTolerances(1e-6, 1e-6);
        List<FitResult> gpu = Backend.GPU.fitBatch(fx.problem, fx.batch, options);
        List<FitResult> cpu = new ComponentSeparation(fx.problem).fitBatch(fx.batch, options);
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
        List<FitResult> again = Backend.GPU.fitBatch(fx.problem, fx.batch, options);
        for (int r = 0; r < gpu.size(); r++) {
            assertArrayEquals(gpu.get(r).dustTemp(), again.get(r).dustTemp(), "fits repeat bit for bit");
            assertEquals(gpu.get(r).iterations(), again.get(r).iterations());
        }
    }
}
