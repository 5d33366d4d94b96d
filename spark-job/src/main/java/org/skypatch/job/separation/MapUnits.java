package org.skypatch.job.separation;

import java.util.Locale;
import org.skypatch.sky.Seds;

/**
 * Units of a user's frequency maps. The fit works in CMB units (the mixing matrix is in K_CMB), at the
 * maps' own scale: K_RJ maps become K_CMB and uK_RJ maps uK_CMB, band by band with the factor
 * dT_CMB/dT_RJ at the band centre, and every output is in the resulting unit.
 */
public enum MapUnits {
    K_CMB("K_CMB", 1, false),
    UK_CMB("uK_CMB", 1e6, false),
    K_RJ("K_RJ", 1, true),
    UK_RJ("uK_RJ", 1e6, true);

    private final String label;
    private final double perKelvin;
    private final boolean rayleighJeans;

    MapUnits(String label, double perKelvin, boolean rayleighJeans) {
        this.label = label;
        this.perKelvin = perKelvin;
        this.rayleighJeans = rayleighJeans;
    }

    /** Units of a FITS TUNIT card or of --units: K_CMB, uK_CMB, K_RJ, uK_RJ (case-insensitive, 'µK' and 'KCMB' too), else null. */
    public static MapUnits parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toUpperCase(Locale.ROOT).replace("µ", "U").replace("_", "").replace(" ", "");
        return switch (t) {
            case "KCMB" -> K_CMB;
            case "UKCMB" -> UK_CMB;
            case "KRJ" -> K_RJ;
            case "UKRJ" -> UK_RJ;
            default -> null;
        };
    }

    /** The unit the fit and its outputs use: K_CMB or uK_CMB. */
    public MapUnits cmb() {
        return perKelvin == 1 ? K_CMB : UK_CMB;
    }

    /** The factor taking a map in these units at band centre nu (GHz) to {@link #cmb()}. */
    public double toCmb(double nu) {
        return rayleighJeans ? Seds.rjToCmb(nu) : 1;
    }

    /** Kelvin to this scale (1 or 1e6): the noise sigma from depths in K_CMB times this. */
    public double perKelvin() {
        return perKelvin;
    }

    @Override
    public String toString() {
        return label;
    }
}
