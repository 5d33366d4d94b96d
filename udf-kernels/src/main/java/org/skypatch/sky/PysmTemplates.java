package org.skypatch.sky;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.fits.MapFormatException;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.Ordering;

/**
 * PySM-style foreground templates, the paper's d1s1 sky: dust I, Q, U at {@code dustNu} and synchrotron I, Q, U at
 * {@code syncNu} (uK_RJ), with per-pixel dust beta_d and T_d (a modified black body) and synchrotron beta_s (a power
 * law in RJ units). The project ships PySM 2's own d1 and s1 at nside 64 ({@link #shipped}, made by
 * tools/make_pysm_templates.py from PySM's maps at 30, 100 and 353 GHz, which it re-mixes to float32 precision);
 * {@link #read} takes a user's file of the same columns at any nside. Full-sky RING maps, Galactic coordinates.
 *
 * @param nside    HEALPix resolution
 * @param dustNu   reference frequency of the dust maps, GHz
 * @param syncNu   reference frequency of the synchrotron maps, GHz
 * @param dust     [I, Q, U][pixel] dust at dustNu, uK_RJ
 * @param betaDust [pixel] dust spectral index
 * @param tempDust [pixel] dust temperature, K
 * @param sync     [I, Q, U][pixel] synchrotron at syncNu, uK_RJ
 * @param betaSync [pixel] synchrotron spectral index (RJ power law)
 */
