package org.skypatch.likelihood;

/**
 * Settings of one minimisation. Parameter vectors are ordered (beta_d, T_d [K], beta_s).
 *
 * @param start starting value of every cluster's parameters
 * @param lower lower bounds
 * @param upper upper bounds; a parameter whose lower and upper bounds are equal is fixed there
 *     ({@link #withFixed})
 * @param maxIterations cap on outer (Newton) iterations; the fit always ends
 * @param nllTolerance absolute: the fit has converged when the last step lowered the NLL by
 *     less than this and the next step is predicted to lower it by less than this
 * @param projectedGradientTolerance alternative stop: largest projected gradient component in
 *     Fisher-scaled parameters (gradient / sqrt(Hessian diagonal), a square root of NLL units)
 * @param restarts further (beta_d, T_d, beta_s) starts for the clusters that end on a bound or
 *     converge slowly (see {@link MultiStartFit}), e.g. the single-patch solution; clamped into the box
 * @param analyticHessian the exact Hessian of the Newton steps from the SEDs' second derivatives (true, the
 *     default), or from forward differences of the analytic gradient (false: three more gradient evaluations
 *     per iteration; what the GPU kernels, which compute no second derivatives, are driven with). The two
 *     differ by the differences' error (~1e-6 relative), so fits agree within their tolerances, not bit for bit.
 */
public record FitOptions(double[] start, double[] lower, double[] upper, int maxIterations,
                         double nllTolerance, double projectedGradientTolerance, double[][] restarts,
                         boolean analyticHessian) {

    /** Options without restart points. */
    public FitOptions(double[] start, double[] lower, double[] upper, int maxIterations, double nllTolerance,
                      double projectedGradientTolerance) {
        this(start, lower, upper, maxIterations, nllTolerance, projectedGradientTolerance, new double[0][]);
    }

    /** Options with the analytic Hessian. */
    public FitOptions(double[] start, double[] lower, double[] upper, int maxIterations, double nllTolerance,
                      double projectedGradientTolerance, double[][] restarts) {
        this(start, lower, upper, maxIterations, nllTolerance, projectedGradientTolerance, restarts, true);
    }

    public FitOptions {
        for (double[] point : restarts) {
            if (point.length != 3 || !Double.isFinite(point[0] + point[1] + point[2])) {
                throw new IllegalArgumentException("a restart point needs 3 finite values (beta_d, T_d, beta_s), got "
                        + java.util.Arrays.toString(point));
            }
        }
        if (start.length != 3 || lower.length != 3 || upper.length != 3) {
            throw new IllegalArgumentException("start, lower and upper need 3 values (beta_d, T_d, beta_s)");
        }
        for (int i = 0; i < 3; i++) {
            if (!(lower[i] <= upper[i]) || !(start[i] >= lower[i] && start[i] <= upper[i])) {
                throw new IllegalArgumentException("parameter " + i + ": need lower <= upper and start within,"
                        + " got " + lower[i] + " <= " + start[i] + " <= " + upper[i]);
            }
        }
        if (lower[1] <= 0) {
            throw new IllegalArgumentException("lower bound of T_d is " + lower[1] + " K: it must be positive");
        }
        if (maxIterations < 1 || !(nllTolerance > 0) || !(projectedGradientTolerance >= 0)) {
            throw new IllegalArgumentException("maxIterations " + maxIterations + ", nllTolerance " + nllTolerance
                    + ", projectedGradientTolerance " + projectedGradientTolerance
                    + ": need maxIterations >= 1, nllTolerance > 0, projectedGradientTolerance >= 0");
        }
    }

    /**
     * Start (1.54, 20 K, -3), bounds beta_d [0.5, 5], T_d [6, 40] K, beta_s [-7, -0.5], 100
     * iterations, NLL tolerance 0.01, projected gradient tolerance 1e-3.
     */
    public static FitOptions defaults() {
        return new FitOptions(new double[] {1.54, 20.0, -3.0}, new double[] {0.5, 6.0, -7.0},
                new double[] {5.0, 40.0, -0.5}, 100, 0.01, 1e-3);
    }

    /** These options with another start point. */
    public FitOptions withStart(double betaDust, double tempDust, double betaSync) {
        return new FitOptions(new double[] {betaDust, tempDust, betaSync}, lower, upper, maxIterations,
                nllTolerance, projectedGradientTolerance, restarts, analyticHessian);
    }

    /** These options with parameter (0 beta_d, 1 T_d [K], 2 beta_s) fixed at value in every cluster. */
    public FitOptions withFixed(int parameter, double value) {
        double[] s = start.clone();
        double[] lo = lower.clone();
        double[] hi = upper.clone();
        s[parameter] = value;
        lo[parameter] = value;
        hi[parameter] = value;
        return new FitOptions(s, lo, hi, maxIterations, nllTolerance, projectedGradientTolerance, restarts,
                analyticHessian);
    }

    /** Whether parameter (0 beta_d, 1 T_d, 2 beta_s) is fixed (its bounds are equal). */
    public boolean fixed(int parameter) {
        return lower[parameter] == upper[parameter];
    }

    /** These options with other restart points, each (beta_d, T_d, beta_s). */
    public FitOptions withRestarts(double[]... points) {
        return new FitOptions(start, lower, upper, maxIterations, nllTolerance, projectedGradientTolerance, points,
                analyticHessian);
    }

    /** These options with other stopping tolerances. */
    public FitOptions withTolerances(double nllTolerance, double projectedGradientTolerance) {
        return new FitOptions(start, lower, upper, maxIterations, nllTolerance, projectedGradientTolerance, restarts,
                analyticHessian);
    }

    /** These options with the exact Hessian from finite differences of the gradient (see {@link #analyticHessian}). */
    public FitOptions withFiniteDifferenceHessian() {
        return new FitOptions(start, lower, upper, maxIterations, nllTolerance, projectedGradientTolerance, restarts,
                false);
    }
}
