// Clustered spectral likelihood on CUDA, double precision throughout (the NLL is ~1e9 and
// differences of 0.01 matter). Same formulas as org.skypatch.likelihood.SpectralLikelihood:
// data and mixing matrix whitened by the band's noise sigma; per pixel and Stokes parameter
// b = A^T y (3), q = D^T y (3, D the derivative columns); per cluster tuple G = sum b b^T,
// E = sum b q^T, R = sum q q^T; NLL_t = -tr(M^-1 G) with M = A^T A; gradient and Gauss-Newton
// Hessian block from M^-1, G, E, R.
//
// Layouts (P zone pixels sorted by tuple on the host, T tuples, B bands, index ps = sorted position):
//   y          [realization][stokes 2][band B][ps]   whitened data, resident for the batch
//   segment    [T + 1]                              first sorted position of each tuple
//   tupleOf    [P]                                  tuple of each sorted position
//   tupleParam [T][3]                               local cluster index of beta_d, T_d, beta_s
//   invSigma, logDust, logSync [B]                  1/sigma, d ln dust / d beta_d, d ln sync / d beta_s
//   sed        [slot][kb*B | kt*B | kt*B | ks*B]    per cluster and band: dust beta factor, dust
//              temperature factor (whitened), d ln dust / d T_d, synchrotron column (whitened)
//   active     [slots]                              realization of each slot (converged ones are left out)
//   out        [slot][T][13]                        NLL_t, dNLL_t/d(beta_d, T_d, beta_s), Hessian block 3x3
//
// Reduction: one block per (tuple, slot); thread i sums positions start+i, start+i+THREADS, ...
// in order, then a fixed shared-memory tree. No atomics: results are identical run to run.
// Built with -fmad=false so that every product and sum rounds as in Java.

#define THREADS 128
#define MOMENTS 21

