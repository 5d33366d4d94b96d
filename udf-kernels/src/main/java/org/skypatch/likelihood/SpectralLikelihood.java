package org.skypatch.likelihood;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.skypatch.cluster.ZoneLabels;

/**
 * The clustered spectral likelihood, its gradient and its Gauss-Newton Hessian.
 *
 * <p>Everything is whitened first (data and mixing matrix divided by the band's noise sigma),
 * which makes the NLL a dimensionless chi-square and the fit independent of the data's units.
 * With y = N^-1/2 d and A the whitened mixing matrix of a pixel, M = A^T A, b = A^T y:
 * NLL = -sum b^T M^-1 b = |P y|^2 - |y|^2 with P = I - A M^-1 A^T, a variable-projection
 * least-squares problem.
 *
 * <p>Pixels sharing a cluster tuple (k_beta_d, k_T_d, k_beta_s) share A, so the likelihood of
 * a tuple needs only G = sum A^T y y^T A (3x3), E = sum (A^T y)(y^T D) and R = sum D^T y y^T D
 * (3x3, D the three derivative columns). A tuple with many samples gets them from its band x band scatter
 * matrix S = sum y y^T (cost independent of its pixel count); a tuple with few samples from its
 * pixels directly. Both paths give the same numbers to rounding.
 *
 * <p>With per-pixel noise ({@link FitProblem#pixelNoiseSigma}) each pixel has its own whitened A
 * (band-whitened columns times sigma_band / sigma_pixel), so no two pixels share M: every pixel is
 * its own group of the formulas below (the per-pixel path; the scatter-matrix path needs uniform noise).
 *
 * <p>Per tuple, with v = M^-1 A^T D_theta: dNLL/dtheta = -2 [M^-1 (E_theta - G v)]_c (c the column
 * theta acts on, i.e. -2 sum r^T dA/dtheta s_hat); the Gauss-Newton Hessian is 2 J^T J with
 * the full Jacobian of the residual (see curvatureBlocks), for which a tuple also needs
 * R = sum (D^T y)(D^T y)^T.
 *
 * <p>The exact Hessian adds the second-order terms of the residual (see curvatureBlocks): with s_hat = M^-1 b,
 * r = y - A s_hat and D_ab the second derivative columns (beta_d beta_d, beta_d T_d, T_d T_d on dust, beta_s
 * beta_s on sync), it needs, besides the sums above, E2 = sum (A^T y)(D_ab^T y) per second derivative column.
 */
final class SpectralLikelihood {
    /** Tuples with at least this many pixels use the band x band scatter matrix. */
    static final int STATS_MIN_PIXELS = 4;
    /** Second derivative columns of a tuple's mixing matrix that are not zero. */
    private static final int SECOND = 4;

    private final int bands;
    private final int pixels;
    private final double[] invSigma;
    private final double[] logDust;
    private final double[] logSync;
    final int kDustBeta;
    final int kDustTemp;
    final int kSyncBeta;
    /** Tuple of each zone pixel, and each tuple's parameter indices [t][beta_d, T_d, beta_s]. */
    final int[] tupleOfPixel;
    final int[][] tupleParams;
    /** Pixels of each tuple, ascending. */
    private final int[][] tuplePixels;
    /** With bandpasses, each tuple's row of the band-averaged dust tables (null for delta bands). */
    private final int[] dustPairOfTuple;
    /** Whether a tuple uses the scatter-matrix path. */
    private final boolean[] useStats;
    /** With per-pixel noise, [zone pixel][band] sigma_band / sigma_pixel (null for uniform noise). */
    private final double[][] pixelRatio;

    // per-cluster SED tables, refreshed by setParameters
    private final SedTables sed;

    // per-evaluation scratch (one likelihood per thread: this class is not thread-safe)
    /** The whitened columns (CMB a0, dust a1, sync a2) and derivative columns d of the group evaluated. */
    private final double[] a0;
    private final double[] a1;
    private final double[] a2;
    private final double[][] d = new double[3][];
    /** The second derivative columns of the group: beta_d beta_d, beta_d T_d, T_d T_d (dust), beta_s beta_s (sync). */
    private final double[][] dSecond = new double[SECOND][];
    private final double[] minv = new double[9];
    private final double[] g = new double[9];
    private final double[] e = new double[9];
    private final double[] rr = new double[9];
    private final double[] u = new double[9];
    private final double[] v = new double[9];
    private final double[] sb;
    private final double[] h9 = new double[9];
    /** D^T D of the group (upper triangle). */
    private final double[] dtd = new double[9];
    /** E2[k][c] = sum (A_c^T y)(D2_k^T y), [k * 3 + c]. */
    private final double[] secondE = new double[3 * SECOND];
    /** M^-1 G, M^-1 G M^-1 (= sum s_hat s_hat^T) and Z[c][b] = sum (D_b^T r) s_hat_c of the group. */
    private final double[] mg = new double[9];
    private final double[] ss = new double[9];
    private final double[] z = new double[9];
    /** Per second derivative column k: sum s_hat_c (D2_k^T r) on the column c it acts on. */
    private final double[] t2 = new double[SECOND];
    /** The exact block of the group (h9 holds its Gauss-Newton block). */
    private final double[] hx = new double[9];
    /** With per-pixel noise: the tuple's band-whitened dust, sync and derivative columns. */
    private final double[] col1;
    private final double[] col2;
    private final double[][] dcol = new double[3][];
    private final double[][] dSecondCol = new double[SECOND][];

