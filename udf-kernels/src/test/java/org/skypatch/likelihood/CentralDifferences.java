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
}
