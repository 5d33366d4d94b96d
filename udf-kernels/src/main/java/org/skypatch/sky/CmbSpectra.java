package org.skypatch.sky;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;

/**
 * CMB angular power spectra C_ell in uK_CMB^2, indexed by ell from 0 (ell 0 and 1 are zero):
 * TT, EE, BB, TE. The shipped defaults are Planck 2018 best-fit CAMB spectra up to ell 1500
 * (tools/make_cmb_spectra.py).
 */
public record CmbSpectra(double[] tt, double[] ee, double[] bb, double[] te) {

    /** How a spectra text file gives its values. */
    public enum Convention {
        /** C_ell. */
        CL,
        /** D_ell = ell (ell + 1) C_ell / 2 pi. */
        DL,
        /** Decide from the shape of TT: D_ell rises from ell 10 to the first peak, C_ell falls. */
        DETECT
    }

    public CmbSpectra {
        int n = tt.length;
        if (ee.length != n || bb.length != n || te.length != n) {
            throw new IllegalArgumentException("CMB spectra TT, EE, BB, TE differ in length: " + n + ", " + ee.length
                    + ", " + bb.length + ", " + te.length);
        }
    }

    /** Highest multipole held. */
    public int lmax() {
        return tt.length - 1;
    }

    /** Lensed scalar spectra, r = 0, Planck 2018 best fit, ell 0..1500. */
    public static CmbSpectra lensedScalar() {
        return Defaults.LENSED;
    }

    /** Tensor-only spectra for r = 1 (n_t = -1/8, no running), Planck 2018 best fit, ell 0..1500. */
    public static CmbSpectra tensorR1() {
        return Defaults.TENSOR;
    }

    /** Lensed scalar plus r times the r = 1 tensor spectra. */
    public static CmbSpectra total(double r) {
        if (!(r >= 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException("tensor-to-scalar ratio r = " + r + " must be a finite number >= 0");
        }
        return lensedScalar().plus(tensorR1(), r);
    }

    /** This plus scale times other, ell by ell, over the common range. */
    public CmbSpectra plus(CmbSpectra other, double scale) {
        int n = Math.min(tt.length, other.tt.length);
        double[][] out = new double[4][n];
        double[][] a = {tt, ee, bb, te};
        double[][] b = {other.tt, other.ee, other.bb, other.te};
        for (int s = 0; s < 4; s++) {
            for (int l = 0; l < n; l++) {
                out[s][l] = a[s][l] + scale * b[s][l];
            }
        }
        return new CmbSpectra(out[0], out[1], out[2], out[3]);
    }

    /** These spectra truncated (or zero-padded) to ell 0..lmax. */
    public CmbSpectra upTo(int lmax) {
        return new CmbSpectra(resize(tt, lmax), resize(ee, lmax), resize(bb, lmax), resize(te, lmax));
    }

    /**
     * Reads a CAMB-style text file: rows {@code ell TT EE BB TE [more columns ignored]}, whitespace or
     * comma separated, '#' comments, in uK^2, as C_ell or D_ell. Missing multipoles (CAMB starts at
     * ell 2) are zero.
     */
    public static CmbSpectra readCamb(Path file, Convention convention) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parseCamb(in, file.toString(), convention);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CMB spectra file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a healpy-style C_ell FITS file (hp.write_cl): a binary table whose first four columns are
     * TT, EE, BB, TE C_ell in uK^2, one row per ell from 0 (or rows of several values each, in order).
     */
    public static CmbSpectra readFits(Path file) {
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            for (BasicHDU<?> hdu : hdus) {
                if (hdu instanceof BinaryTableHDU table) {
                    if (table.getNCols() < 4) {
                        throw new IllegalArgumentException(file + ": C_ell table has " + table.getNCols()
                                + " columns, need TT, EE, BB, TE (write it with hp.write_cl of 4+ spectra)");
                    }
                    double[][] cols = new double[4][];
                    for (int c = 0; c < 4; c++) {
                        cols[c] = flatten(table.getColumn(c));
                    }
                    return new CmbSpectra(cols[0], cols[1], cols[2], cols[3]);
                }
            }
            throw new IllegalArgumentException(file + ": no binary table extension holding C_ell (expected hp.write_cl output)");
        } catch (IOException | FitsException e) {
            throw new IllegalArgumentException("cannot read C_ell FITS file " + file + ": " + e.getMessage(), e);
        }
    }

