// Clustered spectral likelihood on CUDA, double precision throughout (the NLL is ~1e9 and
// differences of 0.01 matter). Same formulas as org.skypatch.likelihood.SpectralLikelihood and
// SedTables: data and mixing matrix whitened by the band's noise sigma; per pixel and Stokes
// parameter b = A^T y (3), q = D^T y (3, D the derivative columns); per cluster tuple G = sum b b^T,
// E = sum b q^T, R = sum q q^T; NLL_t = -tr(M^-1 G) with M = A^T A; gradient and Gauss-Newton
// Hessian block from M^-1, G, E, R.
//
// One evaluation of a batch is three launches, each one thread per (item, slot), slots fastest
// (a slot is one realization still being fitted; a warp serves neighbouring realizations of the
// same item, so it reads neighbouring addresses):
//   sed_tables      item = SED table entry: the per-cluster tables from the parameter vectors
//   chunk_moments   item = chunk of at most CHUNK pixels of one tuple: its 21 moment sums
//   tuple_outputs   item = cluster tuple: its chunks' moments summed in order, then NLL,
//                   gradient and Gauss-Newton block
// Every sum runs in a fixed order in one thread: no atomics, no shared-memory trees, results
// identical run to run, and a tuple of at most CHUNK pixels sums its pixels in the CPU engine's
// per-pixel order.
//
// Layouts (P zone pixels sorted by tuple on the host, T tuples, C chunks, B bands, R realizations
// in the batch, S slots in this launch, n parameters; ps = sorted position):
//   y          [stokes 2][band B][ps P][realization R]   whitened data, resident for the batch
//   chunkStart [C + 1]     first sorted position of each chunk (chunks tile [0, P) in tuple order)
//   chunkTuple [C]         tuple of each chunk
//   tupleChunk [T + 1]     first chunk of each tuple
//   tupleOf    [P]         tuple of each sorted position
//   tupleParam [T][3]      local cluster index of beta_d, T_d, beta_s
//   band       [5][B]      per band: frequency (GHz), 1/sigma, d ln dust/d beta_d, d ln sync/d beta_s,
//                          K_RJ -> K_CMB factor at the band
//   x          [slot][n]   parameter vectors (beta_d x kb, T_d x kt, beta_s x ks)
//   active     [S]         realization of each slot
//   sed        [entry][S]  entry = row * B + band, rows: kb dust beta factors (nu/nu_d)^(1+beta_d),
//                          kt whitened dust temperature factors, kt d ln dust/d T_d, ks whitened
//                          synchrotron columns
//   moments    [21][C][S]  G (00 01 02 11 12 22), E (3x3 row-major), R (00 01 02 11 12 22)
//   out        [13][S][T]  NLL_t, dNLL_t/d(beta_d, T_d, beta_s), Gauss-Newton block 3x3 row-major
//   components [S][3][2][P] CMB, dust, sync amplitudes, Q and U, in the units of the raw data
// Built with -fmad=false so that every product and sum rounds as in Java.

#define CHUNK 32
#define MOMENTS 21
#define OUTPUTS 13

// rows of the band table
#define FREQ 0
#define INV_SIGMA 1
#define LOG_DUST 2
#define LOG_SYNC 3
#define RJ_TO_CMB 4

__device__ static long long thread_index() {
    return (long long) blockIdx.x * blockDim.x + threadIdx.x;
}

// d/dT of -ln(e^{h nu / k T} - 1) (Seds.planckLogDerivTemp)
__device__ static double planck_log_deriv_temp(double hOverK, double nu, double temp) {
    double y = hOverK * nu / temp;
    return y / (-expm1(-y)) / temp;
}

extern "C" __global__ void sed_tables(
        int bands, int kb, int kt, int ks, int slots, int params,
        double hOverK, double dustRef, double syncRef, double rjDustRef, double rjSyncRef,
        const double* __restrict__ band, const double* __restrict__ x, double* __restrict__ sed) {
    const long long i = thread_index();
    const int entries = (kb + 2 * kt + ks) * bands;
    if (i >= (long long) entries * slots) {
        return;
    }
    const int slot = (int) (i % slots);
    const int entry = (int) (i / slots);
    const int row = entry / bands;
    const int f = entry - row * bands;
    const double* xs = x + (size_t) slot * params;
    const double nu = band[FREQ * bands + f];
    double v;
    if (row < kb) {
        v = exp((1 + xs[row]) * band[LOG_DUST * bands + f]);
    } else if (row < kb + kt) {
        // Seds.dust(nu, nu_d, -1, T): the Planck ratio and K_RJ -> K_CMB, whitened
        double temp = xs[row];
        v = expm1(hOverK * dustRef / temp) / expm1(hOverK * nu / temp) * band[RJ_TO_CMB * bands + f] / rjDustRef
                * band[INV_SIGMA * bands + f];
    } else if (row < kb + 2 * kt) {
        double temp = xs[row - kt];
        v = planck_log_deriv_temp(hOverK, nu, temp) - planck_log_deriv_temp(hOverK, dustRef, temp);
    } else {
        v = pow(nu / syncRef, xs[row - kt]) * band[RJ_TO_CMB * bands + f] / rjSyncRef * band[INV_SIGMA * bands + f];
    }
    sed[i] = v;
}

