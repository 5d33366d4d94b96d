package org.skypatch.harmonics;

import org.skypatch.sphere.RingTable;

/**
 * alm -&gt; map on the rings of a RingTable: for each block of north/south ring pairs and each m, the Legendre
 * sums F_m(theta) = sum_l a_lm lambda_lm(theta) (split by the parity of l + m, which flips sign between
 * theta and pi - theta), then one inverse FFT per ring. Spin 2 follows healpy:
 * Q = -sum (a_E W_lm + i a_B X_lm) e^{i m phi}, U = -sum (a_B W_lm - i a_E X_lm) e^{i m phi}.
 */
final class Synthesis {
    static final int BLOCK = 32;

    private final RingTable rings;
    private final int lmax;
    private final int mmax;
    private final LegendreRecursion rec;
    private final StartValues start;
    private final RingFft fft;
    private final double[] state = new double[4];

    Synthesis(RingTable rings, int lmax, int mmax) {
        this.rings = rings;
        this.lmax = lmax;
        this.mmax = mmax;
        this.rec = new LegendreRecursion(lmax);
        this.start = new StartValues(rings, rec, BLOCK);
        this.fft = new RingFft(rings, mmax);
    }

    /**
     * Maps from alms (each may be null: that part is skipped; e and b must be null together or both given).
     * Maps are overwritten where the corresponding alm is given.
     */
    void run(Alm t, Alm e, Alm b, double[] mapT, double[] mapQ, double[] mapU) {
        int nrings = rings.ringCount();
        int pairs = (nrings + 1) / 2;
        int stride = 2 * (mmax + 1);
        double[] phT = t == null ? null : new double[BLOCK * 2 * stride];
        double[] phQ = e == null ? null : new double[BLOCK * 2 * stride];
        double[] phU = e == null ? null : new double[BLOCK * 2 * stride];
        for (int first = 0; first < pairs; first += BLOCK) {
            int count = Math.min(BLOCK, pairs - first);
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
            for (int j = 0; j < count; j++) {
                int north = first + j;
                int south = nrings - 1 - north;
                if (t != null) {
                    fft.synthesise(phT, 2 * j * stride, north, mapT);
                }
                if (e != null) {
                    fft.synthesise(phQ, 2 * j * stride, north, mapQ);
                    fft.synthesise(phU, 2 * j * stride, north, mapU);
                }
                if (south != north) {
                    if (t != null) {
                        fft.synthesise(phT, (2 * j + 1) * stride, south, mapT);
                    }
                    if (e != null) {
                        fft.synthesise(phQ, (2 * j + 1) * stride, south, mapQ);
                        fft.synthesise(phU, (2 * j + 1) * stride, south, mapU);
                    }
                }
            }
        }
    }

    private void scalarPair(Alm alm, int m, int j, double[] out, int northAt, int southAt) {
        double[] ar = alm.re();
        double[] ai = alm.im();
        int base = Alm.index(lmax, 0, m);
        double[] alpha = rec.alpha;
        double[] beta = rec.beta;
        double x = start.cosTheta(j);
        int l = start.scalar(j, state);
        double pm = state[0];
        double p = state[1];
        double er = 0;
        double ei = 0;
        double or = 0;
        double oi = 0;
        if (l <= lmax && ((l - m) & 1) == 1) {
            or += p * ar[base + l];
            oi += p * ai[base + l];
            double pn = alpha[l] * x * p - beta[l] * pm;
            pm = p;
            p = pn;
            l++;
        }
        for (; l < lmax; l += 2) { // l - m even here, l + 1 odd
            er += p * ar[base + l];
            ei += p * ai[base + l];
            double p1 = alpha[l] * x * p - beta[l] * pm;
            or += p1 * ar[base + l + 1];
            oi += p1 * ai[base + l + 1];
            pm = p1;
            p = alpha[l + 1] * x * p1 - beta[l + 1] * p;
        }
        if (l == lmax) {
            er += p * ar[base + l];
            ei += p * ai[base + l];
        }
        out[northAt] = er + or;
        out[northAt + 1] = ei + oi;
        out[southAt] = er - or;
        out[southAt + 1] = ei - oi;
    }

    private void spinPair(Alm e, Alm b, int m, int j, double[] outQ, double[] outU, int northAt, int southAt) {
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
        // S: terms even under theta -> pi - theta (W with l+m even, X with l+m odd); A: odd terms
        double qsr = 0;
        double qsi = 0;
        double qar = 0;
        double qai = 0;
        double usr = 0;
        double usi = 0;
        double uar = 0;
        double uai = 0;
        for (; l <= lmax; l++) {
            double w = dm + dp;
            double xx = dm - dp;
            int i = base + l;
            double er = err[i];
            double ei = eii[i];
            double br = brr[i];
            double bi = bii[i];
            if (((l - m) & 1) == 0) {
                qsr += er * w;
                qsi += ei * w;
                usr += br * w;
                usi += bi * w;
                qar -= bi * xx;
                qai += br * xx;
                uar += ei * xx;
                uai -= er * xx;
            } else {
                qar += er * w;
                qai += ei * w;
                uar += br * w;
                uai += bi * w;
                qsr -= bi * xx;
                qsi += br * xx;
                usr += ei * xx;
                usi -= er * xx;
            }
            double ax = fa[l] * x;
            double np = (ax - fb[l]) * dp - fc[l] * dpm;
            double nm = (ax + fb[l]) * dm - fc[l] * dmm;
            dpm = dp;
            dp = np;
            dmm = dm;
            dm = nm;
        }
        outQ[northAt] = qsr + qar;
        outQ[northAt + 1] = qsi + qai;
        outQ[southAt] = qsr - qar;
        outQ[southAt + 1] = qsi - qai;
        outU[northAt] = usr + uar;
        outU[northAt + 1] = usi + uai;
        outU[southAt] = usr - uar;
        outU[southAt + 1] = usi - uai;
    }
}
