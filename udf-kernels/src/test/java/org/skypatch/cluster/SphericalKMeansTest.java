package org.skypatch.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.skypatch.likelihood.CompsepFixture;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

class SphericalKMeansTest {
    /** Pixel centres of RING pixels. */
    static double[][] vectors(int nside, int[] pixels) {
        double[][] out = new double[pixels.length][3];
        for (int i = 0; i < pixels.length; i++) {
            Healpix.pix2vec(nside, Ordering.RING, pixels[i], out[i]);
        }
        return out;
    }

    private static final CompsepFixture FX = new CompsepFixture();
    /** The first 8000 pixels of the |b| &gt; 20 deg zone (a northern cap region). */
    private static final int[] PIXELS = java.util.Arrays.copyOf(FX.zonePixels, 8000);
    private static final double[][] ZONE = vectors(CompsepFixture.NSIDE, PIXELS);

    @Test
    void labelsAreRenumberedByFirstOccurrenceAndEveryClusterIsUsed() {
        int[] labels = SphericalKMeans.cluster(ZONE, 300, 7);
        int next = 0;
        for (int l : labels) {
            assertTrue(l <= next, "label " + l + " before " + next);
            if (l == next) {
                next++;
            }
        }
        assertTrue(next <= 300 && next > 290, "cluster count " + next);
    }

    @Test
    void deterministicForASeedAndDifferentForAnother() {
        assertArrayEquals(SphericalKMeans.cluster(ZONE, 100, 11),
                SphericalKMeans.cluster(CompsepFixture.NSIDE, PIXELS, 100, 11));
        assertTrue(!java.util.Arrays.equals(SphericalKMeans.cluster(ZONE, 100, 11), SphericalKMeans.cluster(ZONE, 100, 12)));
    }

    @Test
    void gridNearestCentroidEqualsBruteForce() {
        for (int k : new int[] {1, 7, 5000}) {
            int[] order = SphericalKMeans.permutation(ZONE.length, k);
            double[] c = new double[3 * k];
            for (int j = 0; j < k; j++) {
                System.arraycopy(ZONE[order[j]], 0, c, 3 * j, 3);
            }
            SphericalKMeans.CentroidGrid grid = new SphericalKMeans.CentroidGrid(k);
            grid.build(c);
            for (int i = 0; i < ZONE.length; i += 3) {
                double[] v = ZONE[i];
                int best = -1;
                double bestDot = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double dot = v[0] * c[3 * j] + v[1] * c[3 * j + 1] + v[2] * c[3 * j + 2];
                    if (dot > bestDot) {
                        bestDot = dot;
                        best = j;
                    }
                }
                assertEquals(best, grid.nearest(v[0], v[1], v[2], -1, -1), "pixel " + i + ", K " + k);
                assertEquals(best, grid.nearest(v[0], v[1], v[2], (i * 31) % k, -1), "pixel " + i + ", K " + k + " hinted");
            }
        }
    }

    @Test
    void convergedLabelsAreNearestCentroidAssignments() {
        // at convergence every pixel is in the cluster of its nearest centroid (brute force)
        int k = 200;
        int[] labels = SphericalKMeans.cluster(ZONE, k, 3);
        int kk = ZoneLabels.count(labels);
        double[][] c = new double[kk][3];
        for (int i = 0; i < ZONE.length; i++) {
            for (int j = 0; j < 3; j++) {
                c[labels[i]][j] += ZONE[i][j];
            }
        }
        int misassigned = 0;
        for (int i = 0; i < ZONE.length; i++) {
            int best = -1;
            double bestDot = -2;
            for (int j = 0; j < kk; j++) {
                double norm = Math.sqrt(c[j][0] * c[j][0] + c[j][1] * c[j][1] + c[j][2] * c[j][2]);
                double dot = (ZONE[i][0] * c[j][0] + ZONE[i][1] * c[j][1] + ZONE[i][2] * c[j][2]) / norm;
                if (dot > bestDot) {
                    bestDot = dot;
                    best = j;
                }
            }
            misassigned += best == labels[i] ? 0 : 1;
        }
        // labels come from the last centroids, the brute force from their members' means:
        // they differ only where a Lloyd step was still moving (tolerance 1e-5)
        assertTrue(misassigned < ZONE.length / 200, misassigned + " pixels not in their nearest cluster");
    }

    @Test
    void clustersAreCompactAndKIsCapped() {
        int[] small = {0, 1, 2, 3, 4};
        int[] labels = SphericalKMeans.cluster(vectors(4, small), 50, 1);
        assertEquals(5, ZoneLabels.count(labels));
        // mean angular radius shrinks as K grows (about 1/sqrt(K))
        assertTrue(meanAngle(SphericalKMeans.cluster(ZONE, 400, 5)) < 0.6 * meanAngle(SphericalKMeans.cluster(ZONE, 100, 5)));
    }

    @Test
    void prefixConsistentInitialisation() {
        int[] a = SphericalKMeans.permutation(1000, 42);
        int[] b = SphericalKMeans.permutation(1000, 42);
        assertArrayEquals(a, b);
        java.util.Arrays.sort(a);
        for (int i = 0; i < a.length; i++) {
            assertEquals(i, a[i]);
        }
    }

    private static double meanAngle(int[] labels) {
        int k = ZoneLabels.count(labels);
        double[][] c = new double[k][3];
        for (int i = 0; i < ZONE.length; i++) {
            for (int j = 0; j < 3; j++) {
                c[labels[i]][j] += ZONE[i][j];
            }
        }
        double sum = 0;
        for (int i = 0; i < ZONE.length; i++) {
            double[] m = c[labels[i]];
            double norm = Math.sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]);
            sum += Math.acos(Math.min(1, (ZONE[i][0] * m[0] + ZONE[i][1] * m[1] + ZONE[i][2] * m[2]) / norm));
        }
        return sum / ZONE.length;
    }
}
