package org.skypatch.harmonics;

import java.util.Arrays;

import org.skypatch.sphere.RingTable;

/**
 * map -&gt; alm by the transpose of {@link Synthesis} with a quadrature weight per pixel:
 * a_lm = sum_p w f(p) Y*_lm(p), and for spin 2 (healpy's convention)
 * a_E = -sum w (Q W_lm + i U X_lm) e^{-i m phi}, a_B = -sum w (U W_lm - i Q X_lm) e^{-i m phi}.
 * One FFT per ring, then per m and ring pair the Legendre sums with the north/south parity split.
 */
final class AdjointSynthesis {
    private final RingTable rings;
    private final int lmax;
    private final int mmax;
    private final LegendreRecursion rec;
    private final StartValues start;
    private final RingFft fft;
    private final double[] state = new double[4];

    AdjointSynthesis(RingTable rings, int lmax, int mmax) {
        this.rings = rings;
        this.lmax = lmax;
        this.mmax = mmax;
        this.rec = new LegendreRecursion(lmax);
        this.start = new StartValues(rings, rec, Synthesis.BLOCK);
        this.fft = new RingFft(rings, mmax);
    }

    /**
     * Overwrites the given alms (null ones are skipped; Q and U go together into e and b) with the weighted
     * adjoint synthesis of the maps; weight is the quadrature weight per pixel (sr).
     */
    void run(double[] mapT, double[] mapQ, double[] mapU, double weight, Alm t, Alm e, Alm b) {
        int nrings = rings.ringCount();
        int pairs = (nrings + 1) / 2;
        int stride = 2 * (mmax + 1);
        double[] phT = t == null ? null : new double[Synthesis.BLOCK * 2 * stride];
        double[] phQ = e == null ? null : new double[Synthesis.BLOCK * 2 * stride];
        double[] phU = e == null ? null : new double[Synthesis.BLOCK * 2 * stride];
        for (Alm a : new Alm[] {t, e, b}) {
            if (a != null) {
                Arrays.fill(a.re(), 0.0);
                Arrays.fill(a.im(), 0.0);
            }
        }
        for (int first = 0; first < pairs; first += Synthesis.BLOCK) {
            int count = Math.min(Synthesis.BLOCK, pairs - first);
            for (int j = 0; j < count; j++) {
                int north = first + j;
                int south = nrings - 1 - north;
                int nAt = 2 * j * stride;
                int sAt = (2 * j + 1) * stride;
                if (t != null) {
                    fft.analyse(mapT, north, weight, phT, nAt);
                }
                if (e != null) {
                    fft.analyse(mapQ, north, weight, phQ, nAt);
                    fft.analyse(mapU, north, weight, phU, nAt);
                }
                if (south != north) {
                    if (t != null) {
                        fft.analyse(mapT, south, weight, phT, sAt);
                    }
                    if (e != null) {
                        fft.analyse(mapQ, south, weight, phQ, sAt);
                        fft.analyse(mapU, south, weight, phU, sAt);
                    }
                } else { // the equator ring has no mirror image
                    for (double[] ph : new double[][] {phT, phQ, phU}) {
                        if (ph != null) {
                            Arrays.fill(ph, sAt, sAt + stride, 0.0);
                        }
                    }
                }
            }
            start.reset(first, count);
            for (int m = 0; m <= mmax; m++) {
                if (m > 0) {
                    start.next();
                }
                if (t != null) {
                    rec.scalar(m);
                    for (int j = 0; j < count; j++) {
                        scalarPair(t, m, j, phT, (2 * j) * stride + 2 * m, (2 * j + 1) * stride + 2 * m);
                    }
                }
                if (e != null) {
                    rec.spin(m);
                    for (int j = 0; j < count; j++) {
                        spinPair(e, b, m, j, phQ, phU, (2 * j) * stride + 2 * m, (2 * j + 1) * stride + 2 * m);
                    }
                }
            }
        }
    }

    private void scalarPair(Alm alm, int m, int j, double[] in, int northAt, int southAt) {
        double[] ar = alm.re();
        double[] ai = alm.im();
        int base = Alm.index(lmax, 0, m);
        double[] alpha = rec.alpha;
        double[] beta = rec.beta;
        double x = start.cosTheta(j);
        int l = start.scalar(j, state);
        double pm = state[0];
        double p = state[1];
        double er = in[northAt] + in[southAt];
        double ei = in[northAt + 1] + in[southAt + 1];
        double or = in[northAt] - in[southAt];
        double oi = in[northAt + 1] - in[southAt + 1];
        if (l <= lmax && ((l - m) & 1) == 1) {
            ar[base + l] += p * or;
            ai[base + l] += p * oi;
            double pn = alpha[l] * x * p - beta[l] * pm;
            pm = p;
            p = pn;
            l++;
        }
        for (; l < lmax; l += 2) { // l - m even here, l + 1 odd
            ar[base + l] += p * er;
            ai[base + l] += p * ei;
            double p1 = alpha[l] * x * p - beta[l] * pm;
            ar[base + l + 1] += p1 * or;
            ai[base + l + 1] += p1 * oi;
            pm = p1;
            p = alpha[l + 1] * x * p1 - beta[l + 1] * p;
        }
        if (l == lmax) {
            ar[base + l] += p * er;
            ai[base + l] += p * ei;
        }
    }

    private void spinPair(Alm e, Alm b, int m, int j, double[] inQ, double[] inU, int northAt, int southAt) {
        double[] err = e.re();
        double[] eii = e.im();
        double[] brr = b.re();
        double[] bii = b.im();
        int base = Alm.index(lmax, 0, m);
        double[] fa = rec.a;
        double[] fb = rec.b;
        double[] fc = rec.c;
        double x = start.cosTheta(j);
        int l = start.spin(j, state);
        double dpm = state[0];
        double dp = state[1];
        double dmm = state[2];
        double dm = state[3];
        // north + south feeds the terms even under theta -> pi - theta, north - south the odd ones
        double qsr = inQ[northAt] + inQ[southAt];
        double qsi = inQ[northAt + 1] + inQ[southAt + 1];
        double qdr = inQ[northAt] - inQ[southAt];
        double qdi = inQ[northAt + 1] - inQ[southAt + 1];
        double usr = inU[northAt] + inU[southAt];
        double usi = inU[northAt + 1] + inU[southAt + 1];
        double udr = inU[northAt] - inU[southAt];
        double udi = inU[northAt + 1] - inU[southAt + 1];
        for (; l <= lmax; l++) {
            double w = dm + dp;
            double xx = dm - dp;
            int i = base + l;
            if (((l - m) & 1) == 0) {
                err[i] += qsr * w - udi * xx;
                eii[i] += qsi * w + udr * xx;
                brr[i] += usr * w + qdi * xx;
                bii[i] += usi * w - qdr * xx;
            } else {
                err[i] += qdr * w - usi * xx;
                eii[i] += qdi * w + usr * xx;
                brr[i] += udr * w + qsi * xx;
                bii[i] += udi * w - qsr * xx;
            }
            double ax = fa[l] * x;
            double np = (ax - fb[l]) * dp - fc[l] * dpm;
            double nm = (ax + fb[l]) * dm - fc[l] * dmm;
            dpm = dp;
            dp = np;
            dmm = dm;
            dm = nm;
        }
    }
}
