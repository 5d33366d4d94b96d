package org.skypatch.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skypatch.cluster.MultiResolutionPatches;
import org.skypatch.cluster.ZoneLabels;

/** Likelihood, gradient, Hessian, both evaluation paths and the fit's invariances. */
class SpectralLikelihoodTest {
    private static final int PIXELS = 3000;
    private static CompsepFixture fx;
    private static double[][][] data;
    private static FitProblem problem;

    @BeforeAll
    static void load() {
        fx = new CompsepFixture();
        double[][][] all = fx.noisyMaps();
        data = new double[fx.bands][2][];
        for (int f = 0; f < fx.bands; f++) {
            for (int x = 0; x < 2; x++) {
                data[f][x] = java.util.Arrays.copyOf(all[f][x], PIXELS);
            }
        }
        int[] zone = java.util.Arrays.copyOf(fx.zonePixels, PIXELS);
        // three different maps: tuples of all sizes, from 1 pixel up
        problem = fx.problem(MultiResolutionPatches.labels(64, zone, 8), MultiResolutionPatches.labels(64, zone, 4),
                MultiResolutionPatches.labels(64, zone, 2));
    }

    private static double[] point(SpectralLikelihood l) {
        double[] x = new double[l.parameterCount()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < l.kDustBeta ? 1.5 + 0.01 * (i % 7) : i < l.kDustBeta + l.kDustTemp ? 19 + 0.3 * (i % 5) : -2.9 - 0.02 * (i % 3);
        }
        return x;
    }

    @Test
    void gradientMatchesCentralDifferences() {
        SpectralLikelihood l = new SpectralLikelihood(problem);
        SpectralLikelihood.Data d = l.new Data(data);
        double[] x = point(l);
        double[] grad = new double[x.length];
        l.setParameters(x);
        l.evaluate(d, grad, null);
        IntToDoubleFunction step = i -> i < l.kDustBeta || i >= l.kDustBeta + l.kDustTemp ? 1e-5 : 1e-3;
        double[] fd = CentralDifferences.gradient(l, d, x, step);
        for (int i = 0; i < x.length; i++) {
            double h = step.applyAsDouble(i);
            // differences of ~1e8 NLLs: absolute rounding ~ 1e-7 / h
            assertEquals(fd[i], grad[i], 1e-5 * Math.abs(grad[i]) + 1e-6 / h, "parameter " + i);
        }
    }

    @Test
    void exactHessianMatchesCentralDifferencesOfTheGradient() {
        for (int statsMin : new int[] {1, Integer.MAX_VALUE}) {
            SpectralLikelihood l = new SpectralLikelihood(problem, statsMin);
            CentralDifferences.assertExactHessian(l, l.new Data(data), point(l), new double[] {1e-4, 1e-3, 1e-4}, 1e-5);
        }
    }

