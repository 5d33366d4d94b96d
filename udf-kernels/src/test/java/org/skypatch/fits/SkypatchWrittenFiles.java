package org.skypatch.fits;

import java.nio.file.Path;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

/**
 * Maps whose values both this test and tools/check_skypatch_fits.py compute from the same formulas, so
 * that healpy can check what skypatch writes. Values are exact binary fractions (k / 1024 scaled by a
 * power of two) so Python and Java get bit-identical numbers without sharing a libm.
 */
final class SkypatchWrittenFiles {
    private SkypatchWrittenFiles() {
    }

    /** value(column c, pixel p) = ((p * 37 + c * 101) mod 2048 - 1024) / 1024 * 2^-10, UNSEEN where p mod 13 == 5. */
    static double value(int c, int p) {
        if (p % 13 == 5) {
            return Healpix.UNSEEN;
        }
        return (((p * 37L + c * 101L) % 2048) - 1024) / 1024.0 / 1024.0;
    }

    static HealpixMap iqu() {
        int nside = 16;
        double[][] cols = new double[3][(int) Healpix.npix(nside)];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < cols[c].length; p++) {
                cols[c][p] = value(c, p);
            }
        }
        return new HealpixMap(nside, Ordering.RING, "G", new String[] {"I", "Q", "U"},
                new String[] {"K_CMB", "K_CMB", "K_CMB"}, cols);
    }

    /** A NESTED nside 4 map (192 pixels: healpy's scalar-column layout) without COORDSYS. */
    static HealpixMap nestedSmall() {
        double[] v = new double[(int) Healpix.npix(4)];
        for (int p = 0; p < v.length; p++) {
            v[p] = p / 8.0;
        }
        return HealpixMap.of(4, Ordering.NESTED, null, new String[] {"NEST_INDEX_OVER_8"}, v);
    }

    /** Cluster labels (p * 7) mod 41 on nside 16, RING. */
    static int[] labels() {
        int[] l = new int[(int) Healpix.npix(16)];
        for (int p = 0; p < l.length; p++) {
            l[p] = (p * 7) % 41;
        }
        return l;
    }

    static Path writeAll(Path dir) {
        HealpixMap iqu = iqu();
        HealpixFits.write(dir.resolve("iqu_float64_nside16.fits"), iqu);
        HealpixFits.write(dir.resolve("iqu_float32_nside16.fits"), iqu, HealpixFits.ColumnType.FLOAT32);
        HealpixFits.writePartial(dir.resolve("iqu_partial_nside16.fits"), iqu, HealpixFits.ColumnType.FLOAT64);
        HealpixFits.write(dir.resolve("nested_nside4.fits"), nestedSmall());
        HealpixFits.writeLabels(dir.resolve("labels_nside16.fits"), 16, Ordering.RING, "G", "CLUSTER", labels());
        return dir;
    }
}
