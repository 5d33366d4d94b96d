package org.skypatch.gpu;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitProblem;
import org.skypatch.likelihood.Evaluation;
import org.skypatch.likelihood.SedTables;
import org.skypatch.sky.Seds;

/**
 * How one zone's data and parameters are laid out for the kernels of spectral_likelihood.cu (whose
 * header comment gives every array's layout).
 *
 * <p>Pixels are sorted by cluster tuple (ascending pixel within a tuple), so each tuple is one
 * contiguous segment of sorted positions, cut into chunks of at most {@link #CHUNK} pixels; one
 * thread sums a chunk in pixel order and one thread sums a tuple's chunks in chunk order, so the
 * NLL is identical run to run. Data are [stokes][band][sorted position][realization]: the threads
 * of a warp serve neighbouring realizations and read neighbouring addresses.
 */
final class TupleLayout {
    /** Pixels per chunk_moments thread. */
    static final int CHUNK = 32;
    /** Moments per chunk: G (6), E (9), R (6). */
    static final int MOMENTS = 21;
    /** Outputs per tuple: NLL, gradient (3), Gauss-Newton block (9). */
    static final int OUTPUTS = 13;
    /** Rows of the band table: frequency, 1/sigma, d ln dust/d beta_d, d ln sync/d beta_s, K_RJ -> K_CMB. */
    static final int BAND_ROWS = 5;