    SpectralLikelihood(FitProblem problem) {
        this(problem, STATS_MIN_PIXELS);
    }

    /** With an explicit path threshold (tests force each path with 1 or Integer.MAX_VALUE). */
    SpectralLikelihood(FitProblem problem, int statsMinPixels) {
        bands = problem.bandCount();
        pixels = problem.pixelCount();
        sed = new SedTables(problem);
        invSigma = sed.invSigma;
        logDust = sed.logDust;
        logSync = sed.logSync;
        kDustBeta = ZoneLabels.count(problem.dustBetaClusters());
        kDustTemp = ZoneLabels.count(problem.dustTempClusters());
        kSyncBeta = ZoneLabels.count(problem.syncBetaClusters());
        tupleOfPixel = new int[pixels];
        Map<Long, Integer> ids = new HashMap<>();
        int[] counts = new int[pixels];
        int[][] params = new int[pixels][];
        for (int p = 0; p < pixels; p++) {
            int kb = problem.dustBetaClusters()[p];
            int kt = problem.dustTempClusters()[p];
            int ks = problem.syncBetaClusters()[p];
            long key = ((long) kb * kDustTemp + kt) * kSyncBeta + ks;
            Integer t = ids.get(key);
            if (t == null) {
                t = ids.size();
                ids.put(key, t);
                params[t] = new int[] {kb, kDustBeta + kt, kDustBeta + kDustTemp + ks};
            }
            tupleOfPixel[p] = t;
            counts[t]++;
        }
        int tuples = ids.size();
        tupleParams = new int[tuples][];
        tuplePixels = new int[tuples][];
        useStats = new boolean[tuples];
        for (int t = 0; t < tuples; t++) {
            tupleParams[t] = params[t];
            tuplePixels[t] = new int[counts[t]];
            useStats[t] = problem.pixelNoiseSigma() == null && counts[t] >= statsMinPixels;
            counts[t] = 0;
        }
        for (int p = 0; p < pixels; p++) {
            int t = tupleOfPixel[p];
            tuplePixels[t][counts[t]++] = p;
        }
        dustPairOfTuple = sed.factored() ? null : new int[tuples];
        for (int t = 0; dustPairOfTuple != null && t < tuples; t++) {
            dustPairOfTuple[t] = sed.dustPair(tupleParams[t][0], tupleParams[t][1] - kDustBeta);
        }
        pixelRatio = problem.pixelNoiseSigma() == null ? null : new double[pixels][bands];
        for (int p = 0; pixelRatio != null && p < pixels; p++) {
            for (int f = 0; f < bands; f++) {
                pixelRatio[p][f] = problem.noiseSigma()[f] / problem.pixelNoiseSigma()[f][p];
            }
        }
        a0 = invSigma.clone();
        a1 = new double[bands];
        a2 = new double[bands];
        col1 = new double[bands];
        col2 = new double[bands];
        for (int c = 0; c < 3; c++) {
            d[c] = new double[bands];
            dcol[c] = new double[bands];
        }
        for (int k = 0; k < SECOND; k++) {
            dSecond[k] = new double[bands];
            dSecondCol[k] = new double[bands];
        }
        sb = new double[3 * bands];
    }

    int parameterCount() {
        return kDustBeta + kDustTemp + kSyncBeta;
    }

    int tupleCount() {
        return tupleParams.length;
    }

    /** The data of one fit reduced to what evaluations need; evaluates the likelihood on it. */
    final class Data implements LikelihoodEvaluator {
        /** Per stats tuple: S = sum y y^T (band x band, row-major); null for pixel tuples. */
        final double[][] scatter = new double[tupleCount()][];
        /** Whitened data [pixel][stokes * bands + band]. */
        final double[][] whitened = new double[pixels][2 * bands];