    @Test
    void gaussNewtonHessianIsExactAtZeroResidual() {
        // the Gauss-Newton Hessian is symmetric positive semi-definite and, at a noiseless
        // optimum (zero residual), equals the exact Hessian: check that on one pixel
        double[][][] noiseless = fx.noiselessSubset();
        double[][] truth = fx.paramsTrueSubset();
        int p = 5;
        double[][][] one = new double[fx.bands][2][1];
        for (int f = 0; f < fx.bands; f++) {
            one[f][0][0] = noiseless[f][0][p];
            one[f][1][0] = noiseless[f][1][p];
        }
        int[] z = {0};
        SpectralLikelihood l = new SpectralLikelihood(fx.problem(z, z, z));
        SpectralLikelihood.Data d = l.new Data(one);
        double[] x = {truth[0][p], truth[1][p], truth[2][p]};
        double[][] hess = new double[1][9];
        double[][] exact = new double[1][9];
        l.setParameters(x);
        l.evaluate(d, null, new double[3], hess, exact, null, null);
        for (int k = 0; k < 9; k++) {
            assertEquals(hess[0][k], exact[0][k], 1e-9 * Math.abs(hess[0][k / 3 * 4]), "analytic exact Hessian " + k);
        }
        double[] step = {1e-6, 1e-4, 1e-6};
        for (int j = 0; j < 3; j++) {
            double[] gp = new double[3];
            double[] gm = new double[3];
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += step[j];
            xm[j] -= step[j];
            l.setParameters(xp);
            l.evaluate(d, gp, null);
            l.setParameters(xm);
            l.evaluate(d, gm, null);
            for (int i = 0; i < 3; i++) {
                double fd = (gp[i] - gm[i]) / (2 * step[j]);
                assertEquals(fd, hess[0][i * 3 + j], 1e-4 * Math.abs(hess[0][i * 3 + i]) + 1e-4 * Math.abs(fd),
                        "H[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void tupleContributionsSumToTheTotals() {
        SpectralLikelihood l = new SpectralLikelihood(problem);
        double[] x = point(l);
        double[] grad = new double[x.length];
        double[][] tupleGrad = new double[l.tupleCount()][3];
        double[] tupleNll = new double[l.tupleCount()];
        l.setParameters(x);
        double f = l.evaluate(l.new Data(data), null, grad, null, null, tupleGrad, tupleNll);
        double[] sum = new double[x.length];
        double nll = 0;
        for (int t = 0; t < l.tupleCount(); t++) {
            nll += tupleNll[t];
            for (int a = 0; a < 3; a++) {
                sum[l.tupleParams[t][a]] += tupleGrad[t][a];
            }
        }
        assertEquals(f, nll, 1e-13 * Math.abs(f));
        for (int i = 0; i < x.length; i++) {
            assertEquals(grad[i], sum[i], 1e-12 * Math.abs(grad[i]) + 1e-9);
        }
    }

    @Test
    void scatterAndPixelPathsAgree() {
        SpectralLikelihood stats = new SpectralLikelihood(problem, 1);
        SpectralLikelihood pix = new SpectralLikelihood(problem, Integer.MAX_VALUE);
        double[] x = point(stats);
        double[] g1 = new double[x.length];
        double[] g2 = new double[x.length];
        double[][] h1 = new double[stats.tupleCount()][9];
        double[][] h2 = new double[stats.tupleCount()][9];
        stats.setParameters(x);
        pix.setParameters(x);
        double f1 = stats.evaluate(stats.new Data(data), g1, h1);
        double f2 = pix.evaluate(pix.new Data(data), g2, h2);
        assertEquals(f2, f1, 1e-12 * Math.abs(f2));
        double gmax = 0;
        for (double v : g2) {
            gmax = Math.max(gmax, Math.abs(v));
        }
        for (int i = 0; i < x.length; i++) {
            // the gradient is a difference of O(NLL) terms: compare to its own scale
            assertEquals(g2[i], g1[i], 1e-9 * gmax, "gradient " + i);
        }
        for (int t = 0; t < h1.length; t++) {
            for (int i = 0; i < 9; i++) {
                assertEquals(h2[t][i], h1[t][i], 1e-10 * Math.abs(h2[t][i / 3 * 4]) + 1e-10 * Math.abs(h2[t][i]));
            }
        }
    }

    @Test
    void unitsDoNotMatter() {
        double[][][] micro = new double[fx.bands][2][];
        double[] sigmaMicro = new double[fx.bands];
        for (int f = 0; f < fx.bands; f++) {
            sigmaMicro[f] = fx.sigma[f] * 1e6;
            for (int x = 0; x < 2; x++) {
                micro[f][x] = java.util.Arrays.stream(data[f][x]).map(v -> v * 1e6).toArray();
            }
        }
        FitProblem microProblem = new FitProblem(fx.frequencies, 150, 20, sigmaMicro, problem.dustBetaClusters(),
                problem.dustTempClusters(), problem.syncBetaClusters());
        FitResult k = new ComponentSeparation(problem).fit(data, FitOptions.defaults());
        FitResult u = new ComponentSeparation(microProblem).fit(micro, FitOptions.defaults());
        assertTrue(k.converged() && u.converged());
        assertEquals(k.nll(), u.nll(), 1e-9 * Math.abs(k.nll()));
        for (int i = 0; i < k.dustBeta().length; i++) {
            assertEquals(k.dustBeta()[i], u.dustBeta()[i], 1e-5);
        }
        for (int i = 0; i < k.dustTemp().length; i++) {
            assertEquals(k.dustTemp()[i], u.dustTemp()[i], 1e-3);
        }
        for (int i = 0; i < k.syncBeta().length; i++) {
            assertEquals(k.syncBeta()[i], u.syncBeta()[i], 1e-5);
        }
        assertEquals(k.cmb()[0][17] * 1e6, u.cmb()[0][17], 1e-9 * Math.abs(u.cmb()[0][17]));
    }

    @Test
    void recoversTrueParametersPixelByPixelOnNoiselessMaps() {
        double[][][] noiseless = fx.noiselessSubset();
        double[][] truth = fx.paramsTrueSubset();
        int n = fx.subsetSize();
        int[] own = ZoneLabels.renumber(java.util.stream.IntStream.range(0, n).toArray());
        FitResult r = new ComponentSeparation(fx.problem(own, own, own)).fit(noiseless,
                FitOptions.defaults().withTolerances(1e-12, 0));
        for (int p = 0; p < n; p++) {
            // to where rounding of the NLL (1e-16 of 5e7) hides the remaining gain: weak synchrotron
            // pixels are flat in beta_s to 1e-5
            assertEquals(truth[0][p], r.dustBeta()[p], 1e-5, "beta_d pixel " + p);
            assertEquals(truth[1][p], r.dustTemp()[p], 1e-3, "T_d pixel " + p);
            assertEquals(truth[2][p], r.syncBeta()[p], 1e-4, "beta_s pixel " + p);
        }
        // zero residual: NLL = -|y|^2
        double chi2 = 0;
        for (int f = 0; f < fx.bands; f++) {
            for (int x = 0; x < 2; x++) {
                for (int p = 0; p < n; p++) {
                    double y = noiseless[f][x][p] / fx.sigma[f];
                    chi2 += y * y;
                }
            }
        }
        assertEquals(-chi2, r.nll(), 1e-12 * chi2);
    }

    @Test
    void defaultStopIsWithinTheNllToleranceOfTheMinimum() {
        ComponentSeparation cs = new ComponentSeparation(problem);
        FitResult usual = cs.fit(data, FitOptions.defaults());
        FitResult tight = cs.fit(data, FitOptions.defaults().withTolerances(1e-7, 0));
        assertTrue(usual.converged());
        assertTrue(usual.nll() - tight.nll() <= 0.01, "stopped " + (usual.nll() - tight.nll()) + " above the minimum");
        assertTrue(tight.nll() <= usual.nll(), "the tighter fit ended higher");
    }

    @Test
    void boundsHoldAndTheFitStopsAtThem() {
        FitOptions d = FitOptions.defaults();
        // the optimum has beta_s ~ -2.4 (single patch): forbid it
        FitOptions tight = new FitOptions(d.start(), d.lower(), new double[] {5, 40, -2.9}, 100, 0.01, 1e-3);
        int[] one = new int[PIXELS];
        FitResult r = new ComponentSeparation(fx.problem(one, one, one)).fit(data, tight);
        assertTrue(r.converged());
        assertEquals(-2.9, r.syncBeta()[0], 0.0);
    }

    @Test
    void reconstructionIsTheFitsWOperator() {
        ComponentSeparation cs = new ComponentSeparation(problem);
        FitResult r = cs.fit(data, FitOptions.defaults());
        double[][] again = cs.reconstructCmb(r, data);
        for (int x = 0; x < 2; x++) {
            for (int p = 0; p < PIXELS; p += 97) {
                assertEquals(r.cmb()[x][p], again[x][p], 1e-15);
            }
        }
        // W A_cmb = 1: a pure CMB sky (same K_CMB value in every band) comes back unchanged
        double[][][] cmbOnly = new double[fx.bands][2][PIXELS];
        for (int f = 0; f < fx.bands; f++) {
            for (int p = 0; p < PIXELS; p++) {
                cmbOnly[f][0][p] = 1e-6 * Math.sin(p);
                cmbOnly[f][1][p] = 1e-6 * Math.cos(p);
            }
        }
        double[][] w = cs.reconstructCmb(r, cmbOnly);
        for (int p = 0; p < PIXELS; p += 13) {
            assertEquals(1e-6 * Math.sin(p), w[0][p], 1e-12 * 1e-6);
            assertEquals(1e-6 * Math.cos(p), w[1][p], 1e-12 * 1e-6);
        }
        List<FitResult> batch = cs.fitBatch(List.of(data, data), FitOptions.defaults());
        assertEquals(r.nll(), batch.get(1).nll(), 0.0);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        int[] one = new int[PIXELS];
        ComponentSeparation cs = new ComponentSeparation(fx.problem(one, one, one));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cs.fit(new double[3][2][PIXELS], FitOptions.defaults()));
        assertTrue(e.getMessage().contains("bands"), e.getMessage());
        int[] gap = {0, 2};
        e = assertThrows(IllegalArgumentException.class, () -> fx.problem(gap, gap, gap));
        assertTrue(e.getMessage().contains("renumber"), e.getMessage());
    }
}
