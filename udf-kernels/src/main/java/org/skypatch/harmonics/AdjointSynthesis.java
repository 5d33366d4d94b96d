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
    // per-ring recursion state and ring Fourier inputs of the rings active at the current m
    private final int[] first = new int[Synthesis.BLOCK];
    /** Per ring pair of the block, whether either ring has a non-zero pixel (empty pairs add nothing to any alm). */
    private final boolean[] live = new boolean[Synthesis.BLOCK];
    private final double[] x = new double[Synthesis.BLOCK];
    private final double[] p = new double[Synthesis.BLOCK];
    private final double[] pm = new double[Synthesis.BLOCK];
    private final double[] q = new double[Synthesis.BLOCK];
    private final double[] qm = new double[Synthesis.BLOCK];
    private final double[] in0 = new double[Synthesis.BLOCK];
    private final double[] in1 = new double[Synthesis.BLOCK];
    private final double[] in2 = new double[Synthesis.BLOCK];
    private final double[] in3 = new double[Synthesis.BLOCK];
    private final double[] in4 = new double[Synthesis.BLOCK];
    private final double[] in5 = new double[Synthesis.BLOCK];
    private final double[] in6 = new double[Synthesis.BLOCK];
    private final double[] in7 = new double[Synthesis.BLOCK];

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
                // maps cut to a zone (zero elsewhere) leave many rings empty: no FFT and no Legendre sums for them
                live[j] = !zero(north, mapT, mapQ, mapU) || !zero(south, mapT, mapQ, mapU);
                if (!live[j]) {
                    continue;
                }
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
                    scalarBlock(t, m, count, phT, stride);
                }
                if (e != null) {
                    rec.spin(m);
                    spinBlock(e, b, m, count, phQ, phU, stride);
                }
            }
        }
    }

    /** Whether every pixel of the ring is zero in each of the given maps (null maps are skipped). */
    private boolean zero(int ring, double[]... maps) {
        int from = (int) rings.firstPixel()[ring];
        int to = from + rings.pixelCount()[ring];
        for (double[] map : maps) {
            for (int i = from; map != null && i < to; i++) {
                if (map[i] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * One m for all ring pairs of the block: each ring alone up to the last l at which a ring leaves the scaled
     * start phase, then all rings together with the sums over rings accumulated per l (independent
     * recursions overlap in the CPU; the single-ring recursion is latency bound).
     */
    private void scalarBlock(Alm alm, int m, int count, double[] in, int stride) {
        double[] ar = alm.re();
        double[] ai = alm.im();
        int base = Alm.index(lmax, 0, m);
        double[] alpha = rec.alpha;
        double[] beta = rec.beta;
        int n = 0;
        int joint = m;
        for (int j = 0; j < count; j++) {
            int l = live[j] ? start.scalar(j, state) : lmax + 1;
            if (l > lmax) {
                continue;
            }
            int at = 2 * j * stride + 2 * m;
            first[n] = l;
            pm[n] = state[0];
            p[n] = state[1];
            x[n] = start.cosTheta(j);
            // north + south feeds l - m even (lambda symmetric), north - south l - m odd
            in0[n] = in[at] + in[at + stride];
            in1[n] = in[at + 1] + in[at + stride + 1];
            in2[n] = in[at] - in[at + stride];
            in3[n] = in[at + 1] - in[at + stride + 1];
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
                boolean even = ((l - m) & 1) == 0;
                ar[base + l] += pi * (even ? in0[i] : in2[i]);
                ai[base + l] += pi * (even ? in1[i] : in3[i]);
                double pn = alpha[l] * xi * pi - beta[l] * pmi;
                pmi = pi;
                pi = pn;
            }
            p[i] = pi;
            pm[i] = pmi;
        }
        int l = joint;
        if (((l - m) & 1) == 1) {
            double sr = 0;
            double si = 0;
            for (int i = 0; i < n; i++) {
                sr += p[i] * in2[i];
                si += p[i] * in3[i];
                double pn = alpha[l] * x[i] * p[i] - beta[l] * pm[i];
                pm[i] = p[i];
                p[i] = pn;
            }
            ar[base + l] += sr;
            ai[base + l] += si;
            l++;
        }
        for (; l < lmax; l += 2) { // l - m even here, l + 1 odd
            double al0 = alpha[l];
            double be0 = beta[l];
            double al1 = alpha[l + 1];
            double be1 = beta[l + 1];
            double er = 0;
            double ei = 0;
            double or = 0;
            double oi = 0;
            for (int i = 0; i < n; i++) {
                double p0 = p[i];
                double xi = x[i];
                er += p0 * in0[i];
                ei += p0 * in1[i];
                double p1 = al0 * xi * p0 - be0 * pm[i];
                or += p1 * in2[i];
                oi += p1 * in3[i];
                pm[i] = p1;
                p[i] = al1 * xi * p1 - be1 * p0;
            }
            ar[base + l] += er;
            ai[base + l] += ei;
            ar[base + l + 1] += or;
            ai[base + l + 1] += oi;
        }
        if (l == lmax) {
            double er = 0;
            double ei = 0;
            for (int i = 0; i < n; i++) {
                er += p[i] * in0[i];
                ei += p[i] * in1[i];
            }
            ar[base + l] += er;
            ai[base + l] += ei;
        }
    }

    /** The spin-2 analogue of {@link #scalarBlock}. */
    private void spinBlock(Alm e, Alm b, int m, int count, double[] inQ, double[] inU, int stride) {
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
            int l = live[j] ? start.spin(j, state) : lmax + 1;
            if (l > lmax) {
                continue;
            }
            int at = 2 * j * stride + 2 * m;
            first[n] = l;
            pm[n] = state[0];
            p[n] = state[1];
            qm[n] = state[2];
            q[n] = state[3];
            x[n] = start.cosTheta(j);
            // sums (north + south) and differences of Q and U, real and imaginary parts
            in0[n] = inQ[at] + inQ[at + stride];
            in1[n] = inQ[at + 1] + inQ[at + stride + 1];
            in2[n] = inQ[at] - inQ[at + stride];
            in3[n] = inQ[at + 1] - inQ[at + stride + 1];
            in4[n] = inU[at] + inU[at + stride];
            in5[n] = inU[at + 1] + inU[at + stride + 1];
            in6[n] = inU[at] - inU[at + stride];
            in7[n] = inU[at + 1] - inU[at + stride + 1];
            joint = Math.max(joint, l);
            n++;
        }
        if (n == 0) {
            return;
        }
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
                if (((l - m) & 1) == 0) { // W pairs with the symmetric sums, X with the differences
                    err[k] += in0[i] * w - in7[i] * xx;
                    eii[k] += in1[i] * w + in6[i] * xx;
                    brr[k] += in4[i] * w + in3[i] * xx;
                    bii[k] += in5[i] * w - in2[i] * xx;
                } else {
                    err[k] += in2[i] * w - in5[i] * xx;
                    eii[k] += in3[i] * w + in4[i] * xx;
                    brr[k] += in6[i] * w + in1[i] * xx;
                    bii[k] += in7[i] * w - in0[i] * xx;
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
        if (((l - m) & 1) == 1) { // one odd step: W with the differences, X with the sums
            spinStep(l, base, n, e, b, in2, in3, in6, in7, in0, in1, in4, in5);
            l++;
        }
        for (; l < lmax; l += 2) { // l - m even, l + 1 odd
            double a0 = fa[l];
            double b0 = fb[l];
            double c0 = fc[l];
            double a1 = fa[l + 1];
            double b1 = fb[l + 1];
            double c1 = fc[l + 1];
            double eEr = 0;
            double eEi = 0;
            double eBr = 0;
            double eBi = 0;
            double oEr = 0;
            double oEi = 0;
            double oBr = 0;
            double oBi = 0;
            for (int i = 0; i < n; i++) {
                double dp = p[i];
                double dm = q[i];
                double xi = x[i];
                double sq0 = in0[i];
                double sq1 = in1[i];
                double dq0 = in2[i];
                double dq1 = in3[i];
                double su0 = in4[i];
                double su1 = in5[i];
                double du0 = in6[i];
                double du1 = in7[i];
                double w = dm + dp;
                double xx = dm - dp;
                eEr += sq0 * w - du1 * xx;
                eEi += sq1 * w + du0 * xx;
                eBr += su0 * w + dq1 * xx;
                eBi += su1 * w - dq0 * xx;
                double ax = a0 * xi;
                double dp1 = (ax - b0) * dp - c0 * pm[i];
                double dm1 = (ax + b0) * dm - c0 * qm[i];
                w = dm1 + dp1;
                xx = dm1 - dp1;
                oEr += dq0 * w - su1 * xx;
                oEi += dq1 * w + su0 * xx;
                oBr += du0 * w + sq1 * xx;
                oBi += du1 * w - sq0 * xx;
                ax = a1 * xi;
                pm[i] = dp1;
                p[i] = (ax - b1) * dp1 - c1 * dp;
                qm[i] = dm1;
                q[i] = (ax + b1) * dm1 - c1 * dm;
            }
            int k = base + l;
            err[k] += eEr;
            eii[k] += eEi;
            brr[k] += eBr;
            bii[k] += eBi;
            err[k + 1] += oEr;
            eii[k + 1] += oEi;
            brr[k + 1] += oBr;
            bii[k + 1] += oBi;
        }
        if (l == lmax) { // a last even step
            spinStep(l, base, n, e, b, in0, in1, in4, in5, in2, in3, in6, in7);
        }
    }

    /**
     * One l for all active rings: E += (wq0 + i wq1) W + i (xu0 + i xu1) X, B += (wu0 + i wu1) W - i (xq0 + i xq1) X,
     * with the north/south sums or differences as the parity of l - m requires.
     */
    private void spinStep(int l, int base, int n, Alm e, Alm b, double[] wq0, double[] wq1, double[] wu0,
                          double[] wu1, double[] xq0, double[] xq1, double[] xu0, double[] xu1) {
        double a = rec.a[l];
        double bl = rec.b[l];
        double c = rec.c[l];
        double sEr = 0;
        double sEi = 0;
        double sBr = 0;
        double sBi = 0;
        for (int i = 0; i < n; i++) {
            double dp = p[i];
            double dm = q[i];
            double w = dm + dp;
            double xx = dm - dp;
            sEr += wq0[i] * w - xu1[i] * xx;
            sEi += wq1[i] * w + xu0[i] * xx;
            sBr += wu0[i] * w + xq1[i] * xx;
            sBi += wu1[i] * w - xq0[i] * xx;
            double ax = a * x[i];
            double np = (ax - bl) * dp - c * pm[i];
            double nm = (ax + bl) * dm - c * qm[i];
            pm[i] = dp;
            p[i] = np;
            qm[i] = dm;
            q[i] = nm;
        }
        int k = base + l;
        e.re()[k] += sEr;
        e.im()[k] += sEi;
        b.re()[k] += sBr;
        b.im()[k] += sBi;
    }
}
