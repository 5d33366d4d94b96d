package org.skypatch.sky;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.skypatch.harmonics.Alm;
import org.skypatch.harmonics.Sht;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.RingTable;

/**
 * Planck-like Galactic masks and the reference paper's sky zones. A mask GALxxx keeps the xx% of
 * the sky where a foreground score is lowest (as Planck's GalPlane masks, the foregrounds' 353 GHz total
 * intensity smoothed by a 5 degree Gaussian; the smoothed polarized intensity near 353 GHz for skies without
 * intensity; or -|b| for a purely geometric cut), so masks of growing fraction are nested. Zones are the differences of consecutive masks (GAL020, GAL040 - GAL020, ...),
 * optionally split into the Galactic north (b > 0, suffix _U) and south (b <= 0, suffix _L).
 * All maps are full-sky RING in Galactic coordinates.
 */
public final class GalacticZones {
    /** Sky fractions of the paper's masks GAL020, GAL040, GAL060. */
    public static final double[] PAPER_FRACTIONS = {0.2, 0.4, 0.6};

    private GalacticZones() {
    }

    /** Galactic latitude of every pixel's centre, degrees. */
    public static double[] latitudeDegrees(int nside) {
        RingTable rings = RingTable.healpix(nside);
        double[] b = new double[(int) Nside.npix(nside)];
        for (int r = 0; r < rings.ringCount(); r++) {
            double lat = 90 - Math.toDegrees(rings.theta()[r]);
            int first = (int) rings.firstPixel()[r];
            Arrays.fill(b, first, first + rings.pixelCount()[r], lat);
        }
        return b;
    }

    /** The geometric score -|b|: masks by it keep the highest latitudes. */
    public static double[] latitudeScore(int nside) {
        double[] b = latitudeDegrees(nside);
        for (int p = 0; p < b.length; p++) {
            b[p] = -Math.abs(b[p]);
        }
        return b;
    }

    /** FWHM of the smoothing of the 353 GHz intensity that ranks pixels for Planck-like masks, degrees. */
    public static final double PLANCK_MASK_FWHM_DEG = 5;

    /**
     * The score of Planck's Galactic masks: a full-sky intensity map (the foregrounds' total intensity at 353 GHz)
     * smoothed by a Gaussian beam of the given FWHM, in harmonic space (lmax 3 nside - 1, healpy's 3 Jacobi
     * iterations): milliseconds where pixel-space smoothing over a 5 degree disc is slow at high nside.
     */
    public static double[] intensityScore(double[] intensity, double fwhmDeg) {
        if (!(fwhmDeg > 0) || !Double.isFinite(fwhmDeg)) {
            throw new IllegalArgumentException("smoothing FWHM " + fwhmDeg + " deg must be a positive number");
        }
        int nside = Nside.fromNpix(intensity.length);
        int lmax = 3 * nside - 1;
        Alm alm = Sht.map2alm(intensity, lmax);
        double sigma = Math.toRadians(fwhmDeg) / Math.sqrt(8 * Math.log(2));
        double[] beam = new double[lmax + 1];
        for (int l = 0; l <= lmax; l++) {
            beam[l] = Math.exp(-0.5 * l * (l + 1) * sigma * sigma);
        }
        alm.multiplyByL(beam);
        return Sht.alm2map(alm, nside);
    }

    /**
     * The foreground score of Planck-like masks for skies without intensity: sqrt(Q^2 + U^2) of a foreground map (K_CMB, at a reference
     * frequency, typically the band nearest 353 GHz), smoothed by a Gaussian of the given FWHM (degrees).
     */
    public static double[] polarizedIntensityScore(double[] q, double[] u, double fwhmDeg) {
        if (q.length != u.length) {
            throw new IllegalArgumentException("Q has " + q.length + " pixels but U has " + u.length);
        }
        double[] p = new double[q.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.hypot(q[i], u[i]);
        }
        return PixelSmoothing.gaussian(p, fwhmDeg);
    }

    /** The index of the band whose frequency is nearest 353 GHz, Planck's dust-mask frequency. */
    public static int referenceBand(Instrument instrument) {
        int best = 0;
        for (int b = 1; b < instrument.bandCount(); b++) {
            if (Math.abs(instrument.frequencies()[b] - 353) < Math.abs(instrument.frequencies()[best] - 353)) {
                best = b;
            }
        }
        return best;
    }

