package org.skypatch.job.separation;

import java.nio.file.Path;
import java.util.List;
import org.skypatch.cluster.MultiResolutionPatches;
import org.skypatch.cluster.SphericalKMeans;
import org.skypatch.cluster.ZoneLabels;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixFileInfo;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

/**
 * The clusters of the three parameters over the fitted pixels: the engine's labels 0..K-1 and, per
 * label, the id it has for the user (a label map's own id, the patch's parent pixel at its nside, the
 * K-means cluster's number).
 *
 * @param labels [beta_d, T_d, beta_s][fitted pixel] labels 0..K-1
 * @param ids [parameter][label] the user's id of each cluster
 * @param description how they were made, for the summary
 */
public record ClusterMaps(int[][] labels, long[][] ids, String description) {
    /** The parameters' names, as --fix and the outputs spell them. */
    public static final String[] PARAMETERS = {"beta_d", "temp_d", "beta_s"};

    /** One cluster for every parameter. */
    public static ClusterMaps single(int[] pixels) {
        int[] zero = new int[pixels.length];
        long[] id = {0};
        return new ClusterMaps(new int[][] {zero, zero, zero}, new long[][] {id, id, id}, "single patch");
    }

    /** Spherical K-means of the fitted pixels into these counts (the seed as a study's clusteringSeed). */
    public static ClusterMaps kmeans(int[] counts, long seed, int nside, int[] pixels) {
        check(counts, "--kmeans");
        int[][] labels = new int[3][];
        long[][] ids = new long[3][];
        for (int j = 0; j < 3; j++) {
            if (counts[j] < 1 || counts[j] > pixels.length) {
                throw new IllegalArgumentException("--kmeans " + PARAMETERS[j] + " count " + counts[j] + ": give 1 to "
                        + pixels.length + " (the pixels fitted)");
            }
            labels[j] = SphericalKMeans.cluster(nside, pixels, counts[j], seed);
            ids[j] = java.util.stream.LongStream.range(0, ZoneLabels.count(labels[j])).toArray();
        }
        return new ClusterMaps(labels, ids, "K-means " + counts[0] + "/" + counts[1] + "/" + counts[2] + " (seed " + seed + ")");
    }

    /** Patches of these nsides (0: one patch), each cluster's id the RING pixel of its patch at that nside. */
    public static ClusterMaps multires(int[] nsides, int nside, int[] pixels) {
        check(nsides, "--multires");
        int[][] labels = new int[3][];
        long[][] ids = new long[3][];
        for (int j = 0; j < 3; j++) {
            labels[j] = MultiResolutionPatches.labels(nside, pixels, nsides[j]);
            long[] parent = new long[pixels.length];
            for (int i = 0; nsides[j] > 0 && i < pixels.length; i++) {
                parent[i] = Healpix.parent(nside, Ordering.RING, pixels[i], nsides[j]);
            }
            ids[j] = ZoneLabels.ids(parent, labels[j]);
        }
        return new ClusterMaps(labels, ids, "multi-resolution patches " + nsides[0] + "/" + nsides[1] + "/" + nsides[2]);
    }

    /**
     * Label maps at the maps' nside: one file per parameter (beta_d, T_d, beta_s), or one file with a
     * column per parameter (named BETA_D, TEMP_D, BETA_S, else the first three), or one file of one column
     * for all three. Any integer ids; UNSEEN (or -1) outside; every fitted pixel needs a label.
     */
    public static ClusterMaps fromFiles(List<Path> files, int nside, int[] pixels) {
        Path[] file = new Path[3];
        String[] column = new String[3];
        if (files.size() == 3) {
            for (int j = 0; j < 3; j++) {
                file[j] = files.get(j);
            }
        } else if (files.size() == 1) {
            HealpixFileInfo info = HealpixFits.info(files.get(0));
            boolean named = info.columns().stream().anyMatch(c -> c.equalsIgnoreCase("BETA_D"));
            for (int j = 0; j < 3; j++) {
                file[j] = files.get(0);
                column[j] = info.columns().size() == 1 ? null : named ? PARAMETERS[j].toUpperCase(java.util.Locale.ROOT)
                        : info.columns().get(Math.min(j, info.columns().size() - 1));
            }
            if (info.columns().size() == 2) {
                throw new IllegalArgumentException(files.get(0) + ": 2 label columns: give one column (all three"
                        + " parameters) or three (beta_d, T_d, beta_s)");
            }
        } else {
            throw new IllegalArgumentException(files.size() + " label files: give one (one or three columns) or three"
                    + " (beta_d, T_d, beta_s)");
        }
        int[][] labels = new int[3][];
        long[][] ids = new long[3][];
        for (int j = 0; j < 3; j++) {
            int[] sky = HealpixFits.readLabels(file[j], nside, column[j]);
            long[] raw = new long[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                raw[i] = sky[pixels[i]];
                if (raw[i] == HealpixFits.NO_LABEL) {
                    throw new IllegalArgumentException(file[j] + ": fitted pixel " + pixels[i] + " has no " + PARAMETERS[j]
                            + " label (UNSEEN or -1): label every pixel of the mask, or mask it out");
                }
            }
            labels[j] = ZoneLabels.renumber(raw);
            ids[j] = ZoneLabels.ids(raw, labels[j]);
        }
        return new ClusterMaps(labels, ids, "label maps " + files);
    }

    private static void check(int[] values, String option) {
        if (values.length != 3) {
            throw new IllegalArgumentException(option + " needs three values (beta_d, T_d, beta_s), got " + values.length);
        }
    }
}
