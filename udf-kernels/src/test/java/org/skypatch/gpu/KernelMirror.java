package org.skypatch.gpu;

import java.util.List;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.SedTables;

/**
 * A line-by-line Java model of the kernels in spectral_likelihood.cu, run on the very arrays the
 * host uploads (same layouts, same per-thread partial sums, same reduction tree, same rounding as
 * the PTX built with -fmad=false). Tests compare it with the CPU engine to check the host side
 * (packing, tuple segments, reduction order, unpacking, lockstep driving) without a GPU.
 */
final class KernelMirror implements DeviceKernels {
    private final TupleLayout layout;
    private final FitProblem problem;
    private final int realizations;
    private final double[] y;
    private final double[] invSigma;
    private final double[] logDust;
    private final double[] logSync;
    /** Launches so far (each tuple_likelihood call is one). */
    int launches;
    /** Slots of the last launch. */
    int lastSlots;

    KernelMirror(TupleLayout layout, FitProblem problem, List<double[][][]> batch) {
        this.layout = layout;
        this.problem = problem;
        this.realizations = batch.size();
        SedTables bandTables = new SedTables(problem);
        invSigma = bandTables.invSigma;
        logDust = bandTables.logDust;
        logSync = bandTables.logSync;
        y = layout.packData(batch, invSigma);
    }

    @Override
    public TupleLayout layout() {
        return layout;
    }

    @Override
    public int realizations() {
        return realizations;
    }

    @Override
    public void evaluate(int[] active, int slots, double[] sed, double[] out) {
        launches++;
        lastSlots = slots;
        for (int slot = 0; slot < slots; slot++) {
            for (int t = 0; t < layout.tuples; t++) {
                block(t, slot, active[slot], sed, out);
            }
        }
    }

