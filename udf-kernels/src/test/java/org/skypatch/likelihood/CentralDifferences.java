package org.skypatch.likelihood;

import java.util.function.IntToDoubleFunction;

/** The numerical gradient that tests hold the likelihood's analytic gradient against. */
final class CentralDifferences {
    private CentralDifferences() {
    }

    /**
     * d NLL / d x_i as (NLL(x + h_i e_i) - NLL(x - h_i e_i)) / 2 h_i, with h_i = step(i); leaves the
     * likelihood's parameters set to the last point evaluated.
     */
    static double[] gradient(SpectralLikelihood l, SpectralLikelihood.Data d, double[] x, IntToDoubleFunction step) {
        double[] fd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double h = step.applyAsDouble(i);
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            l.setParameters(xp);
            double fp = l.evaluate(d, null, null);
            l.setParameters(xm);
            double fm = l.evaluate(d, null, null);
            fd[i] = (fp - fm) / (2 * h);
        }
        return fd;
    }

    /**
     * Each tuple's Hessian block from central differences of its analytic gradient, one parameter kind
     * (beta_d, T_d, beta_s) shifted by step[kind] in every cluster at once (a tuple's gradient depends on
     * its own three parameters only), held against the analytic exact blocks at x: fails where an entry
     * differs by more than tolerance times sqrt(H_aa H_bb) of its block. Leaves the parameters at the last
     * point evaluated.
     */
    static void assertExactHessian(SpectralLikelihood l, SpectralLikelihood.Data d, double[] x, double[] step,
                                   double tolerance) {
        int tuples = l.tupleCount();
        double[][] exact = new double[tuples][9];
        l.setParameters(x);
        l.evaluate(d, null, null, null, exact, null, null);
        double[][][] columns = new double[3][tuples][3];
        for (int j = 0; j < 3; j++) {
            int from = j == 0 ? 0 : j == 1 ? l.kDustBeta : l.kDustBeta + l.kDustTemp;
            int to = j == 0 ? l.kDustBeta : j == 1 ? l.kDustBeta + l.kDustTemp : x.length;
            double[][] plus = new double[tuples][3];
            double[][] minus = new double[tuples][3];
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] shifted = x.clone();
                for (int i = from; i < to; i++) {
                    shifted[i] += sign * step[j];
                }
                l.setParameters(shifted);
                l.evaluate(d, null, null, null, null, sign > 0 ? plus : minus, null);
            }
            for (int t = 0; t < tuples; t++) {
                for (int a = 0; a < 3; a++) {
                    columns[j][t][a] = (plus[t][a] - minus[t][a]) / (2 * step[j]);
                }
            }
        }
        for (int t = 0; t < tuples; t++) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    double scale = Math.sqrt(Math.abs(exact[t][a * 4] * exact[t][b * 4]));
                    org.junit.jupiter.api.Assertions.assertEquals(columns[b][t][a], exact[t][a * 3 + b],
                            tolerance * scale, "tuple " + t + " H[" + a + "][" + b + "]");
                }
            }
        }
    }
}
