package org.skypatch.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.skypatch.cluster.MultiResolutionPatches;
import org.skypatch.likelihood.CompsepFixture;
import org.skypatch.likelihood.ComponentSeparation;
import org.skypatch.likelihood.FitProblem;

/**
 * A batch for the GPU tests: the first 3000 zone pixels of the compsep fixture (fgbuster's
 * LiteBIRD-like sky), beta_d on nside-4 patches, T_d on nside-2, beta_s on nside-1 (tuples from a
 * few pixels at the zone's edge to 256, more than a tuple block's 128 threads), and three
 * realizations: the fixture's noisy maps plus 0, 0.5 and 1 sigma of extra seeded white noise.
 */
final class BatchFixture {
    static final int PIXELS = 3000;
    static final int REALIZATIONS = 3;

    final FitProblem problem;
    final List<double[][][]> batch = new ArrayList<>();
    final ComponentSeparation engine;
    final TupleLayout layout;

    BatchFixture() {
        CompsepFixture fx = new CompsepFixture();
        int[] zone = Arrays.copyOf(fx.zonePixels, PIXELS);
        problem = fx.problem(MultiResolutionPatches.labels(CompsepFixture.NSIDE, zone, 4),
                MultiResolutionPatches.labels(CompsepFixture.NSIDE, zone, 2),
                MultiResolutionPatches.labels(CompsepFixture.NSIDE, zone, 1));
        double[][][] noisy = fx.noisyMaps();
        Random random = new Random(20261125L);
        for (int r = 0; r < REALIZATIONS; r++) {
            double[][][] data = new double[fx.bands][2][PIXELS];
            for (int f = 0; f < fx.bands; f++) {
                for (int x = 0; x < 2; x++) {
                    for (int p = 0; p < PIXELS; p++) {
                        data[f][x][p] = noisy[f][x][p] + 0.5 * r * fx.sigma[f] * random.nextGaussian();
                    }
                }
            }
            batch.add(data);
        }
        engine = new ComponentSeparation(problem);
        layout = TupleLayout.of(problem, engine);
    }

    /** A point away from the optimum with different values in every cluster. */
    double[] point(int r) {
        int kb = layout.kDustBeta;
        int kt = layout.kDustTemp;
        double[] x = new double[kb + kt + layout.kSyncBeta];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < kb ? 1.45 + 0.02 * ((i + r) % 7) : i < kb + kt ? 18 + 0.5 * ((i + r) % 5) : -3.1 + 0.03 * (i % 3);
        }
        return x;
    }
}