    /** One thread block of tuple_likelihood. */
    private void block(int t, int slot, int r, double[] sed, double[] out) {
        int bands = layout.bands;
        int pixels = layout.pixels;
        int kb = layout.kDustBeta;
        int kt = layout.kDustTemp;
        int threads = TupleLayout.THREADS;
        int base = slot * layout.sedStride();
        int fb = base + layout.tupleParam[3 * t] * bands;
        int ft = base + (kb + layout.tupleParam[3 * t + 1]) * bands;
        int lt = ft + kt * bands;
        int fs = base + (kb + 2 * kt + layout.tupleParam[3 * t + 2]) * bands;
        double[] a1 = new double[bands];
        double[] a2 = new double[bands];
        double[][] d = new double[3][bands];
        for (int f = 0; f < bands; f++) {
            double c1 = sed[fb + f] * sed[ft + f];
            double c2 = sed[fs + f];
            a1[f] = c1;
            a2[f] = c2;
            d[0][f] = c1 * logDust[f];
            d[1][f] = c1 * sed[lt + f];
            d[2][f] = c2 * logSync[f];
        }
        double[][] part = new double[TupleLayout.MOMENTS][threads];
        for (int i = 0; i < threads; i++) {
            double[] m = new double[TupleLayout.MOMENTS];
            for (int ps = layout.segment[t] + i; ps < layout.segment[t + 1]; ps += threads) {
                for (int x = 0; x < 2; x++) {
                    int yx = (r * 2 + x) * bands * pixels + ps;
                    double b0 = 0, b1 = 0, b2 = 0, q0 = 0, q1 = 0, q2 = 0;
                    for (int f = 0; f < bands; f++) {
                        double yf = y[yx + f * pixels];
                        b0 += invSigma[f] * yf;
                        b1 += a1[f] * yf;
                        b2 += a2[f] * yf;
                        q0 += d[0][f] * yf;
                        q1 += d[1][f] * yf;
                        q2 += d[2][f] * yf;
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
                part[k][i] = m[k];
            }
        }
        for (int s = threads / 2; s > 0; s >>= 1) {
            for (int i = 0; i < s; i++) {
                for (int k = 0; k < TupleLayout.MOMENTS; k++) {
                    part[k][i] += part[k][i + s];
                }
            }
        }
        double[] g = {part[0][0], part[1][0], part[2][0], part[1][0], part[3][0], part[4][0], part[2][0], part[4][0],
            part[5][0]};
        double[] e = new double[9];
        for (int k = 0; k < 9; k++) {
            e[k] = part[6 + k][0];
        }
        double[] rr = {part[15][0], part[16][0], part[17][0], part[16][0], part[18][0], part[19][0], part[17][0],
            part[19][0], part[20][0]};
        int o = (slot * layout.tuples + t) * TupleLayout.OUTPUTS;
        double[] minv = inverse(a1, a2, bands);
        if (minv == null) {
            java.util.Arrays.fill(out, o, o + TupleLayout.OUTPUTS, Double.NaN);
            return;
        }
        double tr = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                tr += minv[a * 3 + b] * g[b * 3 + a];
            }
        }
        out[o] = -tr;
        double[] u = new double[9];
        double[] v = new double[9];
        for (int a = 0; a < 3; a++) {
            double u0 = 0, u1 = 0, u2 = 0;
            for (int f = 0; f < bands; f++) {
                u0 += invSigma[f] * d[a][f];
                u1 += a1[f] * d[a][f];
                u2 += a2[f] * d[a][f];
            }
            u[a] = u0;
            u[3 + a] = u1;
            u[6 + a] = u2;
        }
        for (int c = 0; c < 3; c++) {
            for (int a = 0; a < 3; a++) {
                v[c * 3 + a] = minv[c * 3] * u[a] + minv[c * 3 + 1] * u[3 + a] + minv[c * 3 + 2] * u[6 + a];
            }
        }
        for (int a = 0; a < 3; a++) {
            int col = a < 2 ? 1 : 2;
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                double w = e[j * 3 + a] - (g[j * 3] * v[a] + g[j * 3 + 1] * v[3 + a] + g[j * 3 + 2] * v[6 + a]);
                sum += minv[col * 3 + j] * w;
            }
            out[o + 1 + a] = -2 * sum;
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
                    dd += d[a][f] * d[b][f];
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
                out[o + 4 + a * 3 + b] = h;
                out[o + 4 + b * 3 + a] = h;
            }
        }
    }

    /** M^-1 by cofactors from the whitened columns (1/sigma, a1, a2), or null when singular. */
    private double[] inverse(double[] a1, double[] a2, int bands) {
        double m00 = 0, m01 = 0, m02 = 0, m11 = 0, m12 = 0, m22 = 0;
        for (int f = 0; f < bands; f++) {
            double c0 = invSigma[f];
            double c1 = a1[f];
            double c2 = a2[f];
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
        if (!(det > 0)) {
            return null;
        }
        double rdet = 1.0 / det;
        return new double[] {c00 * rdet, c01 * rdet, c02 * rdet, c01 * rdet, c11 * rdet, c12 * rdet, c02 * rdet,
            c12 * rdet, c22 * rdet};
    }

    /** reconstruct_components, one thread per sorted position. */
    @Override
    public double[][][] components(int r, double[] x) {
        SedTables tables = new SedTables(problem);
        tables.update(x);
        double[] sed = new double[layout.sedStride()];
        layout.packSed(tables, sed, 0);
        int bands = layout.bands;
        int pixels = layout.pixels;
        int kb = layout.kDustBeta;
        int kt = layout.kDustTemp;
        double[] sorted = new double[6 * pixels];
        for (int ps = 0; ps < pixels; ps++) {
            int t = layout.tupleOfSorted[ps];
            int fb = layout.tupleParam[3 * t] * bands;
            int ft = (kb + layout.tupleParam[3 * t + 1]) * bands;
            int fs = (kb + 2 * kt + layout.tupleParam[3 * t + 2]) * bands;
            double[] a1 = new double[bands];
            double[] a2 = new double[bands];
            for (int f = 0; f < bands; f++) {
                a1[f] = sed[fb + f] * sed[ft + f];
                a2[f] = sed[fs + f];
            }
            double[] minv = inverse(a1, a2, bands);
            for (int c = 0; c < 2; c++) {
                int yx = (r * 2 + c) * bands * pixels + ps;
                double b0 = 0, b1 = 0, b2 = 0;
                for (int f = 0; f < bands; f++) {
                    double yf = y[yx + f * pixels];
                    b0 += invSigma[f] * yf;
                    b1 += a1[f] * yf;
                    b2 += a2[f] * yf;
                }
                for (int comp = 0; comp < 3; comp++) {
                    sorted[(comp * 2 + c) * pixels + ps] = minv[comp * 3] * b0 + minv[comp * 3 + 1] * b1
                            + minv[comp * 3 + 2] * b2;
                }
            }
        }
        return layout.unsortComponents(sorted);
    }
}