    private static CmbSpectra parseCamb(BufferedReader in, String name, Convention convention) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int lineNo = 0;
        int lmax = -1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] f = s.split("[\\s,]+");
            if (f.length < 5) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": need columns ell TT EE BB TE, found "
                        + f.length + " values");
            }
            double[] row = new double[5];
            for (int c = 0; c < 5; c++) {
                try {
                    row[c] = Double.parseDouble(f[c]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " line " + lineNo + ": '" + f[c] + "' is not a number");
                }
            }
            if (row[0] < 0 || row[0] != Math.rint(row[0]) || row[0] <= lmax) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": ell " + f[0]
                        + " is not an integer above the previous row's");
            }
            lmax = (int) row[0];
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": no spectra rows (expected ell TT EE BB TE)");
        }
        double[][] cl = new double[4][lmax + 1];
        for (double[] row : rows) {
            for (int c = 0; c < 4; c++) {
                cl[c][(int) row[0]] = row[c + 1];
            }
        }
        if (isDl(cl[0], name, convention)) {
            for (int l = 1; l <= lmax; l++) {
                double f = 2 * Math.PI / (l * (l + 1.0));
                for (int c = 0; c < 4; c++) {
                    cl[c][l] *= f;
                }
            }
        }
        return new CmbSpectra(cl[0], cl[1], cl[2], cl[3]);
    }

    /** D_ell^TT rises ~7x from ell 10 to ell 200; C_ell^TT falls ~50x. */
    private static boolean isDl(double[] tt, String name, Convention convention) {
        if (convention != Convention.DETECT) {
            return convention == Convention.DL;
        }
        if (tt.length <= 200 || !(tt[10] > 0) || !(tt[200] > 0)) {
            throw new IllegalArgumentException(name + ": cannot tell C_ell from D_ell (TT at ell 10 and 200 needed):"
                    + " give the convention (CL or DL) explicitly");
        }
        return tt[200] > tt[10];
    }

    private static double[] flatten(Object column) {
        if (column instanceof double[] d) {
            return d;
        }
        if (column instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        if (column instanceof Object[] rows) {
            List<double[]> parts = new ArrayList<>();
            int n = 0;
            for (Object r : rows) {
                double[] p = flatten(r);
                parts.add(p);
                n += p.length;
            }
            double[] d = new double[n];
            int k = 0;
            for (double[] p : parts) {
                System.arraycopy(p, 0, d, k, p.length);
                k += p.length;
            }
            return d;
        }
        throw new IllegalArgumentException("C_ell column of type " + column.getClass().getSimpleName()
                + " is not floating point");
    }

    private static double[] resize(double[] a, int lmax) {
        double[] out = new double[lmax + 1];
        System.arraycopy(a, 0, out, 0, Math.min(a.length, lmax + 1));
        return out;
    }

    /** The shipped spectra, read once on first use. */
    private static final class Defaults {
        static final CmbSpectra LENSED = resource("cmb_lensed_scalar.csv");
        static final CmbSpectra TENSOR = resource("cmb_tensor_r1.csv");

        private static CmbSpectra resource(String name) {
            try (InputStream s = CmbSpectra.class.getResourceAsStream(name)) {
                if (s == null) {
                    throw new IllegalStateException("resource org/skypatch/sky/" + name + " missing from the jar");
                }
                return parseCamb(new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8)), name, Convention.CL);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
