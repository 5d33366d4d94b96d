package org.skypatch.harmonics;

import org.skypatch.sphere.RingTable;

/**
 * For a block of northern rings, the Legendre start values at l = m for the current m, updated from one m to
 * the next in O(1) per ring (lambda_mm = -sqrt((2m+1)/2m) sin(theta) lambda_{m-1,m-1}; the spin-2 analogue with
 * half-angle cosines), kept as mantissa * 2^exponent because sin^m(theta) underflows near the poles.
 * {@link #scalar} and {@link #spin} then run the scaled part of the recursion and hand back the first l whose
 * values are ordinary doubles. One instance per thread.
 */
final class StartValues {
    private final RingTable rings;
    private final LegendreRecursion rec;
    private final int lmax;
    private final double[] x;
    private final double[] sin;
    private final double[] cosHalf;
    private final double[] sinHalf;
    private final double[] scalarMant;
    private final int[] scalarExp;
    private final double[] spinMant;
    private final int[] spinExp;
    /** Rings whose functions stayed negligible up to lmax at some m: they stay so at every larger m. */
    private final boolean[] scalarDead;
    private final boolean[] spinDead;
    private int count;
    private int m;

    StartValues(RingTable rings, LegendreRecursion rec, int capacity) {
        this.rings = rings;
        this.rec = rec;
        this.lmax = rec.lmax;
        x = new double[capacity];
        sin = new double[capacity];
        cosHalf = new double[capacity];
        sinHalf = new double[capacity];
        scalarMant = new double[capacity];
        scalarExp = new int[capacity];
        spinMant = new double[capacity];
        spinExp = new int[capacity];
        scalarDead = new boolean[capacity];
        spinDead = new boolean[capacity];
    }

    /** Starts at m = 0 for the northern rings first .. first + count - 1. */
    void reset(int first, int count) {
        this.count = count;
        this.m = 0;
        for (int j = 0; j < count; j++) {
            int r = first + j;
            x[j] = rings.cosTheta()[r];
            sin[j] = rings.sinTheta()[r];
            cosHalf[j] = Math.sqrt(0.5 * (1 + x[j]));
            sinHalf[j] = sin[j] / (2 * cosHalf[j]); // no cancellation near the pole
            scalarMant[j] = 1 / Math.sqrt(4 * Math.PI);
            scalarExp[j] = 0;
            spinMant[j] = 1;
            spinExp[j] = 0;
            scalarDead[j] = false;
            spinDead[j] = false;
            normalise(j);
        }
    }

    /** Moves the start values from m - 1 to m; call once for each m = 1, 2, ... in order. */
    void next() {
        m++;
        double fScalar = -Math.sqrt((2.0 * m + 1) / (2.0 * m));
        double fSpin = m >= 3 ? -Math.sqrt(2.0 * m * (2.0 * m - 1) / ((m + 2.0) * (m - 2.0))) : 1;
        for (int j = 0; j < count; j++) {
            scalarMant[j] *= fScalar * sin[j];
            if (m >= 3) {
                spinMant[j] *= fSpin * cosHalf[j] * sinHalf[j];
            }
            normalise(j);
        }
    }

    private void normalise(int j) {
        int e = Math.getExponent(scalarMant[j]);
        scalarMant[j] = Math.scalb(scalarMant[j], -e);
        scalarExp[j] += e;
        e = Math.getExponent(spinMant[j]);
        spinMant[j] = Math.scalb(spinMant[j], -e);
        spinExp[j] += e;
    }

    double cosTheta(int j) {
        return x[j];
    }

    /**
     * lambda_{l-1,m}, lambda_{lm} of ring j into state[0], state[1] at the first l where they are ordinary
     * doubles; returns that l, or lmax + 1 when the ring's lambda_lm stay negligible up to lmax (then also at
     * every later m, without running the recursion again: the start value only shrinks with m).
     * Needs rec.scalar(m) for the current m.
     */
    int scalar(int j, double[] state) {
        if (scalarDead[j]) {
            return lmax + 1;
        }
        int e = scalarExp[j];
        int k = LegendreRecursion.scaleIndex(e);
        double p = Math.scalb(scalarMant[j], e + LegendreRecursion.SHIFT * k);
        double pm = 0;
        int l = m;
        double xj = x[j];
        double[] alpha = rec.alpha;
        double[] beta = rec.beta;
        while (k > 0) {
            if (l >= lmax) {
                scalarDead[j] = true;
                return lmax + 1;
            }
            double pn = alpha[l] * xj * p - beta[l] * pm;
            pm = p;
            p = pn;
            l++;
            if (Math.abs(p) > LegendreRecursion.UP) {
                p *= LegendreRecursion.DOWN;
                pm *= LegendreRecursion.DOWN;
                k--;
            }
        }
        state[0] = pm;
        state[1] = p;
        return l;
    }

    /**
     * The spin-2 functions -sqrt((2l+1)/4pi)/2 d^l_{m,+2} (state[0] at l-1, state[1] at l) and
     * -sqrt((2l+1)/4pi)/2 d^l_{m,-2} (state[2], state[3]) of ring j at the first l where they are ordinary
     * doubles; returns that l (at least max(m, 2)) or lmax + 1. Needs rec.spin(m) for the current m.
     */
    int spin(int j, double[] state) {
        if (spinDead[j]) {
            return lmax + 1;
        }
        double c = cosHalf[j];
        double s = sinHalf[j];
        int l;
        double dp;
        double dm;
        int k;
        if (m < 2) { // start at l = 2: d^2_{0,+-2} = sqrt6 c^2 s^2, d^2_{1,2} = 2 c^3 s, d^2_{1,-2} = -2 c s^3
            l = 2;
            k = 0;
            double f = -0.5 * rec.norm(2);
            dp = m == 0 ? f * Math.sqrt(6) * c * c * s * s : f * 2 * c * c * c * s;
            dm = m == 0 ? dp : -f * 2 * c * s * s * s;
        } else { // d^m_{m,2} = G_m c^4, d^m_{m,-2} = G_m s^4
            l = m;
            int e = spinExp[j];
            k = LegendreRecursion.scaleIndex(e);
            double f = -0.5 * rec.norm(m) * spinMant[j];
            double c2 = c * c;
            double s2 = s * s;
            dp = Math.scalb(f * c2 * c2, e + LegendreRecursion.SHIFT * k);
            dm = Math.scalb(f * s2 * s2, e + LegendreRecursion.SHIFT * k);
        }
        if (l > lmax) {
            return lmax + 1;
        }
        double dpm = 0;
        double dmm = 0;
        double xj = x[j];
        double[] a = rec.a;
        double[] b = rec.b;
        double[] cc = rec.c;
        while (k > 0) {
            if (l >= lmax) {
                spinDead[j] = true;
                return lmax + 1;
            }
            double ax = a[l] * xj;
            double np = (ax - b[l]) * dp - cc[l] * dpm;
            double nm = (ax + b[l]) * dm - cc[l] * dmm;
            dpm = dp;
            dp = np;
            dmm = dm;
            dm = nm;
            l++;
            if (Math.max(Math.abs(dp), Math.abs(dm)) > LegendreRecursion.UP) {
                dp *= LegendreRecursion.DOWN;
                dpm *= LegendreRecursion.DOWN;
                dm *= LegendreRecursion.DOWN;
                dmm *= LegendreRecursion.DOWN;
                k--;
            }
        }
        state[0] = dpm;
        state[1] = dp;
        state[2] = dmm;
        state[3] = dm;
        return l;
    }
}
