package org.skypatch.sky;

import java.lang.System.Logger.Level;

/**
 * A named sky zone: the sorted, distinct RING pixel indices (at the study's nside) it holds.
 * The clustered fit runs inside one zone at a time.
 */
public record Zone(String name, int[] pixels) {
    private static final System.Logger LOG = System.getLogger(Zone.class.getName());

    public Zone {
        if (pixels.length == 0) {
            throw new IllegalArgumentException("zone " + name + " is empty: choose a larger sky fraction or another mask");
        }
        for (int i = 1; i < pixels.length; i++) {
            if (pixels[i] <= pixels[i - 1]) {
                throw new IllegalArgumentException("zone " + name + " pixels must be sorted and distinct (index " + i + ")");
            }
        }
    }

    public int size() {
        return pixels.length;
    }

    /**
     * The number of clusters a zone can hold: k itself, or the zone's pixel count when k exceeds it
     * (one pixel per cluster is the finest clustering), with a warning in the log.
     */
    public int cappedClusterCount(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("cluster count " + k + " for zone " + name + " must be >= 1");
        }
        if (k > pixels.length) {
            LOG.log(Level.WARNING, "zone {0} has {1} pixels, fewer than the {2} clusters asked: using {1}",
                    name, pixels.length, k);
            return pixels.length;
        }
        return k;
    }
}
