package org.skypatch.gpu;

import java.nio.DoubleBuffer;
import java.nio.IntBuffer;

/**
 * A line-by-line Java model of the kernels in spectral_likelihood.cu, one loop iteration per CUDA
 * thread, on the same memory layouts (read there). The transcendental functions are the CPU
 * engine's (StrictMath.exp, Math.expm1, Math.pow), so the model's SED tables are the CPU's bits and
 * its sums run in the kernels' order and rounding (the PTX is built with -fmad=false). The GPU's
 * libm differs from Java's by an ulp or so: tests bound that difference, they do not expect bits.
 */
final class KernelModel {
    private static final int FREQ = 0;
    private static final int INV_SIGMA = 1;
    private static final int LOG_DUST = 2;
    private static final int LOG_SYNC = 3;
    private static final int RJ_TO_CMB = 4;

    private KernelModel() {
    }

    static void sedTables(int bands, int kb, int kt, int ks, int slots, int params, double hOverK, double dustRef,
                          double syncRef, double rjDustRef, double rjSyncRef, DoubleBuffer band, DoubleBuffer x,
                          DoubleBuffer sed) {
        int entries = (kb + 2 * kt + ks) * bands;
        for (long i = 0; i < (long) entries * slots; i++) {
            int slot = (int) (i % slots);
            int entry = (int) (i / slots);
            int row = entry / bands;
            int f = entry - row * bands;
            int xs = slot * params;
            double nu = band.get(FREQ * bands + f);
            double v;
            if (row < kb) {
                v = StrictMath.exp((1 + x.get(xs + row)) * band.get(LOG_DUST * bands + f));
            } else if (row < kb + kt) {
                double temp = x.get(xs + row);
                v = Math.expm1(hOverK * dustRef / temp) / Math.expm1(hOverK * nu / temp) * band.get(RJ_TO_CMB * bands + f)
                        / rjDustRef * band.get(INV_SIGMA * bands + f);
            } else if (row < kb + 2 * kt) {
                double temp = x.get(xs + row - kt);
                v = planckLogDerivTemp(hOverK, nu, temp) - planckLogDerivTemp(hOverK, dustRef, temp);
            } else {
                v = Math.pow(nu / syncRef, x.get(xs + row - kt)) * band.get(RJ_TO_CMB * bands + f) / rjSyncRef
                        * band.get(INV_SIGMA * bands + f);
            }
            sed.put((int) i, v);
        }
    }

    private static double planckLogDerivTemp(double hOverK, double nu, double temp) {
        double y = hOverK * nu / temp;
        return y / (-Math.expm1(-y)) / temp;
    }

    static void chunkMoments(int bands, int pixels, int chunks, int slots, int realizations, int kb, int kt,
                             DoubleBuffer y, IntBuffer chunkStart, IntBuffer chunkTuple, IntBuffer tupleParam,
                             DoubleBuffer band, DoubleBuffer sed, IntBuffer active, DoubleBuffer moments) {
        for (long i = 0; i < (long) chunks * slots; i++) {
            int slot = (int) (i % slots);
            int c = (int) (i / slots);
            int t = chunkTuple.get(c);
            Columns col = new Columns(bands, slots, kb, kt, t, slot, tupleParam, band, sed);
            int r = active.get(slot);
            long bandStride = (long) pixels * realizations;
            double[] m = new double[TupleLayout.MOMENTS];
            for (int ps = chunkStart.get(c); ps < chunkStart.get(c + 1); ps++) {
                for (int s = 0; s < 2; s++) {
                    long yx = ((long) s * bands * pixels + ps) * realizations + r;
                    double b0 = 0, b1 = 0, b2 = 0, q0 = 0, q1 = 0, q2 = 0;
                    for (int f = 0; f < bands; f++) {
                        double yf = y.get((int) (yx + f * bandStride));
                        double c1 = col.fb(f) * col.ft(f);
                        double c2 = col.fs(f);
                        b0 += col.invSigma(f) * yf;
                        b1 += c1 * yf;
                        b2 += c2 * yf;
                        q0 += c1 * col.logDust(f) * yf;
                        q1 += c1 * col.lt(f) * yf;
                        q2 += c2 * col.logSync(f) * yf;
                    }
                    double[] terms = {b0 * b0, b0 * b1, b0 * b2, b1 * b1, b1 * b2, b2 * b2,
                        b0 * q0, b0 * q1, b0 * q2, b1 * q0, b1 * q1, b1 * q2, b2 * q0, b2 * q1, b2 * q2,
                        q0 * q0, q0 * q1, q0 * q2, q1 * q1, q1 * q2, q2 * q2};
                    for (int k = 0; k < terms.length; k++) {
                        m[k] += terms[k];
                    }
                }
            }
            for (int k = 0; k < m.length; k++) {
                moments.put((int) (((long) k * chunks + c) * slots + slot), m[k]);
            }
        }
    }

