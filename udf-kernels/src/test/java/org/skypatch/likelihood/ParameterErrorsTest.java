package org.skypatch.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skypatch.sky.Seds;

/** Errors from the Hessian, fixed parameters, and the noise of the reconstructed components, on the fixture's single patch. */
class ParameterErrorsTest {
    private static CompsepFixture fx;
    private static double[][][] maps;
    private static ComponentSeparation engine;
    private static FitResult best;

    @BeforeAll
    static void fit() {
        fx = new CompsepFixture();
        maps = fx.noisyMaps();
        int[] one = new int[fx.zonePixels.length];
        engine = new ComponentSeparation(fx.problem(one, one, one));
        best = engine.fit(maps, FitOptions.defaults().withTolerances(1e-6, 1e-6));
    }

    /**
     * The NLL is -2 ln L: a parameter held one sigma away from the optimum, the others refitted,
     * costs 1 in NLL (the profile likelihood, quadratic at this precision); the held parameter stays
     * exactly where it was put and gets no error.
     */
    @Test
    void oneSigmaAwayTheProfileNllRisesByOne() {
        FitOptions options = FitOptions.defaults().withTolerances(1e-6, 1e-6);
        ParameterErrors e = engine.errors(maps, best, options);
        assertEquals("exact", e.hessian()[0]);
        double[] x = {best.dustBeta()[0], best.dustTemp()[0], best.syncBeta()[0]};
        double[] sigma = {e.dustBeta()[0], e.dustTemp()[0], e.syncBeta()[0]};
        for (int j = 0; j < 3; j++) {
            assertTrue(sigma[j] > 0 && sigma[j] < 0.05 * Math.abs(x[j]), "parameter " + j + " sigma " + sigma[j]);
            FitOptions held = options.withFixed(j, x[j] + sigma[j]);
            FitResult profile = engine.fit(maps, held);
            double[] y = {profile.dustBeta()[0], profile.dustTemp()[0], profile.syncBeta()[0]};
            assertEquals(x[j] + sigma[j], y[j], 0.0, "parameter " + j + " stays fixed");
            assertEquals(1.0, profile.nll() - best.nll(), 0.02, "parameter " + j);
            ParameterErrors heldErrors = engine.errors(maps, profile, held);
            double[] heldSigma = {heldErrors.dustBeta()[0], heldErrors.dustTemp()[0], heldErrors.syncBeta()[0]};
            assertEquals(0.0, heldSigma[j], "a fixed parameter has no error");
            assertTrue(heldSigma[(j + 1) % 3] > 0, "the others have");
        }
    }

    /** The components' noise is sqrt(diag (A^T N^-1 A)^-1) of the fitted mixing matrix, built here from the SEDs. */
    @Test
    void componentNoiseIsTheDiagonalOfTheInverseFisherMatrix() {
        double[][] noise = engine.componentNoise(best);
        double[][] m = new double[3][3];
        for (int f = 0; f < fx.bands; f++) {
            double nu = fx.frequencies[f];
            double[] a = {1, Seds.dust(nu, CompsepFixture.DUST_REF_GHZ, best.dustBeta()[0], best.dustTemp()[0]),
                Seds.synchrotron(nu, CompsepFixture.SYNC_REF_GHZ, best.syncBeta()[0])};
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    m[i][k] += a[i] * a[k] / (fx.sigma[f] * fx.sigma[f]);
                }
            }
        }
        double[] inv = new double[9];
        Sym3.inverse(m[0][0], m[0][1], m[0][2], m[1][1], m[1][2], m[2][2], inv);
        for (int c = 0; c < 3; c++) {
            double expected = Math.sqrt(inv[c * 4]);
            assertEquals(expected, noise[c][0], 1e-10 * expected, "component " + c);
            assertEquals(noise[c][0], noise[c][noise[c].length - 1], 0.0, "one patch, one noise level");
        }
    }
}
