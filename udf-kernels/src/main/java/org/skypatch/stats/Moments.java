package org.skypatch.stats;

/** Mean and variance of a sample, in two passes (the second around the mean, so large offsets do not cancel). */
public final class Moments {
    private Moments() {
    }

    public static double mean(double[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("the mean of an empty sample is undefined");
        }
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** Population variance (divided by n). */
    public static double variance(double[] x) {
        return sumOfSquaredDeviations(x) / x.length;
    }

    /** Sample variance (divided by n - 1), the unbiased estimate; needs two values. */
    public static double sampleVariance(double[] x) {
        if (x.length < 2) {
            throw new IllegalArgumentException("a sample variance needs at least 2 values, got " + x.length);
        }
        return sumOfSquaredDeviations(x) / (x.length - 1);
    }

    private static double sumOfSquaredDeviations(double[] x) {
        double mean = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return ss;
    }
}