public record PysmTemplates(int nside, double dustNu, double syncNu, double[][] dust, double[] betaDust,
                            double[] tempDust, double[][] sync, double[] betaSync) {
    /** The resolution of the shipped d1s1 templates. */
    public static final int SHIPPED_NSIDE = 64;
    /** The columns of a template file, in this order. */
    public static final String[] COLUMNS = {"DUST_I", "DUST_Q", "DUST_U", "BETA_D", "TEMP_D", "SYNC_I", "SYNC_Q",
        "SYNC_U", "BETA_S"};
    /** Planck made its Galactic masks from 353 GHz intensity. */
    public static final double MASK_FREQUENCY_GHZ = 353;
    private static final String RESOURCE = "/org/skypatch/sky/pysm_d1s1_nside64.fits";
    private static final String UNIT = "uK_RJ";

    public PysmTemplates {
        Nside.check(nside);
        int npix = (int) Nside.npix(nside);
        for (double[] m : new double[][] {dust[0], dust[1], dust[2], betaDust, tempDust, sync[0], sync[1], sync[2],
            betaSync}) {
            if (m.length != npix) {
                throw new IllegalArgumentException("a template map has " + m.length + " pixels, nside " + nside
                        + " has " + npix);
            }
        }
        for (int p = 0; p < npix; p++) {
            if (!(tempDust[p] > 0) || !Double.isFinite(betaDust[p]) || !Double.isFinite(betaSync[p])) {
                throw new IllegalArgumentException("template pixel " + p + " has beta_d " + betaDust[p] + ", T_d "
                        + tempDust[p] + " K, beta_s " + betaSync[p] + ": give finite indices and T_d > 0");
            }
        }
    }

    /** PySM 2's d1 and s1 at nside 64 (dust at 353 GHz, synchrotron at 30 GHz), shipped in the jar. */
    public static PysmTemplates shipped() {
        return Shipped.D1S1;
    }

    /**
     * A user's templates: a HEALPix FITS file with the columns {@link #COLUMNS} (amplitudes in uK_RJ) and the
     * header keywords DUST_NU and SYNC_NU (GHz), at any nside, RING or NESTED.
     */
    public static PysmTemplates read(Path file) {
        HealpixMap m = HealpixFits.read(file, COLUMNS).withOrdering(Ordering.RING);
        for (int c : new int[] {0, 1, 2, 5, 6, 7}) {
            String unit = m.units()[c];
            if (unit == null || !unit.equalsIgnoreCase(UNIT)) {
                throw new MapFormatException(file + ": column " + COLUMNS[c] + " is in '" + unit + "', templates are "
                        + "in " + UNIT + " (PySM's unit): convert the maps or write them with tools/make_pysm_templates.py");
            }
        }
        double[][] x = m.columns();
        return new PysmTemplates(m.nside(), frequency(file, "DUST_NU"), frequency(file, "SYNC_NU"),
                new double[][] {x[0], x[1], x[2]}, x[3], x[4], new double[][] {x[5], x[6], x[7]}, x[8]);
    }

    /**
     * The templates at a study's nside: amplitudes and parameters averaged over each coarser pixel (healpy's
     * ud_grade). A finer nside is refused, since copying pixels would invent no structure and hide the mistake.
     */
    public PysmTemplates atNside(int target) {
        Nside.check(target);
        if (target > nside) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the foreground templates are nside %d, "
                    + "coarser than the sky's nside %d", nside, target));
        }
        if (target == nside) {
            return this;
        }
        HealpixMap grade = new HealpixMap(nside, Ordering.RING, "G", COLUMNS, new String[COLUMNS.length],
                new double[][] {dust[0], dust[1], dust[2], betaDust, tempDust, sync[0], sync[1], sync[2], betaSync})
                .udGrade(target, false);
        double[][] x = grade.columns();
        return new PysmTemplates(target, dustNu, syncNu, new double[][] {x[0], x[1], x[2]}, x[3], x[4],
                new double[][] {x[5], x[6], x[7]}, x[8]);
    }

    /** The same amplitudes with constant spectral parameters everywhere: PySM's d0s0 with (1.54, 20 K, -3). */
    public PysmTemplates withConstantParameters(double betaD, double tempD, double betaS) {
        int npix = betaDust.length;
        return new PysmTemplates(nside, dustNu, syncNu, dust, filled(npix, betaD), filled(npix, tempD), sync,
                filled(npix, betaS));
    }

    /** Dust I, Q, U at nu, uK_RJ: each pixel's modified black body scaled from dustNu. */
    public double[][] dustAt(double nu) {
        double[][] out = new double[3][dust[0].length];
        for (int p = 0; p < out[0].length; p++) {
            // Seds.dust is the ratio in K_CMB; back to RJ
            double f = Seds.dust(nu, dustNu, betaDust[p], tempDust[p]) * Seds.rjToCmb(dustNu) / Seds.rjToCmb(nu);
            for (int s = 0; s < 3; s++) {
                out[s][p] = f * dust[s][p];
            }
        }
        return out;
    }

    /** Synchrotron I, Q, U at nu, uK_RJ: each pixel's power law scaled from syncNu. */
    public double[][] syncAt(double nu) {
        double[][] out = new double[3][sync[0].length];
        for (int p = 0; p < out[0].length; p++) {
            double f = Math.pow(nu / syncNu, betaSync[p]);
            for (int s = 0; s < 3; s++) {
                out[s][p] = f * sync[s][p];
            }
        }
        return out;
    }

    /** Total intensity of dust plus synchrotron at nu, uK_RJ: what Planck's Galactic masks rank at 353 GHz. */
    public double[] intensity(double nu) {
        double[] i = dustAt(nu)[0];
        double[] s = syncAt(nu)[0];
        for (int p = 0; p < i.length; p++) {
            i[p] += s[p];
        }
        return i;
    }

    /** Q, U of uK_RJ maps at nu in K_CMB. */
    public static double[][] polarizationKcmb(double[][] iquMicroKRj, double nu) {
        double f = 1e-6 * Seds.rjToCmb(nu);
        double[][] out = new double[2][iquMicroKRj[1].length];
        for (int p = 0; p < out[0].length; p++) {
            out[0][p] = f * iquMicroKRj[1][p];
            out[1][p] = f * iquMicroKRj[2][p];
        }
        return out;
    }

    private static double frequency(Path file, String key) {
        Double nu = HealpixFits.numericKeyword(file, key);
        if (nu == null || !(nu > 0) || !Double.isFinite(nu)) {
            throw new MapFormatException(file + ": header keyword " + key + " (the reference frequency in GHz) is "
                    + (nu == null ? "missing" : nu) + ": add it (tools/make_pysm_templates.py writes it)");
        }
        return nu;
    }

    private static double[] filled(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }

    /** Read once per JVM, from a temporary copy: the FITS reader takes files and the jar is not one. */
    private static final class Shipped {
        static final PysmTemplates D1S1 = load();

        private static PysmTemplates load() {
            try (InputStream in = PysmTemplates.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
                }
                Path tmp = Files.createTempFile("skypatch-d1s1", ".fits");
                try {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    return read(tmp);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the shipped d1s1 templates", e);
            }
        }
    }
}
