package org.skypatch.sky;

import java.nio.file.Files;
import java.nio.file.Path;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.Ordering;

/**
 * Users' FITS inputs instead of a simulated sky: frequency maps, foreground-only maps, the true CMB
 * and truths, in the layout {@link SkyFiles} writes, and Planck-style masks. Every check fails with
 * a one-line message naming the file and the fix.
 */
public final class SkyInputs {
    private SkyInputs() {
    }

    /**
     * Reads a sky from dir: {@code freq_maps_noiseless_<band>.fits} (or, when absent,
     * {@code freq_maps_<band>.fits}) for every band of the instrument are required; foreground maps,
     * CMB (Q, U and T), amplitudes, parameter maps and the foreground intensity are read when present and left
     * null otherwise. Each name may also be gzipped ({@code .fits.gz}).
     */
    public static SimulatedSky read(Path dir, Instrument instrument, ForegroundModel model, int nside) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("sky input directory " + dir + " does not exist");
        }
        String[] bands = instrument.names();
        double[][][] freq = new double[bands.length][][];
        double[][][] fg = new double[bands.length][][];
        boolean allForegrounds = true;
        for (int b = 0; b < bands.length; b++) {
            Path clean = inDir(dir, SkyFiles.noiseless(bands[b]));
            Path file = Files.exists(clean) ? clean : inDir(dir, SkyFiles.noisy(bands[b]));
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no frequency map for band " + bands[b] + " in " + dir + ": expected "
                        + clean.getFileName() + " or " + file.getFileName() + " (one file per instrument band)");
            }
            freq[b] = readQu(file, nside);
            Path fgFile = inDir(dir, SkyFiles.foregrounds(bands[b]));
            fg[b] = Files.exists(fgFile) ? readQu(fgFile, nside) : null;
            allForegrounds &= fg[b] != null;
        }
        double[][] params = new double[3][];
        Path paramFile = inDir(dir, SkyFiles.PARAMS);
        if (Files.exists(paramFile)) {
            HealpixMap m = HealpixFits.readRing(paramFile, nside, "BETA_D", "TEMP_D", "BETA_S");
            for (int i = 0; i < 3; i++) {
                params[i] = checkFinite(m.columns()[i], paramFile, m.names()[i]);
            }
        }
        return new SimulatedSky(nside, instrument, freq, allForegrounds ? fg : null,
                optionalQu(inDir(dir, SkyFiles.CMB), nside), optionalQu(inDir(dir, SkyFiles.dust(model)), nside),
                optionalQu(inDir(dir, SkyFiles.sync(model)), nside), params[0], params[1], params[2], null,
                optionalScalar(inDir(dir, SkyFiles.CMB_T), nside, "T"),
                optionalScalar(inDir(dir, SkyFiles.FOREGROUND_INTENSITY), nside, "I"));
    }

    /** dir/name, or dir/name.gz when only the gzipped file exists. */
    private static Path inDir(Path dir, String name) {
        Path plain = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        return !Files.exists(plain) && Files.exists(gz) ? gz : plain;
    }

    /**
     * Frequency maps given as one file per band, in the instrument's band order: [band][Q, U][pixel], K_CMB.
     */
    public static double[][][] readFrequencyMaps(Path[] files, Instrument instrument, int nside) {
        if (files.length != instrument.bandCount()) {
            throw new IllegalArgumentException(files.length + " frequency map files for an instrument of "
                    + instrument.bandCount() + " bands: give one file per band, in band order");
        }
        double[][][] out = new double[files.length][][];
        for (int b = 0; b < files.length; b++) {
            out[b] = readQu(files[b], nside);
        }
        return out;
    }

    /**
     * The Q and U maps of a FITS file (columns named Q/U or Q_STOKES/U_STOKES, else the last two of an
     * I, Q, U file or the two of a Q, U file), RING at the study's nside, without NaN or UNSEEN.
     */
    public static double[][] readQu(Path file, int nside) {
        HealpixMap m = readMap(file, nside);
        int[] qu = quColumns(m, file);
        return new double[][] {checkFinite(m.columns()[qu[0]], file, m.names()[qu[0]]),
            checkFinite(m.columns()[qu[1]], file, m.names()[qu[1]])};
    }

    /** A map file in RING at the study's nside, failing in one line when it does not exist. */
    public static HealpixMap readMap(Path file, int nside) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("map file " + file + " does not exist");
        }
        return HealpixFits.readRing(file, nside);
    }

    /**
     * The indices of a map's Q and U columns: named Q/U or Q_STOKES/U_STOKES (or healpy's
     * Q_POLARISATION/U_POLARISATION), else the last two of a 3-column (I, Q, U) or the two of a
     * 2-column map.
     */
    public static int[] quColumns(HealpixMap m, Path file) {
        int q = index(m, "Q", "Q_STOKES", "Q_POLARISATION", "Q-POLARISATION");
        int u = index(m, "U", "U_STOKES", "U_POLARISATION", "U-POLARISATION");
        if (q < 0 || u < 0) {
            if (m.columnCount() == 2 || m.columnCount() == 3) {
                q = m.columnCount() - 2;
                u = m.columnCount() - 1;
            } else {
                throw new IllegalArgumentException(file + ": " + m.columnCount() + " columns and none named Q and U: "
                        + "write Q, U (or I, Q, U) maps");
            }
        }
        return new int[] {q, u};
    }

    /**
     * A mask at the study's nside from a FITS file of any nside (a Planck GAL mask column, 0/1 or
     * apodized in [0, 1]; the named column, or the first when null). Values are averaged over each
     * study pixel as floating point, and a study pixel is kept when at least half of it is covered (average
     * >= 0.5), which keeps the mask's sky fraction and keeps nested masks nested; a coarser mask is upgraded
     * by copying each pixel's value to its children. UNSEEN counts as 0.
     */
    public static boolean[] readMask(Path file, String column, int nside) {
        Nside.check(nside);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("mask file " + file + " does not exist");
        }
        HealpixMap m = column == null ? HealpixFits.read(file) : HealpixFits.read(file, column);
        double[] nested = m.withOrdering(Ordering.NESTED).columns()[0];
        for (int p = 0; p < nested.length; p++) {
            double v = nested[p];
            if (Healpix.isUnseen(v)) {
                nested[p] = 0;
            } else if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(file + ": mask value " + v + " at pixel " + p
                        + " is outside [0, 1]: give a 0/1 (or apodized) mask");
            }
        }
        int nsideIn = m.nside();
        double[] out = new double[(int) Nside.npix(nside)];
        if (nsideIn >= nside) {
            int children = (nsideIn / nside) * (nsideIn / nside);
            for (int p = 0; p < out.length; p++) {
                double sum = 0;
                for (int c = 0; c < children; c++) {
                    sum += nested[p * children + c];
                }
                out[p] = sum / children;
            }
        } else {
            int children = (nside / nsideIn) * (nside / nsideIn);
            for (int p = 0; p < out.length; p++) {
                out[p] = nested[p / children];
            }
        }
        double[] ring = Healpix.reorder(out, Ordering.NESTED, Ordering.RING);
        boolean[] mask = new boolean[ring.length];
        int kept = 0;
        for (int p = 0; p < ring.length; p++) {
            mask[p] = ring[p] >= 0.5;
            kept += mask[p] ? 1 : 0;
        }
        if (kept == 0) {
            throw new IllegalArgumentException(file + ": mask keeps no pixel at nside " + nside
                    + " (no study pixel is half covered): check the column or use a finer study nside");
        }
        return mask;
    }

    private static double[][] optionalQu(Path file, int nside) {
        return Files.exists(file) ? readQu(file, nside) : null;
    }

    private static double[] optionalScalar(Path file, int nside, String column) {
        return Files.exists(file) ? checkFinite(HealpixFits.readRing(file, nside, column).columns()[0], file, column) : null;
    }

    private static int index(HealpixMap m, String... names) {
        for (String n : names) {
            int i = m.indexOf(n);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static double[] checkFinite(double[] map, Path file, String column) {
        for (int p = 0; p < map.length; p++) {
            if (!Double.isFinite(map[p]) || Healpix.isUnseen(map[p])) {
                throw new IllegalArgumentException(file + ": column " + column + " has " + map[p] + " at pixel " + p
                        + ": give full-sky maps without NaN or UNSEEN (fill masked pixels)");
            }
        }
        return map;
    }
}
