package org.skypatch.job.separation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.sky.HitCounts;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.SkyInputs;
import org.skypatch.sphere.Healpix;

/**
 * A user's observed frequency maps, taken as they are (never re-noised), cut to the pixels fitted,
 * with the noise weights of the fit.
 *
 * @param nside the maps' nside
 * @param pixels the RING pixels fitted, ascending: the mask's (or, without one, those observed in every band)
 * @param data [band][Q, U][fitted pixel] in {@link #units}
 * @param sigma per band the nominal noise sigma of Q and of U per pixel, in {@link #units}
 * @param pixelSigma null for uniform noise, else [band][fitted pixel] each pixel's sigma, in {@link #units}
 * @param units K_CMB or uK_CMB
 * @param noise how the noise was set, for the summary
 */
public record ObservedSky(int nside, int[] pixels, double[][][] data, double[] sigma, double[][] pixelSigma,
                          MapUnits units, String noise) {

    /** Where the noise weights come from. */
    public enum Noise { DEPTHS, HITS, VARIANCE }

    /**
     * Reads the maps.
     *
     * @param maps one file per instrument band in band order (Q, U or I, Q, U columns), or one file with a Q
     *     and a U column per band (2 x bands columns, band by band)
     * @param units the maps' units, or null to take them from the files' TUNIT cards
     * @param mask a mask file (any nside, 0/1 or apodized; a pixel is fitted when fully covered), or null
     * @param maskColumn the mask's column, or null for the first
     * @param noise the noise model; HITS and VARIANCE read noiseFiles (one hit map, or one variance map per band)
     */
    public static ObservedSky read(List<Path> maps, Instrument instrument, MapUnits units, Path mask, String maskColumn,
                                   Noise noise, List<Path> noiseFiles) {
        int bands = instrument.bandCount();
        int nside = HealpixFits.info(maps.get(0)).nside();
        List<double[][]> qu = new ArrayList<>();
        List<String> tunits = new ArrayList<>();
        if (maps.size() == 1 && bands > 1) {
            HealpixMap m = SkyInputs.readMap(maps.get(0), nside);
            if (m.columnCount() != 2 * bands) {
                throw new IllegalArgumentException(maps.get(0) + ": " + m.columnCount() + " columns for " + bands
                        + " bands: give one file per band, or one file with a Q and a U column per band");
            }
            for (int b = 0; b < bands; b++) {
                qu.add(new double[][] {m.columns()[2 * b], m.columns()[2 * b + 1]});
                tunits.add(m.units()[2 * b]);
            }
        } else if (maps.size() == bands) {
            for (Path file : maps) {
                HealpixMap m = SkyInputs.readMap(file, nside);
                int[] c = SkyInputs.quColumns(m, file);
                qu.add(new double[][] {m.columns()[c[0]], m.columns()[c[1]]});
                tunits.add(m.units()[c[0]]);
            }
        } else {
            throw new IllegalArgumentException(maps.size() + " map files for an instrument of " + bands
                    + " bands: give one file per band in the instrument's band order, or one file of all bands");
        }
        MapUnits u = units != null ? units : unitsOf(tunits, maps);
        int[] pixels = mask == null ? observed(qu) : maskPixels(SkyInputs.readMask(mask, maskColumn, nside), qu, maps);
        if (pixels.length == 0) {
            throw new IllegalArgumentException(maps.get(0) + ": no pixel is observed in every band: check the maps");
        }
        double[][][] data = new double[bands][2][pixels.length];
        for (int b = 0; b < bands; b++) {
            double factor = u.toCmb(instrument.frequencies()[b]);
            for (int x = 0; x < 2; x++) {
                for (int i = 0; i < pixels.length; i++) {
                    data[b][x][i] = qu.get(b)[x][pixels[i]] * factor;
                }
            }
        }
        double[] sigma = instrument.sigmaPerPixel(nside);
        for (int b = 0; b < bands; b++) {
            sigma[b] *= u.perKelvin();
        }
        double[][] pixelSigma = switch (noise) {
            case DEPTHS -> null;
            case HITS -> hitsSigma(noiseFiles, sigma, pixels, nside);
            case VARIANCE -> varianceSigma(noiseFiles, instrument, u, pixels, nside);
        };
        String described = switch (noise) {
            case DEPTHS -> "instrument depths";
            case HITS -> "instrument depths shaped by hits " + noiseFiles.get(0);
            case VARIANCE -> "variance maps";
        };
        return new ObservedSky(nside, pixels, data, sigma, pixelSigma, u.cmb(), described);
    }

    private static MapUnits unitsOf(List<String> tunits, List<Path> maps) {
        MapUnits first = MapUnits.parse(tunits.get(0));
        for (int b = 0; b < tunits.size(); b++) {
            MapUnits u = MapUnits.parse(tunits.get(b));
            if (u == null || u != first) {
                Path file = maps.get(Math.min(b, maps.size() - 1));
                throw new IllegalArgumentException(file + ": TUNIT is " + (tunits.get(b) == null ? "missing"
                        : "'" + tunits.get(b) + "'") + (u == null ? "" : ", other bands' " + first)
                        + ": give the maps' units with --units K_CMB|uK_CMB|K_RJ|uK_RJ");
            }
        }
        return first;
    }

    /** The pixels where every band's Q and U are finite and not UNSEEN. */
    private static int[] observed(List<double[][]> qu) {
        int npix = qu.get(0)[0].length;
        return java.util.stream.IntStream.range(0, npix).filter(p -> qu.stream()
                .allMatch(m -> seen(m[0][p]) && seen(m[1][p]))).toArray();
    }

    private static int[] maskPixels(boolean[] mask, List<double[][]> qu, List<Path> maps) {
        int[] pixels = java.util.stream.IntStream.range(0, mask.length).filter(p -> mask[p]).toArray();
        for (int b = 0; b < qu.size(); b++) {
            for (int p : pixels) {
                if (!seen(qu.get(b)[0][p]) || !seen(qu.get(b)[1][p])) {
                    throw new IllegalArgumentException(maps.get(Math.min(b, maps.size() - 1)) + ": pixel " + p
                            + " is inside the mask but UNSEEN or NaN in band " + b + ": mask it out");
                }
            }
        }
        return pixels;
    }

    private static boolean seen(double v) {
        return Double.isFinite(v) && !Healpix.isUnseen(v);
    }

    private static double[][] hitsSigma(List<Path> files, double[] sigma, int[] pixels, int nside) {
        if (files.size() != 1) {
            throw new IllegalArgumentException("--hits takes one hit-count map, got " + files.size());
        }
        double[] scale;
        try {
            scale = HitCounts.noiseScale(HealpixFits.readRing(files.get(0), nside).columns()[0], pixels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(files.get(0) + ": " + e.getMessage(), e);
        }
        double[][] out = new double[sigma.length][pixels.length];
        for (int b = 0; b < sigma.length; b++) {
            for (int i = 0; i < pixels.length; i++) {
                out[b][i] = sigma[b] * scale[i];
            }
        }
        return out;
    }

    /** Per band, sqrt of the first column of its variance map (the maps' units squared), converted as the maps are. */
    private static double[][] varianceSigma(List<Path> files, Instrument instrument, MapUnits u, int[] pixels, int nside) {
        if (files.size() != instrument.bandCount()) {
            throw new IllegalArgumentException(files.size() + " variance maps for " + instrument.bandCount()
                    + " bands: give one per band, in band order");
        }
        double[][] out = new double[files.size()][pixels.length];
        for (int b = 0; b < files.size(); b++) {
            double[] variance = SkyInputs.readMap(files.get(b), nside).columns()[0];
            double factor = u.toCmb(instrument.frequencies()[b]);
            for (int i = 0; i < pixels.length; i++) {
                double v = variance[pixels[i]];
                if (!(v > 0) || !Double.isFinite(v)) {
                    throw new IllegalArgumentException(files.get(b) + ": variance " + v + " at fitted pixel " + pixels[i]
                            + ": every fitted pixel needs a positive variance (or mask it out)");
                }
                out[b][i] = Math.sqrt(v) * factor;
            }
        }
        return out;
    }
}
