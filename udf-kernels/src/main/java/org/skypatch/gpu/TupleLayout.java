package org.skypatch.gpu;

import java.util.List;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.SedTables;

/**
 * How one zone's data and parameters are laid out for the kernels in spectral_likelihood.cu.
 *
 * <p>Pixels are sorted by cluster tuple (ascending pixel within a tuple), so each tuple is one
 * contiguous segment [segment[t], segment[t+1]) of sorted positions, reduced by one thread block
 * in a fixed order (see {@link #THREADS}): the sums, and so the NLL, are identical run to run.
 * Data are [realization][stokes][band][sorted position], so neighbouring threads read neighbouring
 * addresses. SED tables are, per realization, [beta_d clusters x bands | T_d factor | T_d log
 * derivative | beta_s clusters x bands].
 */
final class TupleLayout {
    /** Threads per tuple block: thread i sums positions start+i, start+i+THREADS, ..., then a halving tree. */
    static final int THREADS = 128;
    /** Moments per thread: G (6), E (9), R (6). */
    static final int MOMENTS = 21;
    /** Outputs per tuple: NLL, gradient (3), Gauss-Newton block (9). */
    static final int OUTPUTS = 13;

    final int pixels;
    final int tuples;
    final int bands;
    final int kDustBeta;
    final int kDustTemp;
    final int kSyncBeta;
    /** Zone pixel at each sorted position. */
    final int[] sortedPixel;
    /** First sorted position of each tuple, and pixels at the end (length tuples + 1). */
    final int[] segment;
    /** Tuple of each sorted position. */
    final int[] tupleOfSorted;
    /** Per tuple, the local beta_d, T_d and beta_s cluster indices ([t * 3 + 0..2]). */
    final int[] tupleParam;

    /**
     * @param tupleOfPixel tuple of each zone pixel (ComponentSeparation.tupleOfPixel)
     * @param tupleParameters per tuple, parameter-vector indices of its beta_d, T_d, beta_s
     */
    TupleLayout(int[] tupleOfPixel, int[][] tupleParameters, int bands, int kDustBeta, int kDustTemp, int kSyncBeta) {
        this.pixels = tupleOfPixel.length;
        this.tuples = tupleParameters.length;
        this.bands = bands;
        this.kDustBeta = kDustBeta;
        this.kDustTemp = kDustTemp;
        this.kSyncBeta = kSyncBeta;
        segment = new int[tuples + 1];
        for (int t : tupleOfPixel) {
            segment[t + 1]++;
        }
        for (int t = 0; t < tuples; t++) {
            segment[t + 1] += segment[t];
        }
        // counting sort: stable, so pixels stay ascending within their tuple
        int[] next = segment.clone();
        sortedPixel = new int[pixels];
        tupleOfSorted = new int[pixels];
        for (int p = 0; p < pixels; p++) {
            int t = tupleOfPixel[p];
            tupleOfSorted[next[t]] = t;
            sortedPixel[next[t]++] = p;
        }
        tupleParam = new int[3 * tuples];
        for (int t = 0; t < tuples; t++) {
            tupleParam[3 * t] = tupleParameters[t][0];
            tupleParam[3 * t + 1] = tupleParameters[t][1] - kDustBeta;
            tupleParam[3 * t + 2] = tupleParameters[t][2] - kDustBeta - kDustTemp;
        }
    }

    /** The layout of a problem, with the engine's tuple numbering. */
    static TupleLayout of(FitProblem problem, ComponentSeparation engine) {
        SedTables sed = new SedTables(problem);
        return new TupleLayout(engine.tupleOfPixel(), engine.tupleParameters(), problem.bandCount(),
                sed.dustBetaFactor.length, sed.dustTempFactor.length, sed.syncColumn.length);
    }

    /** Doubles of one realization's SED tables. */
    int sedStride() {
        return (kDustBeta + 2 * kDustTemp + kSyncBeta) * bands;
    }

    /** Doubles of one realization's whitened data. */
    long dataStride() {
        return 2L * bands * pixels;
    }

