package org.skypatch.cosmo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.skypatch.stats.Moments;

class TensorLikelihoodTest {
    private static final int LMAX = 200;

    /** Smooth toy spectra: lensing ~ 2e-6 uK^2 flat-ish, tensor falling with l. */
    private static double[] lensing() {
        double[] c = new double[LMAX + 1];
        for (int l = 2; l <= LMAX; l++) {
            c[l] = 2e-6 * (1 + l / 100.0);
        }
        return c;
    }

    private static double[] tensor() {
        double[] c = new double[LMAX + 1];
        for (int l = 2; l <= LMAX; l++) {
            c[l] = 5e-3 / (l * (l + 1.0)) * 100;
        }
        return c;
    }

    private static double[] scaled(double[] c, double a) {
        double[] out = new double[c.length];
        for (int l = 0; l < c.length; l++) {
            out[l] = a * c[l];
        }
        return out;
    }

    @Test
    void formulaMatchesHandSumOnTwoMultipoles() {
        double[] res = {0, 0, 1.0, 2.0};
        double[] stat = {0, 0, 0.5, 0.25};
        double[] lens = {0, 0, 3.0, 4.0};
        double[] ten = {0, 0, 10.0, 20.0};
        TensorLikelihood like = new TensorLikelihood(0.5, 2, 3, res, stat, lens, ten, 1, 0);
        double r = 0.1;
        double m2 = 0.1 * 10 + 3 + 0.5, m3 = 0.1 * 20 + 4 + 0.25;
        double expected = 0.5 * (5 * (4.0 / m2 + Math.log(m2)) + 7 * (6.0 / m3 + Math.log(m3)));
        assertEquals(expected, like.minusTwoLnL(r), 1e-12);
    }

    @Test
    void residualProportionalToTensorIsReadAsThatR() {
        double rTrue = 0.004;
        double[] zero = new double[LMAX + 1];
        TensorLikelihood like = new TensorLikelihood(0.6, 2, LMAX, scaled(tensor(), rTrue), zero, lensing(), tensor(), 1, 0);
        double[] grid = TensorLikelihood.grid(0, 0.02, 20001);
        TensorLikelihood.REstimate e = like.estimate(grid);
        // the model equals the observation at every l exactly at r = rTrue; grid step 1e-6
        assertEquals(rTrue, e.rHat(), 1.01e-6);
    }

    @Test
    void boundsMatchFisherWidthWhenLikelihoodIsNearlyGaussian() {
        double rTrue = 0.01;
        double fsky = 0.7;
        double[] zero = new double[LMAX + 1];
        double[] lens = lensing();
        double[] ten = tensor();
        TensorLikelihood like = new TensorLikelihood(fsky, 2, LMAX, scaled(ten, rTrue), zero, lens, ten, 1, 0);
        // curvature of -2 ln L at the minimum, where C_model = C_obs: fsky sum (2l+1) C_t^2 / C_obs^2
        double curvature = 0;
        for (int l = 2; l <= LMAX; l++) {
            double obs = rTrue * ten[l] + lens[l];
            curvature += fsky * (2 * l + 1) * ten[l] * ten[l] / (obs * obs);
        }
        double sigma = Math.sqrt(2 / curvature);
        TensorLikelihood.REstimate e = like.estimate(TensorLikelihood.grid(0, rTrue + 12 * sigma, 40001));
        // 68% of a half-Gaussian's mass lies within 0.994 sigma; the skew of a variance likelihood
        // widens the upper side and narrows the lower one by a few percent
        assertEquals(0.994 * sigma, e.sigmaPlus(), 0.06 * sigma);
        assertEquals(0.994 * sigma, e.sigmaMinus(), 0.06 * sigma);
        assertTrue(e.sigmaPlus() > e.sigmaMinus(), "a variance likelihood is skewed to high r");
    }

