package org.skypatch.cluster;

import java.util.SplittableRandom;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

/**
 * Spherical K-means of the pixels of a zone: distance is the angle between unit vectors, a
 * centroid is the normalised mean of its members. Lloyd iterations stop when the mean distance
 * changes by less than 1e-5 of itself, or after 100 iterations; an empty cluster keeps its
 * centroid.
 *
 * <p>Initial centroids for a seed are the first K pixels of one seeded permutation of the
 * zone's pixels, so the initialisations of a grid over K are nested (prefix-consistent). The
 * result depends only on the input vectors, K and the seed, never on threads or machines
 * (strict IEEE arithmetic, StrictMath for the angles, ties go to the lower centroid index).
 *
 * <p>The assignment step finds each pixel's nearest centroid through a uniform 3D grid of
 * cells of side h over [-1, 1]^3 holding about two centroids per cell on the sphere: cells are
 * searched in growing cubic shells around the pixel's cell, starting from the pixel's previous
 * centroid, skipping cells whose box is farther than the best candidate, and stopping once the
 * best chord distance is below the distance to the searched cube's faces. Cost per iteration
 * ~ n, not n K.
 */
public final class SphericalKMeans {
    private static final System.Logger LOG = System.getLogger(SphericalKMeans.class.getName());
    static final int MAX_ITERATIONS = 100;
    static final double RELATIVE_TOLERANCE = 1e-5;

    private SphericalKMeans() {
    }

    /**
     * Cluster labels of a zone given by its RING pixels (centres from HEALPix pix2vec).
     *
     * @param nside resolution of the maps
     * @param zoneRingPixels the zone's RING pixel indices, ascending
     */
    public static int[] cluster(int nside, int[] zoneRingPixels, int k, long seed) {
        double[][] v = new double[zoneRingPixels.length][3];
        for (int i = 0; i < v.length; i++) {
            Healpix.pix2vec(nside, Ordering.RING, zoneRingPixels[i], v[i]);
        }
        return cluster(v, k, seed);
    }