extern "C" __global__ void chunk_moments(
        int bands, int pixels, int chunks, int slots, int realizations, int kb, int kt,
        const double* __restrict__ y, const int* __restrict__ chunkStart, const int* __restrict__ chunkTuple,
        const int* __restrict__ tupleParam, const double* __restrict__ band, const double* __restrict__ sed,
        const int* __restrict__ active, double* __restrict__ moments) {
    const long long i = thread_index();
    if (i >= (long long) chunks * slots) {
        return;
    }
    const int slot = (int) (i % slots);
    const int c = (int) (i / slots);
    const int t = chunkTuple[c];
    const double* invSigma = band + INV_SIGMA * bands;
    const double* logDust = band + LOG_DUST * bands;
    const double* logSync = band + LOG_SYNC * bands;
    const double* fb = sed + (size_t) tupleParam[3 * t] * bands * slots + slot;
    const double* ft = sed + (size_t) (kb + tupleParam[3 * t + 1]) * bands * slots + slot;
    const double* lt = ft + (size_t) kt * bands * slots;
    const double* fs = sed + (size_t) (kb + 2 * kt + tupleParam[3 * t + 2]) * bands * slots + slot;
    const double* yr = y + active[slot];
    const size_t bandStride = (size_t) pixels * realizations;

    double m[MOMENTS];
    for (int k = 0; k < MOMENTS; k++) {
        m[k] = 0.0;
    }
    const int end = chunkStart[c + 1];
    for (int ps = chunkStart[c]; ps < end; ps++) {
        for (int s = 0; s < 2; s++) {
            const double* yx = yr + ((size_t) s * bands * pixels + ps) * realizations;
            double b0 = 0, b1 = 0, b2 = 0, q0 = 0, q1 = 0, q2 = 0;
            for (int f = 0; f < bands; f++) {
                double yf = yx[f * bandStride];
                double c1 = fb[(size_t) f * slots] * ft[(size_t) f * slots];
                double c2 = fs[(size_t) f * slots];
                b0 += invSigma[f] * yf;
                b1 += c1 * yf;
                b2 += c2 * yf;
                q0 += c1 * logDust[f] * yf;
                q1 += c1 * lt[(size_t) f * slots] * yf;
                q2 += c2 * logSync[f] * yf;
            }
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
        moments[((size_t) k * chunks + c) * slots + slot] = m[k];
    }
}

// Column a of the whitened tuple's derivative matrix D at band f: c1 d ln dust/d beta_d,
// c1 d ln dust/d T_d, c2 d ln sync/d beta_s.
__device__ static double deriv(int a, double c1, double c2, double logDust, double logTemp, double logSync) {
    return a == 0 ? c1 * logDust : a == 1 ? c1 * logTemp : c2 * logSync;
}

extern "C" __global__ void tuple_outputs(
        int bands, int tuples, int chunks, int slots, int kb, int kt,
        const int* __restrict__ tupleChunk, const int* __restrict__ tupleParam, const double* __restrict__ band,
        const double* __restrict__ sed, const double* __restrict__ moments, double* __restrict__ out) {
    const long long i = thread_index();
    if (i >= (long long) tuples * slots) {
        return;
    }
    const int slot = (int) (i % slots);
    const int t = (int) (i / slots);
    const double* invSigma = band + INV_SIGMA * bands;
    const double* logDust = band + LOG_DUST * bands;
    const double* logSync = band + LOG_SYNC * bands;
    const double* fb = sed + (size_t) tupleParam[3 * t] * bands * slots + slot;
    const double* ft = sed + (size_t) (kb + tupleParam[3 * t + 1]) * bands * slots + slot;
    const double* lt = ft + (size_t) kt * bands * slots;
    const double* fs = sed + (size_t) (kb + 2 * kt + tupleParam[3 * t + 2]) * bands * slots + slot;

    // the tuple's chunks in order
    double m[MOMENTS];
    const int first = tupleChunk[t];
    const int last = tupleChunk[t + 1];
    for (int k = 0; k < MOMENTS; k++) {
        const double* mk = moments + (size_t) k * chunks * slots + slot;
        double sum = mk[(size_t) first * slots];
        for (int c = first + 1; c < last; c++) {
            sum += mk[(size_t) c * slots];
        }
        m[k] = sum;
    }
    double g[9], e[9], rr[9], minv[9], u[9], v[9];
    g[0] = m[0]; g[1] = m[1]; g[2] = m[2];
    g[4] = m[3]; g[5] = m[4]; g[8] = m[5];
    g[3] = g[1]; g[6] = g[2]; g[7] = g[5];
    for (int k = 0; k < 9; k++) {
        e[k] = m[6 + k];
    }
    rr[0] = m[15]; rr[1] = m[16]; rr[2] = m[17];
    rr[4] = m[18]; rr[5] = m[19]; rr[8] = m[20];
    rr[3] = rr[1]; rr[6] = rr[2]; rr[7] = rr[5];

    double* o = out + (size_t) slot * tuples + t;
    const size_t row = (size_t) slots * tuples;
    double m00 = 0, m01 = 0, m02 = 0, m11 = 0, m12 = 0, m22 = 0;
    for (int f = 0; f < bands; f++) {
        double c0 = invSigma[f];
        double c1 = fb[(size_t) f * slots] * ft[(size_t) f * slots];
        double c2 = fs[(size_t) f * slots];
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
        for (int k = 0; k < OUTPUTS; k++) {
            o[k * row] = __longlong_as_double(0x7ff8000000000000LL);
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
        double u0 = 0, u1 = 0, u2 = 0;
        for (int f = 0; f < bands; f++) {
            double c1 = fb[(size_t) f * slots] * ft[(size_t) f * slots];
            double c2 = fs[(size_t) f * slots];
            double da = deriv(a, c1, c2, logDust[f], lt[(size_t) f * slots], logSync[f]);
            u0 += invSigma[f] * da;
            u1 += c1 * da;
            u2 += c2 * da;
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
        o[(1 + a) * row] = -2 * sum;
    }
    // Gauss-Newton block (SpectralLikelihood.curvatureBlocks): W = M^-1 G M^-1 on the dust/sync rows
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
                double c1 = fb[(size_t) f * slots] * ft[(size_t) f * slots];
                double c2 = fs[(size_t) f * slots];
                double ltf = lt[(size_t) f * slots];
                dd += deriv(a, c1, c2, logDust[f], ltf, logSync[f]) * deriv(b, c1, c2, logDust[f], ltf, logSync[f]);
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
            o[(4 + a * 3 + b) * row] = h;
            o[(4 + b * 3 + a) * row] = h;
        }
    }
}

// Component amplitudes s_hat = M^-1 A^T N^-1 d per sorted position, Stokes parameter and slot, in
// the units of the raw data (y is whitened once, A^T N^-1 d = A_whitened^T y).
extern "C" __global__ void reconstruct_components(
        int bands, int pixels, int slots, int realizations, int kb, int kt,
        const double* __restrict__ y, const int* __restrict__ tupleOf, const int* __restrict__ tupleParam,
        const double* __restrict__ band, const double* __restrict__ sed, const int* __restrict__ active,
        double* __restrict__ out) {
    const long long i = thread_index();
    if (i >= (long long) pixels * slots) {
        return;
    }
    const int slot = (int) (i % slots);
    const int ps = (int) (i / slots);
    const int t = tupleOf[ps];
    const double* invSigma = band + INV_SIGMA * bands;
    const double* fb = sed + (size_t) tupleParam[3 * t] * bands * slots + slot;
    const double* ft = sed + (size_t) (kb + tupleParam[3 * t + 1]) * bands * slots + slot;
    const double* fs = sed + (size_t) (kb + 2 * kt + tupleParam[3 * t + 2]) * bands * slots + slot;
    double m00 = 0, m01 = 0, m02 = 0, m11 = 0, m12 = 0, m22 = 0;
    for (int f = 0; f < bands; f++) {
        double c0 = invSigma[f];
        double c1 = fb[(size_t) f * slots] * ft[(size_t) f * slots];
        double c2 = fs[(size_t) f * slots];
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
    const double* yr = y + active[slot];
    const size_t bandStride = (size_t) pixels * realizations;
    for (int s = 0; s < 2; s++) {
        const double* yx = yr + ((size_t) s * bands * pixels + ps) * realizations;
        double b0 = 0, b1 = 0, b2 = 0;
        for (int f = 0; f < bands; f++) {
            double yf = yx[f * bandStride];
            b0 += invSigma[f] * yf;
            b1 += fb[(size_t) f * slots] * ft[(size_t) f * slots] * yf;
            b2 += fs[(size_t) f * slots] * yf;
        }
        for (int c = 0; c < 3; c++) {
            out[(((size_t) slot * 3 + c) * 2 + s) * pixels + ps] =
                    minv[c * 3] * b0 + minv[c * 3 + 1] * b1 + minv[c * 3 + 2] * b2;
        }
    }
}