    /**
     * Calibration on simulated skies: each multipole's observed BB is the model at r_true times
     * chi^2 with 2l+1 degrees of freedom over 2l+1 (full sky). Across draws r-hat must be unbiased and
     * scatter as wide as the 68% bounds the likelihood reports.
     */
    @Test
    void rHatOverSimulatedSkiesIsUnbiasedAndScattersAsTheBoundsSay() {
        double rTrue = 0.01;
        double[] lens = lensing();
        double[] ten = tensor();
        double[] stat = scaled(lens, 0.5);
        double[] expected = new double[LMAX + 1];
        for (int l = 2; l <= LMAX; l++) {
            expected[l] = rTrue * ten[l] + stat[l];
        }
        double[] grid = TensorLikelihood.grid(0, 3 * rTrue, 3001);
        TensorLikelihood.REstimate atExpectation = new TensorLikelihood(1, 2, LMAX, expected, stat, lens, ten, 1, 0).estimate(grid);
        double sigma = 0.5 * (atExpectation.sigmaMinus() + atExpectation.sigmaPlus());
        assertTrue(sigma > 10 * (grid[1] - grid[0]) && rTrue > 5 * sigma, "grid and r_true resolve sigma " + sigma);

        SplittableRandom random = new SplittableRandom(20261125L);
        int draws = 400;
        double[] rHat = new double[draws];
        for (int k = 0; k < draws; k++) {
            double[] observed = new double[LMAX + 1];
            for (int l = 2; l <= LMAX; l++) {
                double chi2 = 0;
                for (int m = 0; m < 2 * l + 1; m++) {
                    double g = gaussian(random);
                    chi2 += g * g;
                }
                // the likelihood adds lensing to the residual it is given
                observed[l] = (expected[l] + lens[l]) * chi2 / (2 * l + 1) - lens[l];
            }
            rHat[k] = new TensorLikelihood(1, 2, LMAX, observed, stat, lens, ten, 1, 0).estimate(grid).rHat();
        }
        double mean = Moments.mean(rHat);
        double scatter = Math.sqrt(Moments.sampleVariance(rHat));
        assertEquals(rTrue, mean, 4 * scatter / Math.sqrt(draws), "mean r-hat over " + draws + " skies");
        // the sample standard deviation of 400 draws is known to about 3.5%
        assertEquals(1.0, scatter / sigma, 0.15, "scatter " + scatter + " against the likelihood's sigma " + sigma);
    }

    /** Box-Muller, so the draws depend on the seed alone. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void noResidualPutsThePeakAtZeroInsideTheGrid() {
        double[] zero = new double[LMAX + 1];
        TensorLikelihood like = new TensorLikelihood(1, 2, LMAX, zero, zero, lensing(), tensor(), 1, 0);
        TensorLikelihood.REstimate e = like.estimate(0.01, 10001);
        double step = (e.rMax() - e.rMin()) / 10000;
        assertEquals(0, e.rHat(), step);
        assertTrue(e.rMin() < 0 && e.sigmaMinus() > 0 && e.sigmaPlus() > 0, e.toString());
    }

    @Test
    void statisticalResidualRaisesTheModelFloor() {
        double[] stat = scaled(tensor(), 0.002);
        // observed total residual equals the statistical part: it is explained without tensors
        TensorLikelihood like = new TensorLikelihood(1, 2, LMAX, stat, stat, lensing(), tensor(), 1, 0);
        TensorLikelihood.REstimate e = like.estimate(0.01, 10001);
        assertEquals(0, e.rHat(), (e.rMax() - e.rMin()) / 10000);
    }

    /** A total residual below its statistical part (a low noise draw) puts r-hat below 0, inside the grid. */
    @Test
    void anObservedSpectrumBelowTheModelFloorGivesANegativeRHatInsideTheGrid() {
        double[] zero = new double[LMAX + 1];
        double[] stat = scaled(lensing(), 0.3);
        TensorLikelihood like = new TensorLikelihood(0.5, 2, LMAX, zero, stat, lensing(), tensor(), 1, 0);
        TensorLikelihood.REstimate e = like.estimate(0.01, 20001);
        assertTrue(e.rHat() < 0, "r-hat " + e.rHat());
        assertTrue(e.rHat() - e.sigmaMinus() > e.rMin(), "the lower bound lies inside the grid: " + e);
        assertEquals(0.01, e.rMax(), "no widening needed");
        assertEquals(Double.POSITIVE_INFINITY, like.minusTwoLnL(e.rMin()), "C_model reaches 0 at the limit");
        assertTrue(Double.isFinite(like.minusTwoLnL(e.rMin() * 0.999)));
    }

