package org.skypatch.harmonics;

import org.skypatch.sphere.RingTable;

/**
 * alm -&gt; map on the rings of a RingTable: for each block of north/south ring pairs and each m, the Legendre
 * sums F_m(theta) = sum_l a_lm lambda_lm(theta) (split by the parity of l + m, which flips sign between
 * theta and pi - theta), then one inverse FFT per ring. Spin 2 follows healpy:
 * Q = -sum (a_E W_lm + i a_B X_lm) e^{i m phi}, U = -sum (a_B W_lm - i a_E X_lm) e^{i m phi}.
 */
final class Synthesis {
    static final int BLOCK = 64;

    private final RingTable rings;
    private final int lmax;
    private final int mmax;
    private final LegendreRecursion rec;
    private final StartValues start;
    private final RingFft fft;
    private final double[] state = new double[4];
    // per-ring recursion state and accumulators of the rings active at the current m
    private final int[] ring = new int[BLOCK];
    private final int[] first = new int[BLOCK];
    private final double[] x = new double[BLOCK];
    private final double[] p = new double[BLOCK];
    private final double[] pm = new double[BLOCK];
    private final double[] er = new double[BLOCK];
    private final double[] ei = new double[BLOCK];
    private final double[] or = new double[BLOCK];
    private final double[] oi = new double[BLOCK];
    private final double[] q = new double[BLOCK];
    private final double[] qm = new double[BLOCK];
    private final double[][] spinAcc = new double[8][BLOCK];

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
                    scalarBlock(t, m, count, phT, stride);
                }
                if (e != null) {
                    rec.spin(m);
                    spinBlock(e, b, m, count, phQ, phU, stride);
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

    /**
     * Legendre sums of one m for all ring pairs of the block. Rings leave the scaled start phase at different
     * l; each ring runs alone up to the last of those, then all rings advance together so that their
     * independent recursions overlap in the CPU (the single-ring recursion is latency bound).
     */
    private void scalarBlock(Alm alm, int m, int count, double[] out, int stride) {
        double[] ar = alm.re();
        double[] ai = alm.im();
        int base = Alm.index(lmax, 0, m);
        double[] alpha = rec.alpha;
        double[] beta = rec.beta;
        int n = 0;
        int joint = m;
        for (int j = 0; j < count; j++) {
            int at = 2 * j * stride + 2 * m;
            out[at] = 0;
            out[at + 1] = 0;
            out[at + stride] = 0;
            out[at + stride + 1] = 0;
            int l = start.scalar(j, state);
            if (l > lmax) {
                continue;
            }
            ring[n] = j;
            first[n] = l;
            pm[n] = state[0];
            p[n] = state[1];
            x[n] = start.cosTheta(j);
            er[n] = 0;
            ei[n] = 0;
            or[n] = 0;
            oi[n] = 0;
            joint = Math.max(joint, l);
            n++;
        }
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) { // each ring alone up to the common start
            double pi = p[i];
            double pmi = pm[i];
            double xi = x[i];
            for (int l = first[i]; l < joint; l++) {
                if (((l - m) & 1) == 0) {
                    er[i] += pi * ar[base + l];
                    ei[i] += pi * ai[base + l];
                } else {
                    or[i] += pi * ar[base + l];
                    oi[i] += pi * ai[base + l];
                }
                double pn = alpha[l] * xi * pi - beta[l] * pmi;
                pmi = pi;
                pi = pn;
            }
            p[i] = pi;
            pm[i] = pmi;
        }
        int l = joint;
        if (((l - m) & 1) == 1) {
            double a0 = ar[base + l];
            double b0 = ai[base + l];
            for (int i = 0; i < n; i++) {
                or[i] += p[i] * a0;
                oi[i] += p[i] * b0;
                double pn = alpha[l] * x[i] * p[i] - beta[l] * pm[i];
                pm[i] = p[i];
                p[i] = pn;
            }
            l++;
        }
        for (; l < lmax; l += 2) { // l - m even here, l + 1 odd
            double a0 = ar[base + l];
            double b0 = ai[base + l];
            double a1 = ar[base + l + 1];
            double b1 = ai[base + l + 1];
            double al0 = alpha[l];
            double be0 = beta[l];
            double al1 = alpha[l + 1];
            double be1 = beta[l + 1];
            for (int i = 0; i < n; i++) {
                double p0 = p[i];
                double xi = x[i];
                er[i] += p0 * a0;
                ei[i] += p0 * b0;
                double p1 = al0 * xi * p0 - be0 * pm[i];
                or[i] += p1 * a1;
                oi[i] += p1 * b1;
                pm[i] = p1;
                p[i] = al1 * xi * p1 - be1 * p0;
            }
        }
        if (l == lmax) {
            double a0 = ar[base + l];
            double b0 = ai[base + l];
            for (int i = 0; i < n; i++) {
                er[i] += p[i] * a0;
                ei[i] += p[i] * b0;
            }
        }
        for (int i = 0; i < n; i++) {
            int at = 2 * ring[i] * stride + 2 * m;
            out[at] = er[i] + or[i];
            out[at + 1] = ei[i] + oi[i];
            out[at + stride] = er[i] - or[i];
            out[at + stride + 1] = ei[i] - oi[i];
        }
    }
    /** The spin-2 analogue of {@link #scalarBlock}: Q and U sums of one m for all ring pairs of the block. */
    private void spinBlock(Alm e, Alm b, int m, int count, double[] outQ, double[] outU, int stride) {
        double[] err = e.re();
        double[] eii = e.im();
        double[] brr = b.re();
        double[] bii = b.im();
        int base = Alm.index(lmax, 0, m);
        double[] fa = rec.a;
        double[] fb = rec.b;
        double[] fc = rec.c;
        int n = 0;
        int joint = Math.max(m, 2);
        for (int j = 0; j < count; j++) {
            int at = 2 * j * stride + 2 * m;
            outQ[at] = 0;
            outQ[at + 1] = 0;
            outQ[at + stride] = 0;
            outQ[at + stride + 1] = 0;
            outU[at] = 0;
            outU[at + 1] = 0;
            outU[at + stride] = 0;
            outU[at + stride + 1] = 0;
            int l = start.spin(j, state);
            if (l > lmax) {
                continue;
            }
            ring[n] = j;
            first[n] = l;
            pm[n] = state[0];
            p[n] = state[1];
            qm[n] = state[2];
            q[n] = state[3];
            x[n] = start.cosTheta(j);
            for (double[] acc : spinAcc) {
                acc[n] = 0;
            }
            joint = Math.max(joint, l);
            n++;
        }
        if (n == 0) {
            return;
        }
        // S: terms even under theta -> pi - theta (W with l+m even, X with l+m odd); A: odd terms
        double[] qsr = spinAcc[0];
        double[] qsi = spinAcc[1];
        double[] qar = spinAcc[2];
        double[] qai = spinAcc[3];
        double[] usr = spinAcc[4];
        double[] usi = spinAcc[5];
        double[] uar = spinAcc[6];
        double[] uai = spinAcc[7];
        for (int i = 0; i < n; i++) { // each ring alone up to the common start
            double dp = p[i];
            double dpm = pm[i];
            double dm = q[i];
            double dmm = qm[i];
            double xi = x[i];
            for (int l = first[i]; l < joint; l++) {
                double w = dm + dp;
                double xx = dm - dp;
                int k = base + l;
                if (((l - m) & 1) == 0) {
                    qsr[i] += err[k] * w;
                    qsi[i] += eii[k] * w;
                    usr[i] += brr[k] * w;
                    usi[i] += bii[k] * w;
                    qar[i] -= bii[k] * xx;
                    qai[i] += brr[k] * xx;
                    uar[i] += eii[k] * xx;
                    uai[i] -= err[k] * xx;
                } else {
                    qar[i] += err[k] * w;
                    qai[i] += eii[k] * w;
                    uar[i] += brr[k] * w;
                    uai[i] += bii[k] * w;
                    qsr[i] -= bii[k] * xx;
                    qsi[i] += brr[k] * xx;
                    usr[i] += eii[k] * xx;
                    usi[i] -= err[k] * xx;
                }
                double ax = fa[l] * xi;
                double np = (ax - fb[l]) * dp - fc[l] * dpm;
                double nm = (ax + fb[l]) * dm - fc[l] * dmm;
                dpm = dp;
                dp = np;
                dmm = dm;
                dm = nm;
            }
            p[i] = dp;
            pm[i] = dpm;
            q[i] = dm;
            qm[i] = dmm;
        }
        int l = joint;
        if (((l - m) & 1) == 1) { // one odd step so that the pairs below start at even l - m
            oddSpinStep(l, base, n, e, b);
            l++;
        }
        for (; l < lmax; l += 2) { // l - m even, l + 1 odd
            int k = base + l;
            double er0 = err[k];
            double ei0 = eii[k];
            double br0 = brr[k];
            double bi0 = bii[k];
            double er1 = err[k + 1];
            double ei1 = eii[k + 1];
            double br1 = brr[k + 1];
            double bi1 = bii[k + 1];
            double a0 = fa[l];
            double b0 = fb[l];
            double c0 = fc[l];
            double a1 = fa[l + 1];
            double b1 = fb[l + 1];
            double c1 = fc[l + 1];
            for (int i = 0; i < n; i++) {
                double dp = p[i];
                double dm = q[i];
                double xi = x[i];
                double w = dm + dp;
                double xx = dm - dp;
                double sQr = qsr[i] + er0 * w;
                double sQi = qsi[i] + ei0 * w;
                double sUr = usr[i] + br0 * w;
                double sUi = usi[i] + bi0 * w;
                double aQr = qar[i] - bi0 * xx;
                double aQi = qai[i] + br0 * xx;
                double aUr = uar[i] + ei0 * xx;
                double aUi = uai[i] - er0 * xx;
                double ax = a0 * xi;
                double dp1 = (ax - b0) * dp - c0 * pm[i];
                double dm1 = (ax + b0) * dm - c0 * qm[i];
                w = dm1 + dp1;
                xx = dm1 - dp1;
                qar[i] = aQr + er1 * w;
                qai[i] = aQi + ei1 * w;
                uar[i] = aUr + br1 * w;
                uai[i] = aUi + bi1 * w;
                qsr[i] = sQr - bi1 * xx;
                qsi[i] = sQi + br1 * xx;
                usr[i] = sUr + ei1 * xx;
                usi[i] = sUi - er1 * xx;
                ax = a1 * xi;
                pm[i] = dp1;
                p[i] = (ax - b1) * dp1 - c1 * dp;
                qm[i] = dm1;
                q[i] = (ax + b1) * dm1 - c1 * dm;
            }
        }
        if (l == lmax) { // a last even step
            int k = base + l;
            for (int i = 0; i < n; i++) {
                double w = q[i] + p[i];
                double xx = q[i] - p[i];
                qsr[i] += err[k] * w;
                qsi[i] += eii[k] * w;
                usr[i] += brr[k] * w;
                usi[i] += bii[k] * w;
                qar[i] -= bii[k] * xx;
                qai[i] += brr[k] * xx;
                uar[i] += eii[k] * xx;
                uai[i] -= err[k] * xx;
            }
        }
        for (int i = 0; i < n; i++) {
            int at = 2 * ring[i] * stride + 2 * m;
            outQ[at] = qsr[i] + qar[i];
            outQ[at + 1] = qsi[i] + qai[i];
            outQ[at + stride] = qsr[i] - qar[i];
            outQ[at + stride + 1] = qsi[i] - qai[i];
            outU[at] = usr[i] + uar[i];
            outU[at + 1] = usi[i] + uai[i];
            outU[at + stride] = usr[i] - uar[i];
            outU[at + stride + 1] = usi[i] - uai[i];
        }
    }

    /** One step at odd l - m for all active rings: W terms go to the antisymmetric sums, X terms to the symmetric. */
    private void oddSpinStep(int l, int base, int n, Alm e, Alm b) {
        int k = base + l;
        double er = e.re()[k];
        double ei = e.im()[k];
        double br = b.re()[k];
        double bi = b.im()[k];
        double a = rec.a[l];
        double bl = rec.b[l];
        double c = rec.c[l];
        for (int i = 0; i < n; i++) {
            double dp = p[i];
            double dm = q[i];
            double w = dm + dp;
            double xx = dm - dp;
            spinAcc[2][i] += er * w;
            spinAcc[3][i] += ei * w;
            spinAcc[6][i] += br * w;
            spinAcc[7][i] += bi * w;
            spinAcc[0][i] -= bi * xx;
            spinAcc[1][i] += br * xx;
            spinAcc[4][i] += ei * xx;
            spinAcc[5][i] -= er * xx;
            double ax = a * x[i];
            double np = (ax - bl) * dp - c * pm[i];
            double nm = (ax + bl) * dm - c * qm[i];
            pm[i] = dp;
            p[i] = np;
            qm[i] = dm;
            q[i] = nm;
        }
    }
}
