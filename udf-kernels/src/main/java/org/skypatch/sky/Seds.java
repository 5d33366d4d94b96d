package org.skypatch.sky;

/**
 * Spectral energy distributions of the sky components, in K_CMB, as columns of the mixing
 * matrix, with their analytic derivatives. Frequencies in GHz, temperatures in K. These are
 * fgbuster's CMB(), Dust(nu0) (modified blackbody) and Synchrotron(nu0) (power law).
 */
public final class Seds {
    /** CMB monopole temperature, K. */
    public static final double T_CMB = 2.7255;
    /** Planck's constant over Boltzmann's constant, K/GHz (exact since the 2019 SI, as scipy.constants). */
    public static final double H_OVER_K = 0.04799243073366221; // exact SI 2019 h and k

    private Seds() {
    }

    /** dT_CMB/dT_RJ at nu: (e^x - 1)^2 / (e^x x^2), x = h nu / (k T_CMB). Multiply K_RJ by it to get K_CMB. */
    public static double rjToCmb(double nu) {
        double x = H_OVER_K * nu / T_CMB;
        double em1 = Math.expm1(x);
        return em1 * em1 / (Math.exp(x) * x * x);
    }

    /** Modified blackbody normalised to 1 at nu0, in K_CMB. */
    public static double dust(double nu, double nu0, double beta, double temp) {
        return Math.pow(nu / nu0, 1 + beta)
                * Math.expm1(H_OVER_K * nu0 / temp) / Math.expm1(H_OVER_K * nu / temp)
                * rjToCmb(nu) / rjToCmb(nu0);
    }

    /** d ln(dust) / d beta. */
    public static double dustLogDerivBeta(double nu, double nu0) {
        return Math.log(nu / nu0);
    }

    /** d ln(dust) / d T. */
    public static double dustLogDerivTemp(double nu, double nu0, double temp) {
        return planckLogDerivTemp(nu, temp) - planckLogDerivTemp(nu0, temp);
    }

    /** d^2 ln(dust) / d T^2 (d/dT of {@link #dustLogDerivTemp}), 1/K^2. */
    public static double dustLogCurvTemp(double nu, double nu0, double temp) {
        return planckLogCurvTemp(nu, temp) - planckLogCurvTemp(nu0, temp);
    }

    /** Power law normalised to 1 at nu0, in K_CMB. */
    public static double synchrotron(double nu, double nu0, double beta) {
        return Math.pow(nu / nu0, beta) * rjToCmb(nu) / rjToCmb(nu0);
    }

    /** d ln(synchrotron) / d beta. */
    public static double synchrotronLogDerivBeta(double nu, double nu0) {
        return Math.log(nu / nu0);
    }

    /** d/dT of -ln(e^{h nu / k T} - 1), the temperature dependence of the Planck law. */
    private static double planckLogDerivTemp(double nu, double temp) {
        double y = H_OVER_K * nu / temp;
        // y e^y / (e^y - 1) / T, written with expm1 so that small y stays accurate
        return y / (-Math.expm1(-y)) / temp;
    }

    /**
     * d/dT of {@link #planckLogDerivTemp}: with y = h nu / (k T) and m = 1 - e^-y, -(2 y m - y^2 e^-y) / (m T)^2
     * (-> -1/T^2 as y -> 0).
     */
    private static double planckLogCurvTemp(double nu, double temp) {
        double y = H_OVER_K * nu / temp;
        double m = -Math.expm1(-y);
        return -(2 * y * m - y * y * (1 - m)) / (m * m * temp * temp);
    }
}
