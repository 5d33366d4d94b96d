package org.skypatch.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.skypatch.gpu.Backend;
import org.skypatch.sky.Bandpass;
import org.skypatch.sky.ForegroundModel;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.Seds;

/**
 * Band-averaged mixing matrix: the engine's tables equal the simulator's band response, the
 * gradient matches finite differences, and a fit of a bandpass-mixed sky recovers the truth only
 * when the problem carries the bandpasses.
 */
class BandpassFitTest {
    private static final int PIXELS = 300;
    private static final double[] TRUE_BETA_D = {1.50, 1.62};
    private static final double[] TRUE_TEMP_D = {18.5, 21.0};
    private static final double[] TRUE_BETA_S = {-3.05, -2.95, -3.12};

    /** LiteBIRD with +-15% top-hat bandpasses (ramped weights, 41 nodes) except two delta bands. */
    static Instrument instrument() {
        Instrument lb = Instrument.liteBird();
        Bandpass[] bp = new Bandpass[lb.bandCount()];
        for (int b = 0; b < bp.length; b++) {
            if (b == 3 || b == 9) {
                continue;
            }
            double c = lb.frequencies()[b];
            double[] nu = new double[41];
            double[] w = new double[41];
            for (int i = 0; i < nu.length; i++) {
                nu[i] = c * (0.85 + 0.3 * i / 40.0);
                w[i] = 0.6 + 0.4 * i / 40.0;
            }
            bp[b] = new Bandpass(nu, w);
        }
        return new Instrument(lb.names(), lb.frequencies(), lb.depths(), bp);
    }

    private static int[][] labels() {
        int[][] l = new int[3][PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            l[0][p] = p % 2;
            l[1][p] = p / (PIXELS / 2);
            l[2][p] = p % 3;
        }
        return l;
    }

    private static FitProblem problem(Instrument inst, boolean withBandpasses) {
        int[][] l = labels();
        return new FitProblem(inst.frequencies(), withBandpasses ? inst.bandpasses() : null, 150, 20,
                inst.sigmaPerPixel(64), l[0], l[1], l[2]);
    }

    /** Noiseless sky mixed through the instrument's response (K_CMB), plus noise times noiseScale. */
    private static double[][][] sky(Instrument inst, double noiseScale) {
        Random rnd = new Random(7);
        int[][] l = labels();
        double[][][] amp = TestSkies.amplitudes(rnd, PIXELS, 0.5e-6, 10e-6, 5e-6);
        double[] bd = new double[PIXELS];
        double[] td = new double[PIXELS];
        double[] bs = new double[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            bd[p] = TRUE_BETA_D[l[0][p]];
            td[p] = TRUE_TEMP_D[l[1][p]];
            bs[p] = TRUE_BETA_S[l[2][p]];
        }
        double[][][] d = ForegroundModel.PAPER.mix(inst, amp[0], amp[1], amp[2], bd, td, bs);
        double[] sigma = inst.sigmaPerPixel(64);
        for (int f = 0; f < d.length; f++) {
            for (int s = 0; s < 2; s++) {
                for (int p = 0; p < PIXELS; p++) {
                    d[f][s][p] += noiseScale * sigma[f] * rnd.nextGaussian();
                }
            }
        }
        return d;
    }

    private static double[] truth() {
        return new double[] {TRUE_BETA_D[0], TRUE_BETA_D[1], TRUE_TEMP_D[0], TRUE_TEMP_D[1],
                TRUE_BETA_S[0], TRUE_BETA_S[1], TRUE_BETA_S[2]};
    }

    @Test
    void tablesAreTheSimulatorsBandResponseAndItsDerivatives() {
        Instrument inst = instrument();
        FitProblem problem = problem(inst, true);
        SedTables t = new SedTables(problem);
        t.update(truth());
        double[] sigma = inst.sigmaPerPixel(64);
        int bands = inst.bandCount();
        double[] col = new double[bands];
        double[] plus = new double[bands];
        double[] minus = new double[bands];
        int pair = t.dustPair(1, 0);
        ForegroundModel.PAPER.dustColumn(inst, TRUE_BETA_D[1], TRUE_TEMP_D[0], col);
        for (int f = 0; f < bands; f++) {
            assertEquals(col[f], t.dustColumn[pair][f] * sigma[f], 1e-13 * col[f], "dust band " + f);
        }
        double h = 1e-5;
        ForegroundModel.PAPER.dustColumn(inst, TRUE_BETA_D[1] + h, TRUE_TEMP_D[0], plus);
        ForegroundModel.PAPER.dustColumn(inst, TRUE_BETA_D[1] - h, TRUE_TEMP_D[0], minus);
        for (int f = 0; f < bands; f++) {
            double fd = (plus[f] - minus[f]) / (2 * h);
            assertEquals(fd, t.dustBetaDeriv[pair][f] * sigma[f], 1e-8 * Math.abs(col[f]), "d/dbeta_d band " + f);
        }
        h = 1e-3;
        ForegroundModel.PAPER.dustColumn(inst, TRUE_BETA_D[1], TRUE_TEMP_D[0] + h, plus);
        ForegroundModel.PAPER.dustColumn(inst, TRUE_BETA_D[1], TRUE_TEMP_D[0] - h, minus);
        for (int f = 0; f < bands; f++) {
            double fd = (plus[f] - minus[f]) / (2 * h);
            assertEquals(fd, t.dustTempDeriv[pair][f] * sigma[f], 1e-8 * Math.abs(col[f]), "d/dT_d band " + f);
        }
        h = 1e-5;
        ForegroundModel.PAPER.syncColumn(inst, TRUE_BETA_S[2], col);
        ForegroundModel.PAPER.syncColumn(inst, TRUE_BETA_S[2] + h, plus);
        ForegroundModel.PAPER.syncColumn(inst, TRUE_BETA_S[2] - h, minus);
        for (int f = 0; f < bands; f++) {
            assertEquals(col[f], t.syncColumn[2][f] * sigma[f], 1e-13 * col[f], "sync band " + f);
            double fd = (plus[f] - minus[f]) / (2 * h);
            assertEquals(fd, t.syncBetaDeriv[2][f] * sigma[f], 1e-8 * Math.abs(col[f]), "d/dbeta_s band " + f);
        }
        // a delta band's average is the SED at its centre
        assertEquals(Seds.synchrotron(inst.frequencies()[3], 20, TRUE_BETA_S[2]), t.syncColumn[2][3] * sigma[3],
                1e-15 * col[3]);
    }

