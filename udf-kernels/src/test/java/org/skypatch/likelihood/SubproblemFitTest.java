package org.skypatch.likelihood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.skypatch.cluster.ClusterNeighbours;
import org.skypatch.cluster.MultiResolutionPatches;
import org.skypatch.cluster.ZoneLabels;

/**
 * Fits split into independent subproblems: each converges and is counted on its own, exactly as if
 * fitted alone; the stopping rule on actual gains; restarts keep the lowest NLL.
 */
class SubproblemFitTest {
    private static CompsepFixture fx;
    private static double[][][] maps;
    private static int[] patches;

    @BeforeAll
    static void load() {
        fx = new CompsepFixture();
        maps = fx.noisyMaps();
        patches = MultiResolutionPatches.labels(CompsepFixture.NSIDE, fx.zonePixels, 8);
    }

    @Test
    void eachPatchConvergesOnItsOwnAsIfFittedAlone() {
        FitResult joint = new ComponentSeparation(fx.problem(patches, patches, patches)).fit(maps, FitOptions.defaults());
        Subproblems sub = joint.subproblems();
        int k = ZoneLabels.count(patches);
        assertEquals(k, sub.count(), "one subproblem per nside-8 patch");
        int slowest = 0;
        int fastest = 0;
        for (int s = 0; s < k; s++) {
            slowest = sub.evaluations()[s] > sub.evaluations()[slowest] ? s : slowest;
            fastest = sub.evaluations()[s] < sub.evaluations()[fastest] ? s : fastest;
        }
        assertTrue(sub.evaluations()[fastest] < sub.evaluations()[slowest],
                "patches stop at different times: " + sub.evaluations()[fastest] + " and " + sub.evaluations()[slowest]);
        assertTrue(joint.evaluations() >= sub.evaluations()[slowest]);
        double sum = 0;
        for (int s = 0; s < k; s++) {
            sum += sub.nll()[s];
            assertEquals(s, joint.subproblemOf(0, s), "patch " + s + "'s beta_d");
            assertEquals(s, joint.subproblemOf(2, s), "patch " + s + "'s beta_s");
        }
        assertEquals(sum, joint.nll(), 0.0);
        for (int s : new int[] {fastest, slowest, k / 2}) {
            int patch = s;
            int[] pixels = IntStream.range(0, patches.length).filter(p -> patches[p] == patch).toArray();
            int[] one = new int[pixels.length];
            FitResult alone = new ComponentSeparation(fx.problem(one, one, one)).fit(cut(maps, pixels), FitOptions.defaults());
            String what = "patch " + s + " alone and in the joint fit";
            assertArrayEquals(new double[] {alone.dustBeta()[0], alone.dustTemp()[0], alone.syncBeta()[0]},
                    new double[] {joint.dustBeta()[s], joint.dustTemp()[s], joint.syncBeta()[s]}, 0.0, what);
            assertEquals(alone.nll(), sub.nll()[s], 0.0, what);
            assertEquals(alone.iterations(), sub.iterations()[s], what);
            assertEquals(alone.evaluations(), sub.evaluations()[s], what);
            assertEquals(alone.subproblems().stop()[0], sub.stop()[s], what);
        }
    }