    final int pixels;
    final int tuples;
    final int chunks;
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
    /** First sorted position of each chunk, and pixels at the end (length chunks + 1). */
    final int[] chunkStart;
    /** Tuple of each chunk. */
    final int[] chunkTuple;
    /** First chunk of each tuple, and chunks at the end (length tuples + 1). */
    final int[] tupleChunk;

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
        tupleChunk = new int[tuples + 1];
        for (int t = 0; t < tuples; t++) {
            int size = segment[t + 1] - segment[t];
            tupleChunk[t + 1] = tupleChunk[t] + (size + CHUNK - 1) / CHUNK;
        }
        chunks = tupleChunk[tuples];
        chunkStart = new int[chunks + 1];
        chunkTuple = new int[chunks];
        for (int t = 0; t < tuples; t++) {
            for (int c = tupleChunk[t]; c < tupleChunk[t + 1]; c++) {
                chunkTuple[c] = t;
                chunkStart[c] = segment[t] + (c - tupleChunk[t]) * CHUNK;
            }
        }
        chunkStart[chunks] = pixels;
    }

    /** The layout of a problem, with the engine's tuple numbering. */
    static TupleLayout of(FitProblem problem, ComponentSeparation engine) {
        SedTables sed = new SedTables(problem);
        return new TupleLayout(engine.tupleOfPixel(), engine.tupleParameters(), problem.bandCount(),
                sed.dustBetaFactor.length, sed.dustTempFactor.length, sed.syncColumn.length);
    }

    /** Length of a parameter vector. */
    int parameters() {
        return kDustBeta + kDustTemp + kSyncBeta;
    }

    /** SED table entries per slot (rows x bands). */
    int sedEntries() {
        return (kDustBeta + 2 * kDustTemp + kSyncBeta) * bands;
    }

    /** Doubles of one realization's whitened data. */
    long dataPerRealization() {
        return 2L * bands * pixels;
    }

    /** Per band (see {@link #BAND_ROWS}): frequency, 1/sigma, log-derivatives of dust and sync, K_RJ -> K_CMB. */
    static double[] bandTable(FitProblem problem) {
        SedTables sed = new SedTables(problem);
        int b = problem.bandCount();
        double[] table = new double[BAND_ROWS * b];
        for (int f = 0; f < b; f++) {
            table[f] = problem.frequenciesGHz()[f];
            table[b + f] = sed.invSigma[f];
            table[2 * b + f] = sed.logDust[f];
            table[3 * b + f] = sed.logSync[f];
            table[4 * b + f] = Seds.rjToCmb(problem.frequenciesGHz()[f]);
        }
        return table;
    }

    /**
     * Whitened data of all realizations, [stokes][band][sorted position][realization].
     *
     * @param realizations each [band][stokes][zone pixel] in the units of the noise sigma
     * @param invSigma 1 / noise sigma per band
     */
    double[] packData(List<double[][][]> realizations, double[] invSigma) {
        int n = realizations.size();
        long size = dataPerRealization() * n;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " realizations of " + pixels
                    + " pixels do not fit one GPU batch: split the batch");
        }
        for (int r = 0; r < n; r++) {
            checkValues(realizations.get(r), r);
        }
        double[] y = new double[(int) size];
        // one (stokes, band) plane per task; eight realizations at a time, so that each write fills a cache line
        IntStream.range(0, 2 * bands).parallel().forEach(plane -> {
            int x = plane / bands;
            int f = plane % bands;
            long o = (long) plane * pixels;
            double[][] maps = new double[8][];
            for (int r0 = 0; r0 < n; r0 += 8) {
                int m = Math.min(8, n - r0);
                for (int j = 0; j < m; j++) {
                    maps[j] = realizations.get(r0 + j)[f][x];
                }
                for (int ps = 0; ps < pixels; ps++) {
                    int p = sortedPixel[ps];
                    int at = (int) ((o + ps) * n + r0);
                    for (int j = 0; j < m; j++) {
                        y[at + j] = maps[j][p] * invSigma[f];
                    }
                }
            }
        });
        return y;
    }

    /** Shapes and values of one realization: finite everywhere, or a one-line error naming the pixel. */
    private void checkValues(double[][][] raw, int r) {
        checkShape(raw, r);
        for (int f = 0; f < bands; f++) {
            for (int x = 0; x < 2; x++) {
                double[] map = raw[f][x];
                for (int p = 0; p < pixels; p++) {
                    if (!Double.isFinite(map[p])) {
                        throw new IllegalArgumentException("realization " + r + " band " + f + " stokes " + x
                                + " zone pixel " + p + " is " + map[p] + ": mask unobserved pixels out of the zone");
                    }
                }
            }
        }
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

    /**
     * Fills an evaluation's outputs from tuple_outputs' rows ([13][slots][tuples]) for one slot: the
     * gradient and NLL summed in tuple order as the CPU engine sums them. Rows 1..3 (tuple gradients)
     * are always there; the others only for launches made with full outputs.
     *
     * @throws ArithmeticException when the kernel flagged a singular mixing matrix (NaN outputs)
     */
    void unpack(DoubleBuffer out, int slot, int slots, Evaluation e) {
        int rowLength = slots * tuples;
        int base = slot * tuples;
        double[] grad = e.grad();
        if (grad != null) {
            Arrays.fill(grad, 0.0);
        }
        int[] offset = {0, kDustBeta, kDustBeta + kDustTemp};
        for (int t = 0; t < tuples; t++) {
            if (Double.isNaN(out.get(rowLength + base + t))) {
                throw new ArithmeticException("singular mixing matrix in cluster tuple " + t
                        + ": components are degenerate at these parameters");
            }
            if (e.tupleNll() != null) {
                e.tupleNll()[t] = out.get(base + t);
            }
            for (int a = 0; a < 3; a++) {
                double value = out.get((1 + a) * rowLength + base + t);
                if (grad != null) {
                    grad[offset[a] + tupleParam[3 * t + a]] += value;
                }
                if (e.tupleGrad() != null) {
                    e.tupleGrad()[t][a] = value;
                }
            }
            if (e.hessian() != null) {
                double[] block = e.hessian()[t];
                for (int k = 0; k < 9; k++) {
                    block[k] = out.get((4 + k) * rowLength + base + t);
                }
            }
        }
    }

    /** One slot's component maps ([slot][component][stokes][sorted position]) as [component][stokes][zone pixel]. */
    double[][][] unsortComponents(DoubleBuffer sorted, int slot) {
        double[][][] out = new double[3][2][pixels];
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 2; x++) {
                int o = ((slot * 3 + c) * 2 + x) * pixels;
                for (int ps = 0; ps < pixels; ps++) {
                    out[c][x][sortedPixel[ps]] = sorted.get(o + ps);
                }
            }
        }
        return out;
    }
}
