package org.skypatch.harmonics;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.skypatch.sphere.Nside;

/**
 * HEALPix pixel window functions w_l (dimensionless): the harmonic transfer of averaging a field over a pixel,
 * so that a map's spectrum is C_l w_l^2. The values are HEALPix's own (computed by averaging over sub-pixels,
 * as shipped with healpy), for nside 2..2048 and l = 0..4 nside, packed into resources by
 * tools/make_pixel_windows.py. Same as healpy pixwin(nside, pol, lmax).
 */
public final class PixelWindow {
    public static final int MIN_NSIDE = 2;
    public static final int MAX_NSIDE = 2048;

    private PixelWindow() {
    }

    /** Temperature (spin-0) pixel window, l = 0..lmax (lmax &lt;= 4 nside). */
    public static double[] temperature(int nside, int lmax) {
        return read(nside, lmax, false);
    }

    /** Polarisation (spin-2) pixel window, l = 0..lmax (lmax &lt;= 4 nside); zero at l &lt; 2. */
    public static double[] polarization(int nside, int lmax) {
        return read(nside, lmax, true);
    }

    private static double[] read(int nside, int lmax, boolean pol) {
        Nside.check(nside);
        if (nside < MIN_NSIDE || nside > MAX_NSIDE) {
            throw new IllegalArgumentException("pixel windows are shipped for nside " + MIN_NSIDE + ".." + MAX_NSIDE
                    + ", not " + nside + ": extend tools/make_pixel_windows.py");
        }
        int rows = 4 * nside + 1;
        if (lmax < 0 || lmax >= rows) {
            throw new IllegalArgumentException("pixel window of nside " + nside + " goes up to l=" + (rows - 1)
                    + ", asked for lmax=" + lmax);
        }
        String name = String.format("pixwin_n%04d.f8", nside);
        try (InputStream raw = PixelWindow.class.getResourceAsStream(name)) {
            if (raw == null) {
                throw new IllegalStateException("resource org/skypatch/harmonics/" + name + " missing from the jar");
            }
            DataInputStream in = new DataInputStream(raw);
            if (pol) {
                in.skipNBytes(8L * rows);
            }
            double[] w = new double[lmax + 1];
            for (int l = 0; l <= lmax; l++) {
                w[l] = in.readDouble();
            }
            return w;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read pixel window resource " + name, ex);
        }
    }
}