    /** The last grid point is rMax itself: a rounded-up end would read as a widened grid. */
    @Test
    void theGridEndsExactlyAtRMax() {
        for (int k = 1; k <= 200; k++) {
            double rMin = -1e-5 * k;
            double[] grid = TensorLikelihood.grid(rMin, 0.01, 5001);
            assertEquals(0.01, grid[5000], "rMin " + rMin);
            assertEquals(rMin, grid[0]);
        }
    }

    /** r-hat beyond rMax widens the grid until the likelihood at its upper end is negligible. */
    @Test
    void theGridWidensWhileTheLikelihoodReachesItsUpperEnd() {
        double[] zero = new double[LMAX + 1];
        TensorLikelihood like = new TensorLikelihood(1, 2, LMAX, scaled(tensor(), 0.05), zero, lensing(), tensor(), 1, 0);
        TensorLikelihood.REstimate e = like.estimate(0.001, 20001);
        assertTrue(e.rMax() > 0.05, "widened to " + e.rMax());
        assertEquals(0.05, e.rHat(), (e.rMax() - e.rMin()) / 20000);
        assertTrue(e.likelihoodAtUpperEdge() <= 1e-4);
        assertTrue(e.rHat() + e.sigmaPlus() < e.rMax());
    }

    /** The sky's input r is in the observed BB, A_lens scales lensing on both sides: r-hat is the input r. */
    @Test
    void inputRIsRecoveredWhateverTheDelensing() {
        double[] zero = new double[LMAX + 1];
        for (double aLens : new double[] {1, 0.3}) {
            TensorLikelihood like = new TensorLikelihood(0.6, 2, LMAX, zero, zero, lensing(), tensor(), aLens, 0.003);
            TensorLikelihood.REstimate e = like.estimate(0.01, 20001);
            assertEquals(0.003, e.rHat(), (e.rMax() - e.rMin()) / 20000, "A_lens " + aLens);
        }
        double[] res = {0, 0, 1.0};
        double[] stat = {0, 0, 0.5};
        double[] lens = {0, 0, 3.0};
        double[] ten = {0, 0, 10.0};
        TensorLikelihood like = new TensorLikelihood(1, 2, 2, res, stat, lens, ten, 0.5, 0.2);
        double model = 0.1 * 10 + 0.5 * 3 + 0.5;
        assertEquals(5 * ((1 + 0.5 * 3 + 0.2 * 10) / model + Math.log(model)), like.minusTwoLnL(0.1), 1e-12);
        assertEquals(-(0.5 * 3 + 0.5) / 10, like.positivityLimit(), 1e-15);
    }

    @Test
    void badInputsAreRejectedWithOneLineMessages() {
        double[] c = new double[10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorLikelihood(0, 2, 5, c, c, lensing(), tensor(), 1, 0));
        assertTrue(e.getMessage().contains("f_sky"));
        assertThrows(IllegalArgumentException.class, () -> new TensorLikelihood(1, 2, 20, c, c, c, c, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TensorLikelihood(1, 2, 5, c, c, c, c, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TensorLikelihood(1, 2, 5, c, c, lensing(), tensor(), -1, 0));
    }
}