        Data(double[][][] raw) {
            if (raw.length != bands) {
                throw new IllegalArgumentException("data has " + raw.length + " bands, the problem " + bands
                        + ": give [band][stokes][zone pixel]");
            }
            for (int f = 0; f < bands; f++) {
                if (raw[f].length != 2 || raw[f][0].length != pixels || raw[f][1].length != pixels) {
                    throw new IllegalArgumentException("data band " + f + " is not [2][" + pixels
                            + "] (Q, U over the zone's pixels)");
                }
                for (int x = 0; x < 2; x++) {
                    for (int p = 0; p < pixels; p++) {
                        double val = raw[f][x][p];
                        if (!Double.isFinite(val)) {
                            throw new IllegalArgumentException("data band " + f + " stokes " + x + " zone pixel " + p
                                    + " is " + val + ": mask unobserved pixels out of the zone");
                        }
                        whitened[p][x * bands + f] = pixelRatio == null ? val * invSigma[f]
                                : val * invSigma[f] * pixelRatio[p][f];
                    }
                }
            }
            for (int t = 0; t < tupleCount(); t++) {
                if (!useStats[t]) {
                    continue;
                }
                double[] s = new double[bands * bands];
                for (int p : tuplePixels[t]) {
                    double[] y = whitened[p];
                    for (int x = 0; x < 2; x++) {
                        int o = x * bands;
                        for (int i = 0; i < bands; i++) {
                            double yi = y[o + i];
                            for (int j = i; j < bands; j++) {
                                s[i * bands + j] += yi * y[o + j];
                            }
                        }
                    }
                }
                for (int i = 0; i < bands; i++) {
                    for (int j = 0; j < i; j++) {
                        s[i * bands + j] = s[j * bands + i];
                    }
                }
                scatter[t] = s;
            }
        }

        @Override
        public void setParameters(double[] x) {
            SpectralLikelihood.this.setParameters(x);
        }

        @Override
        public double evaluate(double[] grad, double[][] hessian, double[][] tupleGrad, double[] tupleNll) {
            return SpectralLikelihood.this.evaluate(this, null, grad, hessian, null, tupleGrad, tupleNll);
        }

        /** A fit's pending evaluation, over its tuples only (see {@link Evaluation#tuples()}). */
        void evaluate(Evaluation e) {
            int[] tuples = e.tuples();
            if (tuples == null) {
                sed.update(e.x());
            } else {
                // only the SED rows of the clusters these tuples use
                boolean[] needed = new boolean[parameterCount()];
                for (int t : tuples) {
                    for (int i : tupleParams[t]) {
                        needed[i] = true;
                    }
                }
                sed.update(e.x(), needed);
            }
            SpectralLikelihood.this.evaluate(this, tuples, e.grad(), e.hessian(), e.exactHessian(), e.tupleGrad(),
                    e.tupleNll());
        }
    }

    /** Refreshes the per-cluster SED tables for parameters x = (beta_d [K], T_d [K], beta_s [K]). */
    void setParameters(double[] x) {
        sed.update(x);
    }

    /**
     * Builds the band-whitened dust and sync columns of tuple t and their derivative columns into c1, c2, dd,
     * and when dd2 is not null the second derivative columns into it.
     */
    private void loadColumns(int t, double[] c1s, double[] c2s, double[][] dd, double[][] dd2) {
        int[] ip = tupleParams[t];
        if (sed.factored()) {
            double[] fb = sed.dustBetaFactor[ip[0]];
            double[] ft = sed.dustTempFactor[ip[1] - kDustBeta];
            double[] lt = sed.dustTempLogDeriv[ip[1] - kDustBeta];
            double[] fs = sed.syncColumn[ip[2] - kDustBeta - kDustTemp];
            for (int f = 0; f < bands; f++) {
                double c1 = fb[f] * ft[f];
                double c2 = fs[f];
                c1s[f] = c1;
                c2s[f] = c2;
                dd[0][f] = c1 * logDust[f];
                dd[1][f] = c1 * lt[f];
                dd[2][f] = c2 * logSync[f];
            }
            if (dd2 == null) {
                return;
            }
            double[] ct = sed.dustTempLogCurv[ip[1] - kDustBeta];
            for (int f = 0; f < bands; f++) {
                // f'' = f ((ln f)'^2 + (ln f)''): ln dust is linear in beta_d, so only T_d has the second term
                double lb = logDust[f];
                double ltf = lt[f];
                dd2[0][f] = dd[0][f] * lb;
                dd2[1][f] = dd[0][f] * ltf;
                dd2[2][f] = c1s[f] * (ltf * ltf + ct[f]);
                dd2[3][f] = dd[2][f] * logSync[f];
            }
        } else {
            int pair = dustPairOfTuple[t];
            int ks = ip[2] - kDustBeta - kDustTemp;
            System.arraycopy(sed.dustColumn[pair], 0, c1s, 0, bands);
            System.arraycopy(sed.syncColumn[ks], 0, c2s, 0, bands);
            System.arraycopy(sed.dustBetaDeriv[pair], 0, dd[0], 0, bands);
            System.arraycopy(sed.dustTempDeriv[pair], 0, dd[1], 0, bands);
            System.arraycopy(sed.syncBetaDeriv[ks], 0, dd[2], 0, bands);
            if (dd2 != null) {
                System.arraycopy(sed.dustBetaBetaDeriv[pair], 0, dd2[0], 0, bands);
                System.arraycopy(sed.dustBetaTempDeriv[pair], 0, dd2[1], 0, bands);
                System.arraycopy(sed.dustTempTempDeriv[pair], 0, dd2[2], 0, bands);
                System.arraycopy(sed.syncBetaBetaDeriv[ks], 0, dd2[3], 0, bands);
            }
        }
    }

