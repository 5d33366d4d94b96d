package org.skypatch.job.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.skypatch.job.study.ConfigException;
import org.skypatch.sky.SimulatedSky;
import org.skypatch.sky.Zone;
import org.skypatch.sphere.Healpix;

/**
 * Pixels without data in a sky read from FITS files (healpy's UNSEEN, which partial and masked maps hold, or a
 * value that is not finite, in any frequency, foreground or CMB map): left out of every zone, with one warning
 * that counts them, so that they are never fitted as data. A zone that would lose more than
 * {@code sky.fits.maxUnseenFraction} of its pixels stops the study with one line instead.
 */
final class UnseenPixels {
    private static final Logger LOG = LogManager.getLogger(UnseenPixels.class);

    private UnseenPixels() {
    }

    static List<Zone> leftOut(SimulatedSky sky, List<Zone> zones, double maxFraction) {
        boolean[] unseen = mask(sky);
        long total = IntStream.range(0, unseen.length).filter(p -> unseen[p]).count();
        if (total == 0) {
            return zones;
        }
        List<Zone> out = new ArrayList<>();
        List<String> losses = new ArrayList<>();
        for (Zone z : zones) {
            int[] kept = IntStream.of(z.pixels()).filter(p -> !unseen[p]).toArray();
            int lost = z.size() - kept.length;
            if (lost > maxFraction * z.size()) {
                throw new ConfigException("sky.fits.maxUnseenFraction", String.format(Locale.ROOT,
                        "zone %s would lose %d of its %d pixels (%.1f%%) to UNSEEN pixels of the FITS maps, more than "
                        + "%s: give maps that cover the zone, or raise sky.fits.maxUnseenFraction", z.name(), lost,
                        z.size(), 100.0 * lost / z.size(), maxFraction));
            }
            out.add(lost == 0 ? z : new Zone(z.name(), kept));
            losses.add(z.name() + " " + lost + " of " + z.size());
        }
        LOG.warn("{} pixels are UNSEEN (or not finite) in the FITS maps: left out of every zone ({})", total,
                String.join(", ", losses));
        return out;
    }

    private static boolean[] mask(SimulatedSky sky) {
        boolean[] unseen = new boolean[sky.cmb()[0].length];
        for (double[][][] maps : new double[][][][] {sky.frequencyMaps(), sky.foregroundMaps(), {sky.cmb()}}) {
            for (double[][] stokes : maps) {
                for (double[] map : stokes) {
                    for (int p = 0; p < map.length; p++) {
                        unseen[p] |= Healpix.isUnseen(map[p]);
                    }
                }
            }
        }
        return unseen;
    }
}