extern "C" __global__ void tuple_likelihood(
        int bands, int pixels, int kb, int kt, int ks,
        const double* __restrict__ y, const int* __restrict__ segment,
        const int* __restrict__ tupleParam, const double* __restrict__ invSigma,
        const double* __restrict__ logDust, const double* __restrict__ logSync,
        const double* __restrict__ sed, const int* __restrict__ active, double* __restrict__ out) {
    extern __shared__ double shared[];
    double* a1 = shared;                 // whitened dust column
    double* a2 = a1 + bands;             // whitened sync column
    double* d0 = a2 + bands;             // d A_dust / d beta_d
    double* d1 = d0 + bands;             // d A_dust / d T_d
    double* d2 = d1 + bands;             // d A_sync / d beta_s
    double* part = d2 + bands;           // [MOMENTS][THREADS]

    const int t = blockIdx.x;
    const int slot = blockIdx.y;
    const int r = active[slot];
    const int tuples = gridDim.x;
    const int i = threadIdx.x;
    const int sedStride = (kb + 2 * kt + ks) * bands;
    const double* fb = sed + (size_t) slot * sedStride + tupleParam[3 * t] * bands;
    const double* ft = sed + (size_t) slot * sedStride + (kb + tupleParam[3 * t + 1]) * bands;
    const double* lt = ft + kt * bands;
    const double* fs = sed + (size_t) slot * sedStride + (kb + 2 * kt + tupleParam[3 * t + 2]) * bands;
    for (int f = i; f < bands; f += THREADS) {
        double c1 = fb[f] * ft[f];
        double c2 = fs[f];
        a1[f] = c1;
        a2[f] = c2;
        d0[f] = c1 * logDust[f];
        d1[f] = c1 * lt[f];
        d2[f] = c2 * logSync[f];
    }
    __syncthreads();

    double m[MOMENTS];
    for (int k = 0; k < MOMENTS; k++) {
        m[k] = 0.0;
    }
    const int end = segment[t + 1];
    for (int ps = segment[t] + i; ps < end; ps += THREADS) {
        for (int x = 0; x < 2; x++) {
            const double* yx = y + ((size_t) (r * 2 + x) * bands) * pixels + ps;
            double b0 = 0, b1 = 0, b2 = 0, q0 = 0, q1 = 0, q2 = 0;
            for (int f = 0; f < bands; f++) {
                double yf = yx[(size_t) f * pixels];
                b0 += invSigma[f] * yf;
                b1 += a1[f] * yf;
                b2 += a2[f] * yf;
                q0 += d0[f] * yf;
                q1 += d1[f] * yf;
                q2 += d2[f] * yf;
            }
            // G (00 01 02 11 12 22), E (row-major 3x3), R (00 01 02 11 12 22)
            m[0] += b0 * b0; m[1] += b0 * b1; m[2] += b0 * b2;
            m[3] += b1 * b1; m[4] += b1 * b2; m[5] += b2 * b2;
            m[6] += b0 * q0; m[7] += b0 * q1; m[8] += b0 * q2;
            m[9] += b1 * q0; m[10] += b1 * q1; m[11] += b1 * q2;
            m[12] += b2 * q0; m[13] += b2 * q1; m[14] += b2 * q2;
            m[15] += q0 * q0; m[16] += q0 * q1; m[17] += q0 * q2;
            m[18] += q1 * q1; m[19] += q1 * q2; m[20] += q2 * q2;
        }
    }
    for (int k = 0; k < MOMENTS; k++) {
        part[k * THREADS + i] = m[k];
    }
    __syncthreads();
    for (int s = THREADS / 2; s > 0; s >>= 1) {
        if (i < s) {
            for (int k = 0; k < MOMENTS; k++) {
                part[k * THREADS + i] += part[k * THREADS + i + s];
            }
        }
        __syncthreads();
    }
    if (i != 0) {
        return;
    }

    double g[9], e[9], rr[9], minv[9], u[9], v[9];
    g[0] = part[0]; g[1] = part[THREADS]; g[2] = part[2 * THREADS];
    g[4] = part[3 * THREADS]; g[5] = part[4 * THREADS]; g[8] = part[5 * THREADS];
    g[3] = g[1]; g[6] = g[2]; g[7] = g[5];
    for (int k = 0; k < 9; k++) {
        e[k] = part[(6 + k) * THREADS];
    }
    rr[0] = part[15 * THREADS]; rr[1] = part[16 * THREADS]; rr[2] = part[17 * THREADS];
    rr[4] = part[18 * THREADS]; rr[5] = part[19 * THREADS]; rr[8] = part[20 * THREADS];
    rr[3] = rr[1]; rr[6] = rr[2]; rr[7] = rr[5];

    double* o = out + ((size_t) slot * tuples + t) * 13;
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
    // exact 3x3 inverse by cofactors (Sym3.inverse)
    double c00 = m11 * m22 - m12 * m12;
    double c01 = m02 * m12 - m01 * m22;
    double c02 = m01 * m12 - m02 * m11;
    double c11 = m00 * m22 - m02 * m02;
    double c12 = m01 * m02 - m00 * m12;
    double c22 = m00 * m11 - m01 * m01;
    double det = m00 * c00 + m01 * c01 + m02 * c02;
    if (!(det > 0)) {
        // degenerate components: the host raises the same error as the CPU engine
        for (int k = 0; k < 13; k++) {
            o[k] = __longlong_as_double(0x7ff8000000000000LL);
        }
        return;
    }
    double rdet = 1.0 / det;
    minv[0] = c00 * rdet; minv[1] = c01 * rdet; minv[2] = c02 * rdet;
    minv[3] = minv[1]; minv[4] = c11 * rdet; minv[5] = c12 * rdet;
    minv[6] = minv[2]; minv[7] = minv[5]; minv[8] = c22 * rdet;

    double tr = 0;
    for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
            tr += minv[a * 3 + b] * g[b * 3 + a];
        }
    }
    o[0] = -tr;

    // u[c][a] = A_c^T D_a, v = M^-1 u
    for (int a = 0; a < 3; a++) {
        const double* da = a == 0 ? d0 : a == 1 ? d1 : d2;
        double u0 = 0, u1 = 0, u2 = 0;
        for (int f = 0; f < bands; f++) {
            u0 += invSigma[f] * da[f];
            u1 += a1[f] * da[f];
            u2 += a2[f] * da[f];
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
    // dNLL/dtheta_a = -2 [M^-1 (E - G v)]_{col(a)}: beta_d and T_d act on the dust column, beta_s on sync
    for (int a = 0; a < 3; a++) {
        int col = a < 2 ? 1 : 2;
        double sum = 0;
        for (int j = 0; j < 3; j++) {
            double w = e[j * 3 + a] - (g[j * 3] * v[a] + g[j * 3 + 1] * v[3 + a] + g[j * 3 + 2] * v[6 + a]);
            sum += minv[col * 3 + j] * w;
        }
        o[1 + a] = -2 * sum;
    }
    // Gauss-Newton block (SpectralLikelihood.hessianBlock): W = M^-1 G M^-1 on the dust/sync rows
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
        const double* da = a == 0 ? d0 : a == 1 ? d1 : d2;
        for (int b = a; b < 3; b++) {
            int cb = b < 2 ? 1 : 2;
            const double* db = b == 0 ? d0 : b == 1 ? d1 : d2;
            double dd = 0;
            for (int f = 0; f < bands; f++) {
                dd += da[f] * db[f];
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
}

// Component amplitudes s_hat = M^-1 A^T N^-1 d of one realization, per sorted position and Stokes
// parameter: out [component CMB, dust, sync][stokes][ps], in the units of the raw data.
extern "C" __global__ void reconstruct_components(
        int bands, int pixels, int kb, int kt, int ks, int r,
        const double* __restrict__ y, const int* __restrict__ tupleOf,
        const int* __restrict__ tupleParam, const double* __restrict__ invSigma,
        const double* __restrict__ sed, double* __restrict__ out) {
    const int ps = blockIdx.x * blockDim.x + threadIdx.x;
    if (ps >= pixels) {
        return;
    }
    const int t = tupleOf[ps];
    const double* fb = sed + tupleParam[3 * t] * bands;
    const double* ft = sed + (kb + tupleParam[3 * t + 1]) * bands;
    const double* fs = sed + (kb + 2 * kt + tupleParam[3 * t + 2]) * bands;
    double m00 = 0, m01 = 0, m02 = 0, m11 = 0, m12 = 0, m22 = 0;
    for (int f = 0; f < bands; f++) {
        double c0 = invSigma[f];
        double c1 = fb[f] * ft[f];
        double c2 = fs[f];
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
    double rdet = 1.0 / (m00 * c00 + m01 * c01 + m02 * c02);
    double minv[9] = {c00 * rdet, c01 * rdet, c02 * rdet, c01 * rdet, c11 * rdet, c12 * rdet,
                      c02 * rdet, c12 * rdet, c22 * rdet};
    for (int x = 0; x < 2; x++) {
        const double* yx = y + ((size_t) (r * 2 + x) * bands) * pixels + ps;
        double b0 = 0, b1 = 0, b2 = 0;
        for (int f = 0; f < bands; f++) {
            double yf = yx[(size_t) f * pixels];
            b0 += invSigma[f] * yf;
            b1 += fb[f] * ft[f] * yf;
            b2 += fs[f] * yf;
        }
        for (int c = 0; c < 3; c++) {
            out[((size_t) c * 2 + x) * pixels + ps] = minv[c * 3] * b0 + minv[c * 3 + 1] * b1 + minv[c * 3 + 2] * b2;
        }
    }
}