    /**
     * Pixel p's whitened columns (a0, a1, a2, d, and with second the second derivative columns d2) from the
     * tuple's band-whitened ones (per-pixel noise).
     */
    private void scaleToPixel(int p, boolean second) {
        double[] r = pixelRatio[p];
        for (int f = 0; f < bands; f++) {
            double rf = r[f];
            a0[f] = invSigma[f] * rf;
            a1[f] = col1[f] * rf;
            a2[f] = col2[f] * rf;
            d[0][f] = dcol[0][f] * rf;
            d[1][f] = dcol[1][f] * rf;
            d[2][f] = dcol[2][f] * rf;
        }
        for (int k = 0; second && k < SECOND; k++) {
            for (int f = 0; f < bands; f++) {
                dSecond[k][f] = dSecondCol[k][f] * r[f];
            }
        }
    }

    /** M^-1 of the whitened columns a0, a1, a2. */
    private void invertGram() {
        double m00 = 0, m01 = 0, m02 = 0, m11 = 0, m12 = 0, m22 = 0;
        for (int f = 0; f < bands; f++) {
            double c0 = a0[f];
            double c1 = a1[f];
            double c2 = a2[f];
            m00 += c0 * c0;
            m01 += c0 * c1;
            m02 += c0 * c2;
            m11 += c1 * c1;
            m12 += c1 * c2;
            m22 += c2 * c2;
        }
        Sym3.inverse(m00, m01, m02, m11, m12, m22, minv);
    }

    /**
     * NLL at the parameters of the last {@link #setParameters}; fills grad (length
     * parameterCount, overwritten) and hessian ([tuple][9], row-major 3x3 blocks over the tuple's
     * parameters) when they are not null.
     */
    double evaluate(Data data, double[] grad, double[][] hessian) {
        return evaluate(data, null, grad, hessian, null, null, null);
    }

    /**
     * As {@link #evaluate(Data, double[], double[][])} over the given tuples only (ascending; null for
     * all), also writing each tuple's exact Hessian block into exactHessian[t] (row-major 3x3), its own
     * gradient contribution (over its beta_d, T_d, beta_s) into tupleGrad[t][0..2] and its NLL into
     * tupleNll[t] when they are not null. Outputs of the other tuples are left as they are; the gradient
     * holds the given tuples' sums (each in the order of the full evaluation, so a parameter's entry has
     * the same bits either way).
     */
    double evaluate(Data data, int[] tuples, double[] grad, double[][] hessian, double[][] exactHessian,
                    double[][] tupleGrad, double[] tupleNll) {
        if (grad != null) {
            java.util.Arrays.fill(grad, 0.0);
        }
        double nll = 0;
        boolean second = exactHessian != null;
        boolean curvature = hessian != null || second; // R feeds the Hessians only: gradients skip it
        int count = tuples == null ? tupleCount() : tuples.length;
        for (int k = 0; k < count; k++) {
            int t = tuples == null ? k : tuples[k];
            if (tupleNll != null) {
                tupleNll[t] = 0;
            }
            if (tupleGrad != null) {
                java.util.Arrays.fill(tupleGrad[t], 0.0);
            }
            if (hessian != null) {
                java.util.Arrays.fill(hessian[t], 0.0);
            }
            if (second) {
                java.util.Arrays.fill(exactHessian[t], 0.0);
            }
            if (pixelRatio == null) {
                loadColumns(t, a1, a2, d, second ? dSecond : null);
                invertGram();
                accumulate(data, t, curvature, second);
                nll += addGroup(t, grad, hessian, exactHessian, tupleGrad, tupleNll);
                continue;
            }
            loadColumns(t, col1, col2, dcol, second ? dSecondCol : null);
            for (int p : tuplePixels[t]) {
                scaleToPixel(p, second);
                invertGram();
                clearSums();
                addPixel(data.whitened[p], curvature, second);
                symmetrizeSums();
                nll += addGroup(t, grad, hessian, exactHessian, tupleGrad, tupleNll);
            }
        }
        return nll;
    }

