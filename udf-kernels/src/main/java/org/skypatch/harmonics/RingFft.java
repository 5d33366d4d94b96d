package org.skypatch.harmonics;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jtransforms.fft.DoubleFFT_1D;
import org.skypatch.sphere.RingTable;

/**
 * Fourier transforms along the iso-latitude rings, with the phase of each ring's first pixel.
 * A ring of N pixels at longitudes phi_j = phi0 + 2 pi j / N is linked to coefficients F_m, m = 0..mmax, by
 * f_j = sum_{m=-mmax..mmax} F_m e^{i m phi_j} with F_{-m} = conj(F_m); modes above N/2 alias onto the
 * ring's own frequencies exactly as in libsharp/ducc0. One instance per thread (it owns scratch space).
 */
final class RingFft {
    /** e^{i m phi0} = coarse[m / FINE] * fine[m % FINE]: two exact sin/cos tables instead of a drifting recurrence. */
    private static final int FINE = 64;

    private final RingTable rings;
    private final int mmax;
    /** Plans are immutable and shared by all threads; JTransforms allocates its scratch per call. */
    private static final Map<Integer, Plan> PLANS = new ConcurrentHashMap<>();
    private final double[] buffer;
    private final double[] phaseRe;
    private final double[] phaseIm;
    private final double[] fineRe = new double[FINE];
    private final double[] fineIm = new double[FINE];
    private final double[] coarseRe;
    private final double[] coarseIm;

    RingFft(RingTable rings, int mmax) {
        this.rings = rings;
        this.mmax = mmax;
        int longest = 0;
        for (int n : rings.pixelCount()) {
            longest = Math.max(longest, n);
        }
        this.buffer = new double[longest + 2];
        this.phaseRe = new double[mmax + 1];
        this.phaseIm = new double[mmax + 1];
        this.coarseRe = new double[mmax / FINE + 1];
        this.coarseIm = new double[mmax / FINE + 1];
    }

    /**
     * Weighted ring coefficients sum_j w f_j e^{-i m phi_j}, m = 0..mmax, written as (re, im) pairs to
     * out[offset + 2m], out[offset + 2m + 1].
     */
    void analyse(double[] map, int ring, double weight, double[] out, int offset) {
        int n = rings.pixelCount()[ring];
        System.arraycopy(map, (int) rings.firstPixel()[ring], buffer, 0, n);
        plan(n).fft.realForward(buffer);
        boolean shifted = phases(ring);
        int half = n / 2;
        for (int m = 0; m <= mmax; m++) {
            int k = m % n;
            double fr;
            double fi;
            if (k == 0) {
                fr = buffer[0];
                fi = 0;
            } else if (k == half) {
                fr = buffer[1];
                fi = 0;
            } else if (k < half) {
                fr = buffer[2 * k];
                fi = buffer[2 * k + 1];
            } else {
                fr = buffer[2 * (n - k)];
                fi = -buffer[2 * (n - k) + 1];
            }
            if (shifted) { // times e^{-i m phi0}
                double c = phaseRe[m];
                double s = phaseIm[m];
                double r = fr * c + fi * s;
                fi = fi * c - fr * s;
                fr = r;
            }
            out[offset + 2 * m] = weight * fr;
            out[offset + 2 * m + 1] = weight * fi;
        }
    }

    /** Ring values from coefficients F_m stored as (re, im) pairs at in[offset + 2m]; writes into map. */
    void synthesise(double[] in, int offset, int ring, double[] map) {
        int n = rings.pixelCount()[ring];
        int half = n / 2;
        Arrays.fill(buffer, 0, n + 2, 0.0);
        boolean shifted = phases(ring);
        for (int m = 0; m <= mmax; m++) {
            double cr = in[offset + 2 * m];
            double ci = in[offset + 2 * m + 1];
            if (shifted) { // times e^{+i m phi0}
                double c = phaseRe[m];
                double s = phaseIm[m];
                double r = cr * c - ci * s;
                ci = cr * s + ci * c;
                cr = r;
            }
            int k = m % n;
            if (k <= half) { // buffer holds G_k as (re, im) at 2k for k = 0..N/2 during accumulation
                buffer[2 * k] += cr;
                buffer[2 * k + 1] += ci;
            }
            int k2 = (n - k) % n;
            if (m > 0 && k2 <= half) { // the conjugate mode -m lands on bin N - k
                buffer[2 * k2] += cr;
                buffer[2 * k2 + 1] -= ci;
            }
        }
        buffer[1] = buffer[2 * half]; // JTransforms packs Re G_{N/2} in slot 1
        Plan plan = plan(n);
        plan.fft.realInverse(buffer, false);
        int first = (int) rings.firstPixel()[ring];
        for (int j = 0; j < n; j++) {
            map[first + j] = plan.inverseScale * buffer[j];
        }
    }

    /** Fills e^{i m phi0} for this ring; returns false when phi0 = 0 (no rotation needed). */
    private boolean phases(int ring) {
        double phi0 = rings.phi0()[ring];
        if (phi0 == 0.0) {
            return false;
        }
        for (int j = 0; j < FINE; j++) {
            fineRe[j] = Math.cos(j * phi0);
            fineIm[j] = Math.sin(j * phi0);
        }
        for (int j = 0; j < coarseRe.length; j++) {
            coarseRe[j] = Math.cos((double) j * FINE * phi0);
            coarseIm[j] = Math.sin((double) j * FINE * phi0);
        }
        for (int m = 0; m <= mmax; m++) {
            int a = m / FINE;
            int b = m % FINE;
            phaseRe[m] = coarseRe[a] * fineRe[b] - coarseIm[a] * fineIm[b];
            phaseIm[m] = coarseRe[a] * fineIm[b] + coarseIm[a] * fineRe[b];
        }
        return true;
    }

    private Plan plan(int n) {
        return PLANS.computeIfAbsent(n, Plan::new);
    }

    /**
     * A JTransforms plan and the factor that turns its unscaled real inverse into the full Hermitian sum:
     * JTransforms 3.1 returns half that sum for power-of-two lengths and the whole sum otherwise, so the
     * factor is measured once on G_0 = 1.
     */
    private static final class Plan {
        final DoubleFFT_1D fft;
        final double inverseScale;

        Plan(int n) {
            fft = new DoubleFFT_1D(n);
            double[] probe = new double[n];
            probe[0] = 1;
            fft.realInverse(probe, false);
            inverseScale = 1 / probe[0];
        }
    }
}