    /**
     * Nested masks: mask i is true on the round(fraction_i npix) pixels of lowest score (ties broken by
     * pixel index, so the result is deterministic). Fractions must lie in (0, 1].
     */
    public static boolean[][] masks(double[] score, double... fractions) {
        int npix = score.length;
        for (int p = 0; p < npix; p++) {
            if (Double.isNaN(score[p])) {
                throw new IllegalArgumentException("foreground score is NaN at pixel " + p + ": fill or mask the input map first");
            }
        }
        Integer[] order = new Integer[npix];
        for (int p = 0; p < npix; p++) {
            order[p] = p;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer p) -> score[p]).thenComparingInt(p -> p));
        boolean[][] out = new boolean[fractions.length][npix];
        for (int i = 0; i < fractions.length; i++) {
            double f = fractions[i];
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("sky fraction " + f + " must be in (0, 1]");
            }
            long keep = Math.round(f * npix);
            for (int k = 0; k < keep; k++) {
                out[i][order[k]] = true;
            }
        }
        return out;
    }

    /** The name Planck gives a mask of this sky fraction: 0.2 gives GAL020. */
    public static String maskName(double fraction) {
        return String.format(Locale.ROOT, "GAL%03d", Math.round(fraction * 100));
    }

    /**
     * Zones from nested masks (sorted by growing coverage): zone i = mask i minus mask i-1, named
     * names[i], and split into names[i]_U (b > 0) and names[i]_L (b <= 0) when asked.
     */
    public static List<Zone> zones(boolean[][] nestedMasks, String[] names, boolean splitHemispheres) {
        if (nestedMasks.length != names.length) {
            throw new IllegalArgumentException(nestedMasks.length + " masks but " + names.length + " zone names");
        }
        int npix = nestedMasks[0].length;
        int nside = Nside.fromNpix(npix);
        double[] lat = splitHemispheres ? latitudeDegrees(nside) : null;
        List<Zone> zones = new ArrayList<>();
        for (int i = 0; i < nestedMasks.length; i++) {
            boolean[] m = nestedMasks[i];
            if (m.length != npix) {
                throw new IllegalArgumentException("mask " + names[i] + " has " + m.length + " pixels, mask " + names[0]
                        + " has " + npix + ": all masks must share one nside");
            }
            boolean[] inner = i == 0 ? new boolean[npix] : nestedMasks[i - 1];
            int[] north = new int[npix];
            int[] south = new int[npix];
            int nn = 0;
            int ns = 0;
            for (int p = 0; p < npix; p++) {
                if (inner[p] && !m[p]) {
                    throw new IllegalArgumentException("masks are not nested: pixel " + p + " is in " + names[i - 1]
                            + " but not in " + names[i]);
                }
                if (m[p] && !inner[p]) {
                    if (splitHemispheres && !(lat[p] > 0)) {
                        south[ns++] = p;
                    } else {
                        north[nn++] = p;
                    }
                }
            }
            if (splitHemispheres) {
                zones.add(new Zone(names[i] + "_U", Arrays.copyOf(north, nn)));
                zones.add(new Zone(names[i] + "_L", Arrays.copyOf(south, ns)));
            } else {
                zones.add(new Zone(names[i], Arrays.copyOf(north, nn)));
            }
        }
        return zones;
    }

    /** The paper's six zones GAL020_U, GAL020_L, GAL040_U, GAL040_L, GAL060_U, GAL060_L from a score map. */
    public static List<Zone> paperZones(double[] score) {
        String[] names = Arrays.stream(PAPER_FRACTIONS).mapToObj(GalacticZones::maskName).toArray(String[]::new);
        return zones(masks(score, PAPER_FRACTIONS), names, true);
    }

    /** The paper's six zones cut by Galactic latitude alone. */
    public static List<Zone> paperZonesByLatitude(int nside) {
        return paperZones(latitudeScore(nside));
    }

    /** A map holding, in every pixel, the index (from 1) of the zone that holds it, and 0 elsewhere. */
    public static double[] zoneIndexMap(List<Zone> zones, int nside) {
        double[] map = new double[(int) Nside.npix(nside)];
        for (int z = 0; z < zones.size(); z++) {
            for (int p : zones.get(z).pixels()) {
                if (p >= map.length) {
                    throw new IllegalArgumentException("zone " + zones.get(z).name() + " holds pixel " + p
                            + ", beyond the " + map.length + " pixels of nside " + nside);
                }
                map[p] = z + 1;
            }
        }
        return map;
    }
}
