package org.skypatch.sky;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A tabulated band transmission: frequencies in GHz (strictly increasing) and non-negative weights
 * that apply to a signal in K_CMB. The band-averaged response to an SED f(nu) in K_CMB is
 * {@code int w f dnu / int w dnu}, both integrals by the trapezoid rule on the table's nodes.
 * Serializable: the Spark job ships it to executors inside the sky inputs.
 */
public record Bandpass(double[] frequencies, double[] weights) implements Serializable {

    public Bandpass {
        if (frequencies.length != weights.length || frequencies.length < 2) {
            throw new IllegalArgumentException("bandpass table needs at least 2 (nu, weight) rows of equal length, got "
                    + frequencies.length + " frequencies and " + weights.length + " weights");
        }
        for (int i = 0; i < frequencies.length; i++) {
            if (!(frequencies[i] > 0) || !Double.isFinite(frequencies[i])) {
                throw new IllegalArgumentException("bandpass frequency " + frequencies[i] + " GHz at row " + (i + 1)
                        + " is not a positive finite number");
            }
            if (i > 0 && frequencies[i] <= frequencies[i - 1]) {
                throw new IllegalArgumentException("bandpass frequencies must increase strictly: row " + (i + 1) + " has "
                        + frequencies[i] + " GHz after " + frequencies[i - 1] + " GHz");
            }
            if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("bandpass weight " + weights[i] + " at row " + (i + 1)
                        + " is not a non-negative finite number");
            }
        }
        frequencies = frequencies.clone();
        weights = weights.clone();
        if (!(trapezoid(frequencies, weights, nu -> 1.0) > 0)) {
            throw new IllegalArgumentException("bandpass weights integrate to zero: give at least two adjacent non-zero weights");
        }
    }

    /** The band average of an SED in K_CMB (its value at the band's effective response). */
    public double average(DoubleUnaryOperator sed) {
        return trapezoid(frequencies, weights, sed) / trapezoid(frequencies, weights, nu -> 1.0);
    }

    /** The weight-averaged frequency, GHz. */
    public double centralFrequency() {
        return average(nu -> nu);
    }

    private static double trapezoid(double[] nu, double[] w, DoubleUnaryOperator f) {
        double sum = 0;
        double prev = w[0] * f.applyAsDouble(nu[0]);
        for (int i = 1; i < nu.length; i++) {
            double cur = w[i] * f.applyAsDouble(nu[i]);
            sum += 0.5 * (prev + cur) * (nu[i] - nu[i - 1]);
            prev = cur;
        }
        return sum;
    }

    /** By content (a record compares arrays by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Bandpass b && Arrays.equals(frequencies, b.frequencies) && Arrays.equals(weights, b.weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(frequencies) + Arrays.hashCode(weights);
    }
}