    /**
     * Whitened data of all realizations, [realization][stokes][band][sorted position].
     *
     * @param realizations each [band][stokes][zone pixel] in the units of the noise sigma
     * @param invSigma 1 / noise sigma per band
     */
    double[] packData(List<double[][][]> realizations, double[] invSigma) {
        long size = dataStride() * realizations.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(realizations.size() + " realizations of " + pixels
                    + " pixels do not fit one GPU batch: split the batch");
        }
        double[] y = new double[(int) size];
        for (int r = 0; r < realizations.size(); r++) {
            double[][][] raw = realizations.get(r);
            checkShape(raw, r);
            for (int x = 0; x < 2; x++) {
                for (int f = 0; f < bands; f++) {
                    double[] map = raw[f][x];
                    int o = (int) (((long) (r * 2 + x) * bands + f) * pixels);
                    for (int ps = 0; ps < pixels; ps++) {
                        double val = map[sortedPixel[ps]];
                        if (!Double.isFinite(val)) {
                            throw new IllegalArgumentException("realization " + r + " band " + f + " stokes " + x
                                    + " zone pixel " + sortedPixel[ps] + " is " + val
                                    + ": mask unobserved pixels out of the zone");
                        }
                        y[o + ps] = val * invSigma[f];
                    }
                }
            }
        }
        return y;
    }

    private void checkShape(double[][][] raw, int r) {
        if (raw.length != bands) {
            throw new IllegalArgumentException("realization " + r + " has " + raw.length + " bands, the problem "
                    + bands + ": give [band][stokes][zone pixel]");
        }
        for (double[][] band : raw) {
            if (band.length != 2 || band[0].length != pixels || band[1].length != pixels) {
                throw new IllegalArgumentException("realization " + r + " is not [" + bands + "][2][" + pixels
                        + "] (Q, U over the zone's pixels)");
            }
        }
    }

    /** Writes one realization's SED tables into dst at slot * sedStride(). */
    void packSed(SedTables sed, double[] dst, int slot) {
        int o = slot * sedStride();
        o = copyRows(sed.dustBetaFactor, dst, o);
        o = copyRows(sed.dustTempFactor, dst, o);
        o = copyRows(sed.dustTempLogDeriv, dst, o);
        copyRows(sed.syncColumn, dst, o);
    }

    private static int copyRows(double[][] rows, double[] dst, int o) {
        for (double[] row : rows) {
            System.arraycopy(row, 0, dst, o, row.length);
            o += row.length;
        }
        return o;
    }

    /**
     * One realization's evaluation from the kernel's per-tuple outputs (slot's block of result),
     * summed in tuple order as the CPU engine sums them; outputs as LikelihoodEvaluator.evaluate.
     *
     * @throws ArithmeticException when the kernel flagged a singular mixing matrix (NaN outputs)
     */
    double unpack(double[] result, int slot, double[] grad, double[][] hessian, double[][] tupleGrad,
                  double[] tupleNll) {
        if (grad != null) {
            java.util.Arrays.fill(grad, 0.0);
        }
        int[] offset = {0, kDustBeta, kDustBeta + kDustTemp};
        double nll = 0;
        for (int t = 0; t < tuples; t++) {
            int o = (slot * tuples + t) * OUTPUTS;
            if (Double.isNaN(result[o])) {
                throw new ArithmeticException("singular mixing matrix in cluster tuple " + t
                        + ": components are degenerate at these parameters");
            }
            nll += result[o];
            if (tupleNll != null) {
                tupleNll[t] = result[o];
            }
            for (int a = 0; a < 3; a++) {
                if (grad != null) {
                    grad[offset[a] + tupleParam[3 * t + a]] += result[o + 1 + a];
                }
                if (tupleGrad != null) {
                    tupleGrad[t][a] = result[o + 1 + a];
                }
            }
            if (hessian != null) {
                System.arraycopy(result, o + 4, hessian[t], 0, 9);
            }
        }
        return nll;
    }

    /** Component maps [component][stokes][sorted position] (flat) back to [component][stokes][zone pixel]. */
    double[][][] unsortComponents(double[] sorted) {
        double[][][] out = new double[3][2][pixels];
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 2; x++) {
                int o = (c * 2 + x) * pixels;
                for (int ps = 0; ps < pixels; ps++) {
                    out[c][x][sortedPixel[ps]] = sorted[o + ps];
                }
            }
        }
        return out;
    }
}
