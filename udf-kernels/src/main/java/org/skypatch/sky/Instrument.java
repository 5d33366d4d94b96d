package org.skypatch.sky;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.skypatch.sphere.Nside;

/**
 * An imager's bands: names, nominal frequencies (GHz), polarization depths (uK_CMB-arcmin, per Q and
 * per U) and, per band, either a delta bandpass ({@code null}) or a tabulated {@link Bandpass}.
 * No beams: maps are at the pixel resolution.
 */
public record Instrument(String[] names, double[] frequencies, double[] depths, Bandpass[] bandpasses) {

    private static final double[] LITEBIRD_GHZ = {40, 50, 60, 68, 78, 89, 100, 119, 140, 166, 195, 235, 280, 337, 402};
    private static final double[] LITEBIRD_DEPTH_P = {37.42, 33.46, 21.31, 16.87, 12.07, 11.30, 6.56, 4.58, 4.79, 5.57,
        5.85, 10.79, 13.80, 21.95, 47.45};

    public Instrument {
        int n = names.length;
        if (n == 0) {
            throw new IllegalArgumentException("instrument has no bands: give at least one (name, frequency, depth)");
        }
        if (frequencies.length != n || depths.length != n || bandpasses.length != n) {
            throw new IllegalArgumentException("instrument arrays differ in length: " + n + " names, " + frequencies.length
                    + " frequencies, " + depths.length + " depths, " + bandpasses.length + " bandpasses");
        }
        Set<String> seen = new HashSet<>();
        for (int b = 0; b < n; b++) {
            if (names[b] == null || names[b].isBlank() || !seen.add(names[b])) {
                throw new IllegalArgumentException("band " + (b + 1) + " name '" + names[b] + "' is blank or repeated: band names must be unique");
            }
            if (!(frequencies[b] > 0) || !Double.isFinite(frequencies[b])) {
                throw new IllegalArgumentException("band " + names[b] + " frequency " + frequencies[b] + " GHz is not positive");
            }
            if (!(depths[b] > 0) || !Double.isFinite(depths[b])) {
                throw new IllegalArgumentException("band " + names[b] + " depth " + depths[b] + " uK-arcmin is not positive");
            }
        }
        names = names.clone();
        frequencies = frequencies.clone();
        depths = depths.clone();
        bandpasses = bandpasses.clone();
    }

    /** An instrument with delta bandpasses. */
    public Instrument(String[] names, double[] frequencies, double[] depths) {
        this(names, frequencies, depths, new Bandpass[names.length]);
    }

    /** The LiteBIRD-like 15-band imager of the reference paper (delta bandpasses, no beams). */
    public static Instrument liteBird() {
        String[] names = new String[LITEBIRD_GHZ.length];
        for (int b = 0; b < names.length; b++) {
            names[b] = String.format(Locale.ROOT, "%03dGHz", (int) LITEBIRD_GHZ[b]);
        }
        return new Instrument(names, LITEBIRD_GHZ, LITEBIRD_DEPTH_P);
    }

    public int bandCount() {
        return names.length;
    }

    /** Side of a pixel of equal area, sqrt(4 pi / npix), in arcmin (54.97' at nside 64). */
    public static double pixelSizeArcmin(int nside) {
        return Math.toDegrees(Math.sqrt(4 * Math.PI / Nside.npix(Nside.check(nside)))) * 60;
    }

    /** White-noise standard deviation per pixel and per Q or U, K_CMB: depth / pixel size. */
    public double[] sigmaPerPixel(int nside) {
        double[] s = sigmaPerPixelMicroK(nside);
        for (int b = 0; b < s.length; b++) {
            s[b] *= 1e-6;
        }
        return s;
    }

    /** White-noise standard deviation per pixel and per Q or U, uK_CMB. */
    public double[] sigmaPerPixelMicroK(int nside) {
        double pix = pixelSizeArcmin(nside);
        double[] s = new double[depths.length];
        for (int b = 0; b < s.length; b++) {
            s[b] = depths[b] / pix;
        }
        return s;
    }

    /** The response of band b to an SED in K_CMB: its value at the frequency, or its bandpass average. */
    public double response(int band, DoubleUnaryOperator sed) {
        Bandpass bp = bandpasses[band];
        return bp == null ? sed.applyAsDouble(frequencies[band]) : bp.average(sed);
    }

    /**
     * Reads an instrument CSV: one band per line, {@code name,frequency_GHz,depth_uK_arcmin[,bandpass_file]};
     * blank lines and lines starting with '#' are skipped, and so is a first line whose frequency is not a
     * number (a header). A bandpass file (path relative to the CSV) holds rows {@code nu_GHz,weight}
     * (comma or whitespace separated, '#' comments).
     */
    public static Instrument readCsv(Path csv) {
        List<String> lines = readLines(csv, "instrument CSV");
        List<String> names = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        List<Bandpass> bands = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s*,\\s*", -1);
            String where = csv + " line " + (i + 1);
            if (f.length < 3 || f.length > 4) {
                throw new IllegalArgumentException(where + ": expected name,frequency_GHz,depth_uK_arcmin[,bandpass_file], got '" + line + "'");
            }
            if (names.isEmpty() && values.isEmpty() && !isNumber(f[1])) {
                continue; // header
            }
            double nu = parse(f[1], where, "frequency_GHz");
            double depth = parse(f[2], where, "depth_uK_arcmin");
            names.add(f[0]);
            values.add(new double[] {nu, depth});
            bands.add(f.length == 4 && !f[3].isEmpty() ? readBandpass(csv.resolveSibling(f[3]), where) : null);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no bands found; expected lines name,frequency_GHz,depth_uK_arcmin");
        }
        double[] nus = values.stream().mapToDouble(v -> v[0]).toArray();
        double[] deps = values.stream().mapToDouble(v -> v[1]).toArray();
        try {
            return new Instrument(names.toArray(String[]::new), nus, deps, bands.toArray(Bandpass[]::new));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(csv + ": " + e.getMessage(), e);
        }
    }

    private static Bandpass readBandpass(Path file, String where) {
        List<String> lines = readLines(file, "bandpass file named at " + where);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[\\s,]+");
            String at = file + " line " + (i + 1);
            if (f.length != 2) {
                throw new IllegalArgumentException(at + ": expected two columns nu_GHz,weight, got '" + line + "'");
            }
            rows.add(new double[] {parse(f[0], at, "nu_GHz"), parse(f[1], at, "weight")});
        }
        try {
            return new Bandpass(rows.stream().mapToDouble(r -> r[0]).toArray(), rows.stream().mapToDouble(r -> r[1]).toArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(Path file, String what) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + " (" + e.getClass().getSimpleName()
                    + "): check the path", e);
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double parse(String s, String where, String column) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + column + " '" + s + "' is not a number");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Instrument i && Arrays.equals(names, i.names) && Arrays.equals(frequencies, i.frequencies)
                && Arrays.equals(depths, i.depths) && Arrays.equals(bandpasses, i.bandpasses);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names) * 31 + Arrays.hashCode(frequencies) * 17 + Arrays.hashCode(depths);
    }

    @Override
    public String toString() {
        return "Instrument" + Arrays.toString(names);
    }
}