    /**
     * Cluster labels of the zone's pixels.
     *
     * @param unitVectors [n][3] pixel centres on the unit sphere, in ascending pixel order
     * @param k requested cluster count; capped at n (logged)
     * @param seed seed of the initial permutation
     * @return labels 0..K'-1 (K' &le; k; fewer only if clusters ended empty), renumbered by first
     *     occurrence in pixel order
     */
    public static int[] cluster(double[][] unitVectors, int k, long seed) {
        int n = unitVectors.length;
        if (k < 1) {
            throw new IllegalArgumentException("K-means cluster count " + k + " must be at least 1");
        }
        if (n == 0) {
            return new int[0];
        }
        if (k > n) {
            LOG.log(System.Logger.Level.INFO, "K-means: K " + k + " capped at the zone's " + n + " pixels");
            k = n;
        }
        double[] px = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double[] v = unitVectors[i];
            if (v.length != 3 || Math.abs(v[0] * v[0] + v[1] * v[1] + v[2] * v[2] - 1) > 1e-9) {
                throw new IllegalArgumentException("K-means input vector " + i + " is not a 3D unit vector");
            }
            px[3 * i] = v[0];
            px[3 * i + 1] = v[1];
            px[3 * i + 2] = v[2];
        }
        int[] order = permutation(n, seed);
        double[] centroids = new double[3 * k];
        for (int c = 0; c < k; c++) {
            System.arraycopy(px, 3 * order[c], centroids, 3 * c, 3);
        }
        int[] labels = new int[n];
        double[] sums = new double[3 * k];
        CentroidGrid grid = new CentroidGrid(k);
        double previous = Double.POSITIVE_INFINITY;
        double[] halfGap = new double[k];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            grid.build(centroids);
            if (it > 0) {
                grid.halfGapsSquared(halfGap);
            }
            double total = 0;
            for (int i = 0; i < n; i++) {
                double x = px[3 * i];
                double y = px[3 * i + 1];
                double z = px[3 * i + 2];
                int best = -1;
                double dot = 0;
                if (it > 0) {
                    // still nearer to its centroid than half that centroid's distance to any other: kept
                    int a = labels[i];
                    dot = x * centroids[3 * a] + y * centroids[3 * a + 1] + z * centroids[3 * a + 2];
                    if ((2 - 2 * dot) * (1 + 1e-9) + 1e-15 < halfGap[a]) {
                        best = a;
                    }
                }
                if (best < 0) {
                    best = grid.nearest(x, y, z, it == 0 ? -1 : labels[i], -1);
                    dot = x * centroids[3 * best] + y * centroids[3 * best + 1] + z * centroids[3 * best + 2];
                }
                labels[i] = best;
                total += StrictMath.acos(Math.min(1.0, Math.max(-1.0, dot)));
            }
            double mean = total / n;
            java.util.Arrays.fill(sums, 0.0);
            for (int i = 0; i < n; i++) {
                int c = labels[i];
                sums[3 * c] += px[3 * i];
                sums[3 * c + 1] += px[3 * i + 1];
                sums[3 * c + 2] += px[3 * i + 2];
            }
            for (int c = 0; c < k; c++) {
                double norm = Math.sqrt(sums[3 * c] * sums[3 * c] + sums[3 * c + 1] * sums[3 * c + 1]
                        + sums[3 * c + 2] * sums[3 * c + 2]);
                if (norm > 0) { // an empty cluster (or antipodal members) keeps its centroid
                    centroids[3 * c] = sums[3 * c] / norm;
                    centroids[3 * c + 1] = sums[3 * c + 1] / norm;
                    centroids[3 * c + 2] = sums[3 * c + 2] / norm;
                }
            }
            if (Math.abs(previous - mean) <= RELATIVE_TOLERANCE * mean) {
                break;
            }
            previous = mean;
        }
        // final assignment to the final centroids
        grid.build(centroids);
        for (int i = 0; i < n; i++) {
            labels[i] = grid.nearest(px[3 * i], px[3 * i + 1], px[3 * i + 2], labels[i], -1);
        }
        return ZoneLabels.renumber(labels);
    }

    /** Fisher-Yates permutation of 0..n-1 from the seed: its prefixes give the nested initialisations. */
    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n - 1; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Centroids bucketed in a uniform grid over [-1, 1]^3 for nearest-centroid queries. */
    static final class CentroidGrid {
        private final int dim;
        private final double cell;
        private final int[] start;
        private final int[] members;
        private final int[] cellOf;
        private double[] centroids;

        CentroidGrid(int k) {
            // about two centroids per occupied cell: the sphere crosses ~ 4 pi / h^2 cells
            double h = Math.sqrt(8 * Math.PI / k);
            dim = Math.max(1, Math.min(256, (int) Math.ceil(2.0 / h)));
            cell = 2.0 / dim;
            start = new int[dim * dim * dim + 1];
            members = new int[k];
            cellOf = new int[k];
        }

        private int coord(double x) {
            return Math.min(dim - 1, Math.max(0, (int) ((x + 1) / cell)));
        }

        void build(double[] c) {
            centroids = c;
            int k = members.length;
            java.util.Arrays.fill(start, 0);
            for (int j = 0; j < k; j++) {
                cellOf[j] = (coord(c[3 * j]) * dim + coord(c[3 * j + 1])) * dim + coord(c[3 * j + 2]);
                start[cellOf[j] + 1]++;
            }
            for (int i = 0; i < dim * dim * dim; i++) {
                start[i + 1] += start[i];
            }
            int[] fill = new int[dim * dim * dim];
            for (int j = 0; j < k; j++) { // ascending j within a cell
                members[start[cellOf[j]] + fill[cellOf[j]]++] = j;
            }
        }

        /**
         * Index of the centroid with the largest dot product (lowest index on ties). The hint (a
         * centroid index, e.g. the pixel's previous label, or -1) only speeds the search up: cells
         * whose box is farther than the best candidate so far are skipped, so the answer is the
         * same whatever the hint. Centroid {@code exclude} (or -1) is never returned; -1 comes
         * back when there is no other centroid.
         */
        int nearest(double x, double y, double z, int hint, int exclude) {
            int cx = coord(x);
            int cy = coord(y);
            int cz = coord(z);
            int best = hint;
            double bestDot = hint < 0 ? Double.NEGATIVE_INFINITY
                    : x * centroids[3 * hint] + y * centroids[3 * hint + 1] + z * centroids[3 * hint + 2];
            for (int r = 0; r < dim; r++) {
                // squared chord to the best so far, slightly enlarged so that rounding never skips a tie
                double bound = best < 0 ? Double.POSITIVE_INFINITY : (2 - 2 * bestDot) * (1 + 1e-9) + 1e-15;
                for (int ix = Math.max(0, cx - r); ix <= Math.min(dim - 1, cx + r); ix++) {
                    boolean edgeX = ix == cx - r || ix == cx + r;
                    double ddx = axisGap(x, ix);
                    for (int iy = Math.max(0, cy - r); iy <= Math.min(dim - 1, cy + r); iy++) {
                        boolean edgeXy = edgeX || iy == cy - r || iy == cy + r;
                        double ddxy = ddx + axisGap(y, iy);
                        if (ddxy > bound) {
                            continue;
                        }
                        for (int iz = Math.max(0, cz - r); iz <= Math.min(dim - 1, cz + r); iz++) {
                            if (!edgeXy && iz != cz - r && iz != cz + r) {
                                continue; // inside the shell: searched at a smaller r
                            }
                            if (ddxy + axisGap(z, iz) > bound) {
                                continue;
                            }
                            int c = (ix * dim + iy) * dim + iz;
                            for (int m = start[c]; m < start[c + 1]; m++) {
                                int j = members[m];
                                if (j == exclude) {
                                    continue;
                                }
                                double dot = x * centroids[3 * j] + y * centroids[3 * j + 1] + z * centroids[3 * j + 2];
                                if (dot > bestDot || (dot == bestDot && j < best)) {
                                    bestDot = dot;
                                    best = j;
                                    bound = (2 - 2 * bestDot) * (1 + 1e-9) + 1e-15;
                                }
                            }
                        }
                    }
                }
                // any centroid outside the searched cube is at least as far as the cube's nearest face
                double reach = Math.min(faceGap(x, cx, r), Math.min(faceGap(y, cy, r), faceGap(z, cz, r)));
                if (best >= 0 && bound < reach * reach) {
                    break;
                }
            }
            return best;
        }

        /**
         * Per centroid, a quarter of the squared chord to its nearest other centroid: a pixel whose
         * squared chord to centroid a is below out[a] has a as its unique nearest centroid.
         */
        void halfGapsSquared(double[] out) {
            for (int a = 0; a < out.length; a++) {
                double x = centroids[3 * a];
                double y = centroids[3 * a + 1];
                double z = centroids[3 * a + 2];
                int b = nearest(x, y, z, -1, a);
                if (b < 0) {
                    out[a] = Double.POSITIVE_INFINITY;
                    continue;
                }
                double dx = x - centroids[3 * b];
                double dy = y - centroids[3 * b + 1];
                double dz = z - centroids[3 * b + 2];
                out[a] = 0.25 * (dx * dx + dy * dy + dz * dz) * (1 - 1e-9);
            }
        }

        /** Distance from v to the faces of the cube of cells c-r..c+r along one axis (infinite past the grid's edge). */
        private double faceGap(double v, int c, int r) {
            double below = c - r <= 0 ? Double.POSITIVE_INFINITY : v - (-1 + (c - r) * cell);
            double above = c + r >= dim - 1 ? Double.POSITIVE_INFINITY : (-1 + (c + r + 1) * cell) - v;
            return Math.min(below, above);
        }

        /** Squared distance along one axis from coordinate v to cell index i's slab (0 inside). */
        private double axisGap(double v, int i) {
            double lo = -1 + i * cell;
            double gap = v < lo ? lo - v : v - (lo + cell);
            return gap > 0 ? gap * gap : 0;
        }
    }
}
