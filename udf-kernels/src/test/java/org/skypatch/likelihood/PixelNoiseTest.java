package org.skypatch.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.skypatch.gpu.Backend;
import org.skypatch.sky.ForegroundModel;
import org.skypatch.sky.Instrument;

/**
 * Per-pixel noise: the per-pixel path agrees with the per-tuple scatter-matrix path when the map is
 * constant, its gradient matches finite differences, and weighting by an inhomogeneous map beats
 * ignoring it over noise realizations.
 */
class PixelNoiseTest {
    private static final int PIXELS = 240;
    private static final Instrument LB = Instrument.liteBird();
    private static final double[] SIGMA = LB.sigmaPerPixel(64);
    private static final double[] TRUTH = {1.55, 19.0, -3.05};

    /** Tuples of 1 to 60 pixels: beta_d on 4 clusters, T_d on 2, beta_s on 3. */
    private static int[][] labels() {
        int[][] l = new int[3][PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            l[0][p] = p % 4;
            l[1][p] = p < PIXELS - 1 ? p / (PIXELS / 2) : 1;
            l[2][p] = p % 3;
        }
        return l;
    }

    /** Hits-like map: sigma_pix = sigma * sqrt(mean hits / hits), hits from 0.02 to 1. */
    private static double[][] hitsSigma(double lowHits) {
        double[] hits = new double[PIXELS];
        double mean = 0;
        for (int p = 0; p < PIXELS; p++) {
            hits[p] = p % 2 == 0 ? 1.0 : lowHits;
            mean += hits[p] / PIXELS;
        }
        double[][] s = new double[SIGMA.length][PIXELS];
        for (int f = 0; f < SIGMA.length; f++) {
            for (int p = 0; p < PIXELS; p++) {
                s[f][p] = SIGMA[f] * Math.sqrt(mean / hits[p]);
            }
        }
        return s;
    }

    /** Sky with the truth everywhere plus noise sigmaMap[f][p] * N(0, 1) drawn from seed, K_CMB. */
    private static double[][][] sky(double[][] sigmaMap, long seed) {
        double[][][] amp = TestSkies.amplitudes(new Random(3), PIXELS, 0.5e-6, 2e-6, 10e-6);
        double[] bd = new double[PIXELS];
        double[] td = new double[PIXELS];
        double[] bs = new double[PIXELS];
        Arrays.fill(bd, TRUTH[0]);
        Arrays.fill(td, TRUTH[1]);
        Arrays.fill(bs, TRUTH[2]);
        double[][][] d = ForegroundModel.PAPER.mix(LB, amp[0], amp[1], amp[2], bd, td, bs);
        Random noise = new Random(seed);
        for (int f = 0; f < d.length; f++) {
            for (int s = 0; s < 2; s++) {
                for (int p = 0; p < PIXELS; p++) {
                    d[f][s][p] += sigmaMap[f][p] * noise.nextGaussian();
                }
            }
        }
        return d;
    }

    private static FitProblem problem(double[] sigma, double[][] pixelSigma, int[][] l) {
        return new FitProblem(LB.frequencies(), null, 150, 20, sigma, pixelSigma, l[0], l[1], l[2]);
    }

    @Test
    void aConstantMapGivesTheUniformNoiseNumbers() {
        double c = 1.7;
        double[] scaled = new double[SIGMA.length];
        double[][] map = new double[SIGMA.length][PIXELS];
        for (int f = 0; f < SIGMA.length; f++) {
            scaled[f] = c * SIGMA[f];
            java.util.Arrays.fill(map[f], scaled[f]);
        }
        int[][] l = labels();
        SpectralLikelihood perPixel = new SpectralLikelihood(problem(SIGMA, map, l));
        SpectralLikelihood perTuple = new SpectralLikelihood(problem(scaled, null, l), 1);
        double[][][] data = sky(map, 11);
        SpectralLikelihood.Data dp = perPixel.new Data(data);
        SpectralLikelihood.Data dt = perTuple.new Data(data);
        double[] x = {1.5, 1.6, 1.45, 1.58, 18.0, 21.0, -3.1, -2.9, -3.0};
        int n = x.length;
        int tuples = perPixel.tupleCount();
        double[] gp = new double[n];
        double[] gt = new double[n];
        double[][] hp = new double[tuples][9];
        double[][] ht = new double[tuples][9];
        double[][] ep = new double[tuples][9];
        double[][] et = new double[tuples][9];
        double[][] tgp = new double[tuples][3];
        double[][] tgt = new double[tuples][3];
        double[] np = new double[tuples];
        double[] nt = new double[tuples];
        perPixel.setParameters(x);
        perTuple.setParameters(x);
        double fp = perPixel.evaluate(dp, null, gp, hp, ep, tgp, np);
        double ft = perTuple.evaluate(dt, null, gt, ht, et, tgt, nt);
        assertEquals(ft, fp, 1e-12 * Math.abs(ft));
        // gradients and Hessians sum pixel terms of both signs: 1e-12 relative to their largest component
        double gMax = 0;
        for (double v : gt) {
            gMax = Math.max(gMax, Math.abs(v));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(gt[i], gp[i], 1e-12 * gMax, "gradient " + i);
        }
        double tgMax = maxAbs(tgt);
        double hMax = maxAbs(ht);
        double eMax = maxAbs(et);
        for (int t = 0; t < tuples; t++) {
            assertEquals(nt[t], np[t], 1e-12 * Math.abs(nt[t]), "tuple NLL " + t);
            for (int a = 0; a < 3; a++) {
                assertEquals(tgt[t][a], tgp[t][a], 1e-12 * tgMax, "tuple " + t + " gradient " + a);
            }
            for (int k = 0; k < 9; k++) {
                assertEquals(ht[t][k], hp[t][k], 1e-12 * hMax, "tuple " + t + " Hessian " + k);
                assertEquals(et[t][k], ep[t][k], 1e-12 * eMax, "tuple " + t + " exact Hessian " + k);
            }
        }
        double[][][] cp = perPixel.components(data);
        double[][][] ct = perTuple.components(data);
        for (int comp = 0; comp < 3; comp++) {
            for (int p = 0; p < PIXELS; p++) {
                assertEquals(ct[comp][0][p], cp[comp][0][p], 1e-12 * Math.abs(ct[comp][0][p]) + 1e-20);
            }
        }
    }