    static void tupleOutputs(int bands, int tuples, int chunks, int slots, int kb, int kt, IntBuffer tupleChunk,
                             IntBuffer tupleParam, DoubleBuffer band, DoubleBuffer sed, DoubleBuffer moments,
                             DoubleBuffer out) {
        for (long i = 0; i < (long) tuples * slots; i++) {
            int slot = (int) (i % slots);
            int t = (int) (i / slots);
            Columns col = new Columns(bands, slots, kb, kt, t, slot, tupleParam, band, sed);
            double[] m = new double[TupleLayout.MOMENTS];
            for (int k = 0; k < m.length; k++) {
                long mk = (long) k * chunks * slots + slot;
                double sum = moments.get((int) (mk + (long) tupleChunk.get(t) * slots));
                for (int c = tupleChunk.get(t) + 1; c < tupleChunk.get(t + 1); c++) {
                    sum += moments.get((int) (mk + (long) c * slots));
                }
                m[k] = sum;
            }
            double[] o = outputs(bands, col, m);
            long row = (long) slots * tuples;
            for (int k = 0; k < TupleLayout.OUTPUTS; k++) {
                out.put((int) (k * row + (long) slot * tuples + t), o[k]);
            }
        }
    }

    /** tuple_outputs after the moments: NLL, gradient, Gauss-Newton block (NaN for a singular M). */
    private static double[] outputs(int bands, Columns col, double[] m) {
        double[] g = {m[0], m[1], m[2], m[1], m[3], m[4], m[2], m[4], m[5]};
        double[] e = new double[9];
        System.arraycopy(m, 6, e, 0, 9);
        double[] rr = {m[15], m[16], m[17], m[16], m[18], m[19], m[17], m[19], m[20]};
        double[] o = new double[TupleLayout.OUTPUTS];
        double[] minv = inverseGram(bands, col);
        if (!(minv[9] > 0)) {
            java.util.Arrays.fill(o, Double.NaN);
            return o;
        }
        double tr = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                tr += minv[a * 3 + b] * g[b * 3 + a];
            }
        }
        o[0] = -tr;
        double[] u = new double[9];
        for (int a = 0; a < 3; a++) {
            double u0 = 0, u1 = 0, u2 = 0;
            for (int f = 0; f < bands; f++) {
                double c1 = col.fb(f) * col.ft(f);
                double c2 = col.fs(f);
                double da = col.deriv(a, c1, c2, f);
                u0 += col.invSigma(f) * da;
                u1 += c1 * da;
                u2 += c2 * da;
            }
            u[a] = u0;
            u[3 + a] = u1;
            u[6 + a] = u2;
        }
        double[] v = new double[9];
        for (int c = 0; c < 3; c++) {
            for (int a = 0; a < 3; a++) {
                v[c * 3 + a] = minv[c * 3] * u[a] + minv[c * 3 + 1] * u[3 + a] + minv[c * 3 + 2] * u[6 + a];
            }
        }
        for (int a = 0; a < 3; a++) {
            int c = a < 2 ? 1 : 2;
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                double w = e[j * 3 + a] - (g[j * 3] * v[a] + g[j * 3 + 1] * v[3 + a] + g[j * 3 + 2] * v[6 + a]);
                sum += minv[c * 3 + j] * w;
            }
            o[1 + a] = -2 * sum;
        }
        double w11 = 0, w12 = 0, w22 = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double gab = g[a * 3 + b];
                w11 += minv[3 + a] * gab * minv[b * 3 + 1];
                w12 += minv[3 + a] * gab * minv[b * 3 + 2];
                w22 += minv[6 + a] * gab * minv[b * 3 + 2];
            }
        }
        for (int a = 0; a < 3; a++) {
            int ca = a < 2 ? 1 : 2;
            for (int b = a; b < 3; b++) {
                int cb = b < 2 ? 1 : 2;
                double dd = 0;
                for (int f = 0; f < bands; f++) {
                    double c1 = col.fb(f) * col.ft(f);
                    double c2 = col.fs(f);
                    dd += col.deriv(a, c1, c2, f) * col.deriv(b, c1, c2, f);
                }
                double proj = dd - (u[a] * v[b] + u[3 + a] * v[3 + b] + u[6 + a] * v[6 + b]);
                double w = ca == 1 ? (cb == 1 ? w11 : w12) : w22;
                double cross = rr[a * 3 + b];
                for (int k = 0; k < 3; k++) {
                    cross -= v[k * 3 + a] * e[k * 3 + b] + v[k * 3 + b] * e[k * 3 + a];
                    for (int j = 0; j < 3; j++) {
                        cross += v[k * 3 + a] * g[k * 3 + j] * v[j * 3 + b];
                    }
                }
                double h = 2 * (proj * w + cross * minv[ca * 3 + cb]);
                o[4 + a * 3 + b] = h;
                o[4 + b * 3 + a] = h;
            }
        }
        return o;
    }

    /**
     * (A^T A)^-1 of the tuple's whitened columns by cofactors (the kernels' inline code, Sym3.inverse),
     * row-major in [0..8], and the determinant in [9].
     */
    private static double[] inverseGram(int bands, Columns col) {
        double m00 = 0, m01 = 0, m02 = 0, m11 = 0, m12 = 0, m22 = 0;
        for (int f = 0; f < bands; f++) {
            double c0 = col.invSigma(f);
            double c1 = col.fb(f) * col.ft(f);
            double c2 = col.fs(f);
            m00 += c0 * c0;
            m01 += c0 * c1;
            m02 += c0 * c2;
            m11 += c1 * c1;
            m12 += c1 * c2;
            m22 += c2 * c2;
        }
        double c00 = m11 * m22 - m12 * m12;
        double c01 = m02 * m12 - m01 * m22;
        double c02 = m01 * m12 - m02 * m11;
        double c11 = m00 * m22 - m02 * m02;
        double c12 = m01 * m02 - m00 * m12;
        double c22 = m00 * m11 - m01 * m01;
        double det = m00 * c00 + m01 * c01 + m02 * c02;
        double rdet = 1.0 / det;
        return new double[] {c00 * rdet, c01 * rdet, c02 * rdet, c01 * rdet, c11 * rdet, c12 * rdet,
            c02 * rdet, c12 * rdet, c22 * rdet, det};
    }

    static void reconstructComponents(int bands, int pixels, int slots, int realizations, int kb, int kt,
                                      DoubleBuffer y, IntBuffer tupleOf, IntBuffer tupleParam, DoubleBuffer band,
                                      DoubleBuffer sed, IntBuffer active, DoubleBuffer out) {
        for (long i = 0; i < (long) pixels * slots; i++) {
            int slot = (int) (i % slots);
            int ps = (int) (i / slots);
            Columns col = new Columns(bands, slots, kb, kt, tupleOf.get(ps), slot, tupleParam, band, sed);
            double[] minv = inverseGram(bands, col);
            int r = active.get(slot);
            long bandStride = (long) pixels * realizations;
            for (int s = 0; s < 2; s++) {
                long yx = ((long) s * bands * pixels + ps) * realizations + r;
                double b0 = 0, b1 = 0, b2 = 0;
                for (int f = 0; f < bands; f++) {
                    double yf = y.get((int) (yx + f * bandStride));
                    b0 += col.invSigma(f) * yf;
                    b1 += col.fb(f) * col.ft(f) * yf;
                    b2 += col.fs(f) * yf;
                }
                for (int c = 0; c < 3; c++) {
                    out.put((int) ((((long) slot * 3 + c) * 2 + s) * pixels + ps),
                            minv[c * 3] * b0 + minv[c * 3 + 1] * b1 + minv[c * 3 + 2] * b2);
                }
            }
        }
    }

    /** A thread's view of its tuple's SED table rows and the band table (the kernels' fb, ft, lt, fs pointers). */
    private static final class Columns {
        private final int bands;
        private final int slots;
        private final DoubleBuffer band;
        private final DoubleBuffer sed;
        private final long fb;
        private final long ft;
        private final long lt;
        private final long fs;

        Columns(int bands, int slots, int kb, int kt, int t, int slot, IntBuffer tupleParam, DoubleBuffer band,
                DoubleBuffer sed) {
            this.bands = bands;
            this.slots = slots;
            this.band = band;
            this.sed = sed;
            fb = (long) tupleParam.get(3 * t) * bands * slots + slot;
            ft = (long) (kb + tupleParam.get(3 * t + 1)) * bands * slots + slot;
            lt = ft + (long) kt * bands * slots;
            fs = (long) (kb + 2 * kt + tupleParam.get(3 * t + 2)) * bands * slots + slot;
        }

        double fb(int f) {
            return sed.get((int) (fb + (long) f * slots));
        }

        double ft(int f) {
            return sed.get((int) (ft + (long) f * slots));
        }

        double lt(int f) {
            return sed.get((int) (lt + (long) f * slots));
        }

        double fs(int f) {
            return sed.get((int) (fs + (long) f * slots));
        }

        double invSigma(int f) {
            return band.get(INV_SIGMA * bands + f);
        }

        double logDust(int f) {
            return band.get(LOG_DUST * bands + f);
        }

        double logSync(int f) {
            return band.get(LOG_SYNC * bands + f);
        }

        double deriv(int a, double c1, double c2, int f) {
            return a == 0 ? c1 * logDust(f) : a == 1 ? c1 * lt(f) : c2 * logSync(f);
        }
    }
}