    /**
     * Adds the loaded group's (a tuple's, or with per-pixel noise one pixel's) gradient, Hessian blocks,
     * tuple gradient and tuple NLL to the outputs that are not null; returns its NLL.
     */
    private double addGroup(int t, double[] grad, double[][] hessian, double[][] exactHessian, double[][] tupleGrad,
                            double[] tupleNll) {
        // NLL = -tr(M^-1 G)
        double tr = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                tr += minv[i * 3 + j] * g[j * 3 + i];
            }
        }
        if (tupleNll != null) {
            tupleNll[t] += -tr;
        }
        if (grad == null && hessian == null && exactHessian == null && tupleGrad == null) {
            return -tr;
        }
        // u[c][a] = A_c^T D_a, v = M^-1 u; the nine sums in one pass over the bands, so that their
        // dependency chains overlap (each is still summed in band order: the same bits)
        double[] d0 = d[0];
        double[] d1 = d[1];
        double[] d2 = d[2];
        double u00 = 0, u01 = 0, u02 = 0, u10 = 0, u11 = 0, u12 = 0, u20 = 0, u21 = 0, u22 = 0;
        for (int f = 0; f < bands; f++) {
            double c0 = a0[f];
            double c1 = a1[f];
            double c2 = a2[f];
            u00 += c0 * d0[f];
            u01 += c0 * d1[f];
            u02 += c0 * d2[f];
            u10 += c1 * d0[f];
            u11 += c1 * d1[f];
            u12 += c1 * d2[f];
            u20 += c2 * d0[f];
            u21 += c2 * d1[f];
            u22 += c2 * d2[f];
        }
        u[0] = u00;
        u[1] = u01;
        u[2] = u02;
        u[3] = u10;
        u[4] = u11;
        u[5] = u12;
        u[6] = u20;
        u[7] = u21;
        u[8] = u22;
        for (int c = 0; c < 3; c++) {
            for (int a = 0; a < 3; a++) {
                v[c * 3 + a] = minv[c * 3] * u[a] + minv[c * 3 + 1] * u[3 + a] + minv[c * 3 + 2] * u[6 + a];
            }
        }
        int[] ip = tupleParams[t];
        // z[c][b] = [M^-1 (E_b - G v_b)]_c = sum (D_b.r) s_hat_c: the gradient's sums, and the exact block's
        for (int b = 0; b < 3; b++) {
            double r0 = e[b] - (g[0] * v[b] + g[1] * v[3 + b] + g[2] * v[6 + b]);
            double r1 = e[3 + b] - (g[3] * v[b] + g[4] * v[3 + b] + g[5] * v[6 + b]);
            double r2 = e[6 + b] - (g[6] * v[b] + g[7] * v[3 + b] + g[8] * v[6 + b]);
            for (int c = 0; c < 3; c++) {
                z[c * 3 + b] = minv[c * 3] * r0 + minv[c * 3 + 1] * r1 + minv[c * 3 + 2] * r2;
            }
        }
        if (grad != null || tupleGrad != null) {
            for (int a = 0; a < 3; a++) {
                int col = a < 2 ? 1 : 2; // beta_d and T_d act on the dust column, beta_s on sync
                double sum = z[col * 3 + a];
                if (grad != null) {
                    grad[ip[a]] -= 2 * sum;
                }
                if (tupleGrad != null) {
                    tupleGrad[t][a] += -2 * sum;
                }
            }
        }
        if (hessian != null || exactHessian != null) {
            curvatureBlocks(hessian == null ? null : h9, exactHessian == null ? null : hx);
        }
        for (int i = 0; hessian != null && i < 9; i++) {
            hessian[t][i] += h9[i];
        }
        for (int i = 0; exactHessian != null && i < 9; i++) {
            exactHessian[t][i] += hx[i];
        }
        return -tr;
    }

    /**
     * The loaded group's Hessian blocks, each into its array when that is not null. Gauss-Newton (h): the
     * block of the full (Golub-Pereyra) Jacobian of the residual r = P y,
     * 2 (D_a^T P D_b) [M^-1 G M^-1]_{c_a c_b} (Kaufman's part, from dA s) plus
     * 2 sum (D_a^T r)(D_b^T r) [M^-1]_{c_a c_b} (from the pseudo-inverse's own derivative, which
     * matters when the residual is noise-dominated). Exact (exact): the derivative of the gradient
     * -2 sum (D_a^T r) s_hat_{c_a}, which also has the residual's second-order terms:
     * 2 sum [s_hat_{c_a} s_hat_{c_b} D_a^T P D_b + (D_b^T r) s_hat_{c_a} v_{c_b a} + (D_a^T r) s_hat_{c_b} v_{c_a b}
     * - [M^-1]_{c_a c_b} (D_a^T r)(D_b^T r) - s_hat_{c_a} (D_ab^T r)], the last where a and b act on one column.
     * Uses minv, g, e, rr, u, v (and for the exact block z, secondE and dSecond) of the loaded group.
     */
    private void curvatureBlocks(double[] h, double[] exact) {
        // W = M^-1 G M^-1 restricted to the dust (1) and sync (2) rows/columns
        double w11 = 0, w12 = 0, w22 = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double gij = g[i * 3 + j];
                w11 += minv[3 + i] * gij * minv[j * 3 + 1];
                w12 += minv[3 + i] * gij * minv[j * 3 + 2];
                w22 += minv[6 + i] * gij * minv[j * 3 + 2];
            }
        }
        // D^T D, its six sums in one pass over the bands
        double[] d0 = d[0];
        double[] d1 = d[1];
        double[] d2 = d[2];
        double dd00 = 0, dd01 = 0, dd02 = 0, dd11 = 0, dd12 = 0, dd22 = 0;
        for (int f = 0; f < bands; f++) {
            dd00 += d0[f] * d0[f];
            dd01 += d0[f] * d1[f];
            dd02 += d0[f] * d2[f];
            dd11 += d1[f] * d1[f];
            dd12 += d1[f] * d2[f];
            dd22 += d2[f] * d2[f];
        }
        dtd[0] = dd00;
        dtd[1] = dd01;
        dtd[2] = dd02;
        dtd[4] = dd11;
        dtd[5] = dd12;
        dtd[8] = dd22;
        if (exact != null) {
            secondOrderSums();
        }
        for (int a = 0; a < 3; a++) {
            int ca = a < 2 ? 1 : 2;
            for (int b = a; b < 3; b++) {
                int cb = b < 2 ? 1 : 2;
                double proj = dtd[a * 3 + b] - (u[a] * v[b] + u[3 + a] * v[3 + b] + u[6 + a] * v[6 + b]);
                double w = ca == 1 ? (cb == 1 ? w11 : w12) : w22;
                // sum (D_a.r)(D_b.r) with D.r = q - v^T b: R - v_a.E_b - v_b.E_a + v_a^T G v_b
                double cross = rr[a * 3 + b];
                for (int i = 0; i < 3; i++) {
                    cross -= v[i * 3 + a] * e[i * 3 + b] + v[i * 3 + b] * e[i * 3 + a];
                    for (int j = 0; j < 3; j++) {
                        cross += v[i * 3 + a] * g[i * 3 + j] * v[j * 3 + b];
                    }
                }
                if (h != null) {
                    h[a * 3 + b] = 2 * (proj * w + cross * minv[ca * 3 + cb]);
                    h[b * 3 + a] = h[a * 3 + b];
                }
                if (exact != null) {
                    int k = a == 2 ? (b == 2 ? 3 : -1) : b == 2 ? -1 : a + b; // (0,0) 0, (0,1) 1, (1,1) 2, (2,2) 3
                    double x = proj * ss[ca * 3 + cb] + z[ca * 3 + b] * v[cb * 3 + a] + z[cb * 3 + a] * v[ca * 3 + b]
                            - cross * minv[ca * 3 + cb] - (k < 0 ? 0 : t2[k]);
                    exact[a * 3 + b] = 2 * x;
                    exact[b * 3 + a] = 2 * x;
                }
            }
        }
    }

    /**
     * What the exact block needs besides the Gauss-Newton sums: ss = M^-1 G M^-1 and per second
     * derivative column k, t2[k] = [M^-1 E2_k - ss A^T D2_k]_c = sum s_hat_c (D2_k^T r) (c its column: dust,
     * or sync for k = 3).
     */
    private void secondOrderSums() {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                mg[i * 3 + j] = minv[i * 3] * g[j] + minv[i * 3 + 1] * g[3 + j] + minv[i * 3 + 2] * g[6 + j];
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                ss[i * 3 + j] = mg[i * 3] * minv[j] + mg[i * 3 + 1] * minv[3 + j] + mg[i * 3 + 2] * minv[6 + j];
            }
        }
        for (int k = 0; k < SECOND; k++) {
            double[] dk = dSecond[k];
            double w0 = 0, w1 = 0, w2 = 0;
            for (int f = 0; f < bands; f++) {
                w0 += a0[f] * dk[f];
                w1 += a1[f] * dk[f];
                w2 += a2[f] * dk[f];
            }
            int c = k < 3 ? 1 : 2;
            t2[k] = minv[c * 3] * secondE[k * 3] + minv[c * 3 + 1] * secondE[k * 3 + 1]
                    + minv[c * 3 + 2] * secondE[k * 3 + 2] - (ss[c * 3] * w0 + ss[c * 3 + 1] * w1 + ss[c * 3 + 2] * w2);
        }
    }

    /** sb[c][j] = (S v_c)_j for the scatter matrix S (bands x bands) and three band vectors, each sum in band order. */
    private void scatterTimes(double[] s, double[] v0, double[] v1, double[] v2) {
        for (int j = 0; j < bands; j++) {
            double s0 = 0, s1 = 0, s2 = 0;
            int row = j * bands;
            for (int f = 0; f < bands; f++) {
                double sjf = s[row + f];
                s0 += sjf * v0[f];
                s1 += sjf * v1[f];
                s2 += sjf * v2[f];
            }
            sb[j] = s0;
            sb[bands + j] = s1;
            sb[2 * bands + j] = s2;
        }
    }

    /**
     * G = sum (A^T y)(A^T y)^T, E = sum (A^T y)(D^T y)^T and, with curvature, R = sum (D^T y)(D^T y)^T
     * over tuple t's samples (without, R is left zero).
     */
    private void accumulate(Data data, int t, boolean curvature, boolean second) {
        clearSums();
        double[] s = data.scatter[t];
        if (s != null) {
            // sb[c][j] = (S A_c)_j, then G = A^T S A and E = (S A)^T D
            scatterTimes(s, invSigma, a1, a2);
            for (int c = 0; c < 3; c++) {
                int o = c * bands;
                double g0 = 0, g1 = 0, g2 = 0, e0 = 0, e1 = 0, e2 = 0;
                for (int f = 0; f < bands; f++) {
                    double x = sb[o + f];
                    g0 += invSigma[f] * x;
                    g1 += a1[f] * x;
                    g2 += a2[f] * x;
                    e0 += d[0][f] * x;
                    e1 += d[1][f] * x;
                    e2 += d[2][f] * x;
                }
                g[c * 3] = g0;
                g[c * 3 + 1] = g1;
                g[c * 3 + 2] = g2;
                e[c * 3] = e0;
                e[c * 3 + 1] = e1;
                e[c * 3 + 2] = e2;
            }
            for (int k = 0; second && k < SECOND; k++) {
                // E2[k] = (S A)^T D2_k
                double[] dk = dSecond[k];
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    for (int f = 0; f < bands; f++) {
                        sum += sb[c * bands + f] * dk[f];
                    }
                    secondE[k * 3 + c] = sum;
                }
            }
            if (!curvature) {
                return;
            }
            // sb[a][j] = (S D_a)_j, then R = D^T S D: the three (and six) sums of a pass run side by side
            double[] d0 = d[0];
            double[] d1 = d[1];
            double[] d2 = d[2];
            scatterTimes(s, d0, d1, d2);
            double r00 = 0, r01 = 0, r02 = 0, r11 = 0, r12 = 0, r22 = 0;
            for (int f = 0; f < bands; f++) {
                double x0 = sb[f];
                double x1 = sb[bands + f];
                double x2 = sb[2 * bands + f];
                r00 += d0[f] * x0;
                r01 += d1[f] * x0;
                r02 += d2[f] * x0;
                r11 += d1[f] * x1;
                r12 += d2[f] * x1;
                r22 += d2[f] * x2;
            }
            rr[0] = r00;
            rr[1] = r01;
            rr[2] = r02;
            rr[3] = r01;
            rr[4] = r11;
            rr[5] = r12;
            rr[6] = r02;
            rr[7] = r12;
            rr[8] = r22;
            return;
        }
        for (int p : tuplePixels[t]) {
            addPixel(data.whitened[p], curvature, second);
        }
        symmetrizeSums();
    }

    private void clearSums() {
        java.util.Arrays.fill(g, 0.0);
        java.util.Arrays.fill(e, 0.0);
        java.util.Arrays.fill(rr, 0.0);
        java.util.Arrays.fill(secondE, 0.0);
    }

    /**
     * Adds one pixel's whitened Q and U samples y to the upper triangles of G and (with curvature) R and
     * to E. Q's and U's twelve sums run in one pass over the bands, so that their dependency chains
     * overlap; each is still summed in band order, and Q's sample is added before U's (the same bits).
     */
    private void addPixel(double[] y, boolean curvature, boolean second) {
        double[] d0 = d[0];
        double[] d1 = d[1];
        double[] d2 = d[2];
        double qb0 = 0, qb1 = 0, qb2 = 0, qq0 = 0, qq1 = 0, qq2 = 0;
        double ub0 = 0, ub1 = 0, ub2 = 0, uq0 = 0, uq1 = 0, uq2 = 0;
        for (int f = 0; f < bands; f++) {
            double yq = y[f];
            double yu = y[bands + f];
            qb0 += a0[f] * yq;
            qb1 += a1[f] * yq;
            qb2 += a2[f] * yq;
            qq0 += d0[f] * yq;
            qq1 += d1[f] * yq;
            qq2 += d2[f] * yq;
            ub0 += a0[f] * yu;
            ub1 += a1[f] * yu;
            ub2 += a2[f] * yu;
            uq0 += d0[f] * yu;
            uq1 += d1[f] * yu;
            uq2 += d2[f] * yu;
        }
        addSample(qb0, qb1, qb2, qq0, qq1, qq2, curvature);
        addSample(ub0, ub1, ub2, uq0, uq1, uq2, curvature);
        for (int k = 0; second && k < SECOND; k++) {
            double[] dk = dSecond[k];
            double q = 0, x = 0;
            for (int f = 0; f < bands; f++) {
                q += dk[f] * y[f];
                x += dk[f] * y[bands + f];
            }
            secondE[k * 3] += qb0 * q + ub0 * x;
            secondE[k * 3 + 1] += qb1 * q + ub1 * x;
            secondE[k * 3 + 2] += qb2 * q + ub2 * x;
        }
    }

    /** Adds one sample's A^T y = (b0, b1, b2) and D^T y = (q0, q1, q2) to G, E and (with curvature) R. */
    private void addSample(double b0, double b1, double b2, double q0, double q1, double q2, boolean curvature) {
        g[0] += b0 * b0;
        g[1] += b0 * b1;
        g[2] += b0 * b2;
        g[4] += b1 * b1;
        g[5] += b1 * b2;
        g[8] += b2 * b2;
        e[0] += b0 * q0;
        e[1] += b0 * q1;
        e[2] += b0 * q2;
        e[3] += b1 * q0;
        e[4] += b1 * q1;
        e[5] += b1 * q2;
        e[6] += b2 * q0;
        e[7] += b2 * q1;
        e[8] += b2 * q2;
        if (curvature) {
            rr[0] += q0 * q0;
            rr[1] += q0 * q1;
            rr[2] += q0 * q2;
            rr[4] += q1 * q1;
            rr[5] += q1 * q2;
            rr[8] += q2 * q2;
        }
    }

    /** Lower triangles of G and R from their upper ones. */
    private void symmetrizeSums() {
        rr[3] = rr[1];
        rr[6] = rr[2];
        rr[7] = rr[5];
        g[3] = g[1];
        g[6] = g[2];
        g[7] = g[5];
    }

    /**
     * The noise of the component amplitudes at the parameters of the last {@link #setParameters}: per
     * pixel sqrt of the diagonal of (A^T N^-1 A)^-1, the standard deviation of Q and of U of each
     * component in the units of the noise sigma.
     *
     * @return [component CMB, dust, sync][zone pixel]
     */
    double[][] componentNoise() {
        double[][] out = new double[3][pixels];
        forEachPixelWithGramInverse(p -> {
            for (int c = 0; c < 3; c++) {
                out[c][p] = Math.sqrt(minv[c * 4]);
            }
        });
        return out;
    }

    /**
     * Component amplitudes s_hat = M^-1 A^T N^-1 d at the parameters of the last
     * {@link #setParameters}, in the units of raw.
     *
     * @return [component CMB, dust, sync][stokes][zone pixel]
     */
    double[][][] components(double[][][] raw) {
        double[][][] out = new double[3][2][pixels];
        forEachPixelWithGramInverse(p -> {
            for (int x = 0; x < 2; x++) {
                double b0 = 0, b1 = 0, b2 = 0;
                for (int f = 0; f < bands; f++) {
                    double yf = raw[f][x][p] * a0[f];
                    b0 += a0[f] * yf;
                    b1 += a1[f] * yf;
                    b2 += a2[f] * yf;
                }
                for (int c = 0; c < 3; c++) {
                    out[c][x][p] = minv[c * 3] * b0 + minv[c * 3 + 1] * b1 + minv[c * 3 + 2] * b2;
                }
            }
        });
        return out;
    }

    /**
     * Calls {@code atPixel} for every zone pixel with the mixing columns and M^-1 ({@code minv}) of that pixel
     * loaded: the tuple's, computed once per tuple, or the pixel's own where the noise weights vary by pixel.
     */
    private void forEachPixelWithGramInverse(IntConsumer atPixel) {
        for (int t = 0; t < tupleCount(); t++) {
            if (pixelRatio == null) {
                loadColumns(t, a1, a2, d, null);
                invertGram();
            } else {
                loadColumns(t, col1, col2, dcol, null);
            }
            for (int p : tuplePixels[t]) {
                if (pixelRatio != null) {
                    scaleToPixel(p, false);
                    invertGram();
                }
                atPixel.accept(p);
            }
        }
    }
}