    private static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    @Test
    void gradientMatchesCentralDifferences() {
        double[][] map = hitsSigma(0.05);
        SpectralLikelihood l = new SpectralLikelihood(problem(SIGMA, map, labels()));
        SpectralLikelihood.Data d = l.new Data(sky(map, 5));
        double[] x = {1.5, 1.6, 1.45, 1.58, 18.0, 21.0, -3.1, -2.9, -3.0};
        double[] grad = new double[x.length];
        l.setParameters(x);
        double f0 = l.evaluate(d, grad, null);
        IntToDoubleFunction step = i -> i == 4 || i == 5 ? 1e-3 : 1e-5;
        double[] fd = CentralDifferences.gradient(l, d, x, step);
        for (int i = 0; i < x.length; i++) {
            double h = step.applyAsDouble(i);
            // rounding of the NLL differences: ~1e-15 |NLL| / h
            assertEquals(fd[i], grad[i], 1e-6 * Math.abs(grad[i]) + 1e-14 * Math.abs(f0) / h, "parameter " + i);
        }
    }

    @Test
    void weightingByTheNoiseMapBeatsIgnoringIt() {
        double[][] map = hitsSigma(0.02);
        int[][] one = {new int[PIXELS], new int[PIXELS], new int[PIXELS]};
        ComponentSeparation weighted = new ComponentSeparation(problem(SIGMA, map, one));
        ComponentSeparation uniform = new ComponentSeparation(problem(SIGMA, null, one));
        int runs = 30;
        double[] sqW = new double[3];
        double[] sqU = new double[3];
        for (int r = 0; r < runs; r++) {
            double[][][] data = sky(map, 100 + r);
            FitResult w = weighted.fit(data, FitOptions.defaults());
            FitResult u = uniform.fit(data, FitOptions.defaults());
            double[] xw = {w.dustBeta()[0], w.dustTemp()[0], w.syncBeta()[0]};
            double[] xu = {u.dustBeta()[0], u.dustTemp()[0], u.syncBeta()[0]};
            for (int i = 0; i < 3; i++) {
                sqW[i] += (xw[i] - TRUTH[i]) * (xw[i] - TRUTH[i]) / runs;
                sqU[i] += (xu[i] - TRUTH[i]) * (xu[i] - TRUTH[i]) / runs;
            }
        }
        // half the pixels 50x fewer hits: optimal weights cut the variance ~13x (Fisher; seen 12x, 12x, 90x), assert 3x
        for (int i = 0; i < 3; i++) {
            assertTrue(sqW[i] < sqU[i] / 3, "parameter " + i + ": mean square error weighted " + sqW[i]
                    + ", uniform " + sqU[i]);
        }
    }

    @Test
    void gpuRefusesPixelNoiseAndAutoFitsOnTheCpu() {
        double[][] map = hitsSigma(0.1);
        FitProblem problem = problem(SIGMA, map, labels());
        List<double[][][]> batch = List.<double[][][]>of(sky(map, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backend.GPU.fitBatch(problem, batch, FitOptions.defaults()));
        assertTrue(e.getMessage().contains("pixelNoiseSigma") && !e.getMessage().contains("\n"), e.getMessage());
        FitResult auto = Backend.AUTO.fitBatch(problem, batch, FitOptions.defaults()).get(0);
        FitResult cpu = Backend.CPU.fitBatch(problem, batch, FitOptions.defaults()).get(0);
        assertEquals(cpu.nll(), auto.nll(), 0.0);
    }

    @Test
    void badMapsNameTheField() {
        int[][] l = labels();
        double[][] map = hitsSigma(0.1);
        map[2][7] = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> problem(SIGMA, map, l));
        assertTrue(e.getMessage().startsWith("pixelNoiseSigma band 2 zone pixel 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> problem(SIGMA, new double[3][PIXELS], l));
        assertTrue(e.getMessage().startsWith("pixelNoiseSigma has 3 bands"), e.getMessage());
    }
}