    /**
     * An evaluator whose NLL falls by 1e-3 per accepted step while its gradient and Gauss-Newton
     * blocks promise a gain of 0.75 (a flat valley the quadratic model misreads): the fit stops
     * after three such steps, converged on its actual gains, with either exact Hessian.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aFitWhoseActualGainsStayBelowTheToleranceStops(boolean analyticHessian) {
        int[] one = new int[10];
        SpectralLikelihood likelihood = new SpectralLikelihood(fx.problem(one, one, one));
        BlockSparseSolver solver = new BlockSparseSolver(likelihood.parameterCount(), likelihood.tupleParams);
        FitOptions options = analyticHessian ? FitOptions.defaults() : FitOptions.defaults().withFiniteDifferenceHessian();
        MultiStartFit fit = new MultiStartFit(likelihood, solver, options, null, null);
        double[] g = {0.5, -0.5, 1.0};
        double[] start = FitOptions.defaults().start();
        int evaluations = 0;
        double nll = -1000;
        double[] accepted = null;
        while (!fit.pending().isEmpty()) {
            for (Evaluation e : fit.pending()) {
                evaluations++;
                // a trial point is reported 1e-3 lower than the last accepted point (the first is the start)
                boolean trial = accepted != null && !Arrays.equals(e.x(), accepted) && e.tupleNll() != null;
                if (e.tupleNll() != null) {
                    e.tupleNll()[0] = trial ? nll - 1e-3 : nll;
                }
                if (e.grad() != null) {
                    System.arraycopy(g, 0, e.grad(), 0, 3);
                }
                if (e.hessian() != null) {
                    Arrays.fill(e.hessian()[0], 0.0);
                    e.hessian()[0][0] = e.hessian()[0][4] = e.hessian()[0][8] = 1.0;
                }
                for (int a = 0; a < 3; a++) {
                    // negative exact curvature: the fit takes the Gauss-Newton (identity) steps
                    e.tupleGrad()[0][a] = g[a] - (e.x()[a] - start[a]);
                }
                if (e.exactHessian() != null) {
                    Arrays.fill(e.exactHessian()[0], 0.0);
                    e.exactHessian()[0][0] = e.exactHessian()[0][4] = e.exactHessian()[0][8] = -1.0;
                }
                if (trial) {
                    nll -= 1e-3;
                }
                if (e.tupleNll() != null) {
                    accepted = e.x().clone();
                }
            }
            fit.advance(solver.workspace());
        }
        Subproblems sub = fit.subproblems();
        assertEquals(Subproblems.Stop.SMALL_GAINS, sub.stop()[0]);
        assertTrue(sub.converged(0));
        assertEquals(ProjectedNewton.SMALL_GAINS, sub.iterations()[0], "three steps of 1e-3");
        // the start and three iterations of one trial each; with finite differences also three Hessian
        // columns per iteration, and those of the iteration that ends it
        int columns = analyticHessian ? 0 : 3;
        assertEquals(1 + (1 + columns) * ProjectedNewton.SMALL_GAINS + columns, evaluations);
        assertEquals(evaluations, sub.evaluations()[0]);
    }

    /**
     * From the default start, some nside-8 patches of the fixture end on a bound or in a shallow
     * basin; restarts from fgbuster's start, the single-patch solution and the neighbouring patches'
     * solutions move those whose NLL they lower by more than the tolerance, and leave every other
     * patch exactly where the plain fit put it.
     */
    @Test
    void restartsKeepTheLowestNllAndTouchOnlyFlaggedPatches() {
        FitProblem problem = fx.problem(patches, patches, patches);
        FitOptions plainOptions = FitOptions.defaults();
        FitResult plain = new ComponentSeparation(problem).fit(maps, plainOptions);
        int[] one = new int[patches.length];
        FitResult single = new ComponentSeparation(fx.problem(one, one, one)).fit(maps, plainOptions);
        FitOptions options = plainOptions.withRestarts(new double[] {1.6, 22, -2.7},
                new double[] {single.dustBeta()[0], single.dustTemp()[0], single.syncBeta()[0]});
        int[][] neighbours = ClusterNeighbours.of(CompsepFixture.NSIDE, fx.zonePixels, patches);
        FitResult robust = new ComponentSeparation(problem, new int[][][] {neighbours, neighbours, neighbours})
                .fit(maps, options);
        Subproblems a = plain.subproblems();
        Subproblems b = robust.subproblems();
        assertTrue(b.movedCount() >= 1, "a restart found a lower basin");
        assertTrue(b.restartedCount() >= b.movedCount());
        double tol = options.nllTolerance();
        for (int s = 0; s < a.count(); s++) {
            double[] x = {plain.dustBeta()[s], plain.dustTemp()[s], plain.syncBeta()[s]};
            double[] y = {robust.dustBeta()[s], robust.dustTemp()[s], robust.syncBeta()[s]};
            if (!b.restarted()[s]) {
                assertArrayEquals(x, y, 0.0, "patch " + s + " not restarted");
                continue;
            }
            boolean onBound = false;
            for (int j = 0; j < 3; j++) {
                double eps = 1e-3 * (options.upper()[j] - options.lower()[j]);
                onBound |= x[j] - options.lower()[j] <= eps || options.upper()[j] - x[j] <= eps;
            }
            assertTrue(onBound || !(a.stop()[s] == Subproblems.Stop.PROJECTED_GRADIENT
                    || a.stop()[s] == Subproblems.Stop.SMALL_STEP), "patch " + s + " restarted: on a bound or slow");
            if (b.moved()[s]) {
                assertTrue(b.nll()[s] < a.nll()[s] - tol, "patch " + s + " moved to a lower NLL");
            } else {
                assertArrayEquals(x, y, 0.0, "patch " + s + " restarted, not moved");
            }
            assertTrue(b.evaluations()[s] > a.evaluations()[s], "restarts are counted");
        }
        assertTrue(robust.nll() < plain.nll() - tol * b.movedCount());
        assertEquals(robust.nll(), new ComponentSeparation(problem).nll(maps, robust.dustBeta(), robust.dustTemp(),
                robust.syncBeta()), 1e-6);
    }

    private static double[][][] cut(double[][][] data, int[] pixels) {
        double[][][] out = new double[data.length][2][pixels.length];
        for (int f = 0; f < data.length; f++) {
            for (int x = 0; x < 2; x++) {
                for (int i = 0; i < pixels.length; i++) {
                    out[f][x][i] = data[f][x][pixels[i]];
                }
            }
        }
        return out;
    }
}