    @Test
    void gradientMatchesCentralDifferences() {
        Instrument inst = instrument();
        SpectralLikelihood l = new SpectralLikelihood(problem(inst, true));
        SpectralLikelihood.Data d = l.new Data(sky(inst, 1.0));
        double[] x = {1.45, 1.7, 19.5, 20.0, -3.0, -2.8, -3.2};
        double[] grad = new double[x.length];
        l.setParameters(x);
        l.evaluate(d, grad, null);
        IntToDoubleFunction step = i -> i == 2 || i == 3 ? 1e-3 : 1e-5;
        double[] fd = CentralDifferences.gradient(l, d, x, step);
        for (int i = 0; i < x.length; i++) {
            double h = step.applyAsDouble(i);
            // as SpectralLikelihoodTest: differences of ~1e7 NLLs, absolute rounding ~ 1e-7 / h
            assertEquals(fd[i], grad[i], 1e-5 * Math.abs(grad[i]) + 1e-6 / h, "parameter " + i);
        }
    }

    @Test
    void exactHessianMatchesCentralDifferencesOfTheGradient() {
        Instrument inst = instrument();
        SpectralLikelihood l = new SpectralLikelihood(problem(inst, true));
        double[] x = {1.45, 1.7, 19.5, 20.0, -3.0, -2.8, -3.2};
        CentralDifferences.assertExactHessian(l, l.new Data(sky(inst, 1.0)), x, new double[] {1e-4, 1e-3, 1e-4}, 1e-5);
    }

    @Test
    void fitWithBandpassesRecoversTheTruthWhereDeltaBandsAreBiased() {
        Instrument inst = instrument();
        double[][][] data = sky(inst, 0.0);
        FitOptions opt = FitOptions.defaults().withTolerances(1e-9, 1e-7);
        FitResult withBp = new ComponentSeparation(problem(inst, true)).fit(data, opt);
        FitResult delta = new ComponentSeparation(problem(inst, false)).fit(data, opt);
        double[] tr = truth();
        double errBp = maxError(withBp, tr);
        double errDelta = maxError(delta, tr);
        // |NLL| ~ 5e8 rounds at ~1e-7: the optimum is located to ~1e-6 relative (seen 5e-7); delta bands: T_d at its bound
        assertTrue(errBp < 1e-5, "bandpass fit is off the truth by " + errBp);
        assertTrue(errDelta > 1e-2, "delta-band fit of bandpass data should be biased, is off by " + errDelta);
        // noiseless data: the model with bandpasses fits to zero residual (NLL = -|y|^2), the delta one cannot
        assertTrue(delta.nll() - withBp.nll() > 1.0, "NLL bandpass " + withBp.nll() + ", delta " + delta.nll());
    }

    private static double maxError(FitResult r, double[] truth) {
        double[] x = new double[truth.length];
        System.arraycopy(r.dustBeta(), 0, x, 0, 2);
        System.arraycopy(r.dustTemp(), 0, x, 2, 2);
        System.arraycopy(r.syncBeta(), 0, x, 4, 3);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - truth[i]) / Math.abs(truth[i]));
        }
        return max;
    }

    @Test
    void gpuRefusesBandpassesAndAutoFitsOnTheCpu() {
        Instrument inst = instrument();
        FitProblem problem = problem(inst, true);
        List<double[][][]> batch = List.<double[][][]>of(sky(inst, 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backend.GPU.fitBatch(problem, batch, FitOptions.defaults()));
        assertTrue(e.getMessage().contains("bandpasses") && !e.getMessage().contains("\n"), e.getMessage());
        FitResult auto = Backend.AUTO.fitBatch(problem, batch, FitOptions.defaults()).get(0);
        FitResult cpu = Backend.CPU.fitBatch(problem, batch, FitOptions.defaults()).get(0);
        assertEquals(cpu.nll(), auto.nll(), 0.0);
    }

    @Test
    void bandpassesNeedOneEntryPerBand() {
        Instrument inst = instrument();
        int[][] l = labels();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FitProblem(
                inst.frequencies(), new Bandpass[3], 150, 20, inst.sigmaPerPixel(64), l[0], l[1], l[2]));
        assertTrue(e.getMessage().startsWith("bandpasses has 3 entries"), e.getMessage());
    }
}
