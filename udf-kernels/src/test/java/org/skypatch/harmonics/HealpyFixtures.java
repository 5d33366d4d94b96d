package org.skypatch.harmonics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads the little-endian float64 .npy fixtures under test resources healpy/ (made by tools/make_sht_test_resources.py). */
final class HealpyFixtures {
    private HealpyFixtures() {
    }

    /** All values of a float64 C-order .npy file, flattened. */
    static double[] read(String name) {
        try (InputStream in = HealpyFixtures.class.getResourceAsStream("/healpy/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource healpy/" + name);
            }
            byte[] all = in.readAllBytes();
            ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            int major = all[6];
            int headerLen = major == 1 ? buf.getShort(8) & 0xffff : buf.getInt(8);
            int dataStart = (major == 1 ? 10 : 12) + headerLen;
            String header = new String(all, major == 1 ? 10 : 12, headerLen, StandardCharsets.US_ASCII);
            if (!header.contains("'<f8'") || header.contains("'fortran_order': True")) {
                throw new IllegalStateException("healpy/" + name + " is not a C-order float64 array: " + header);
            }
            double[] out = new double[(all.length - dataStart) / 8];
            buf.position(dataStart);
            buf.asDoubleBuffer().get(out);
            return out;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Row r of a (rows, n) array. */
    static double[] row(double[] flat, int rows, int r) {
        int n = flat.length / rows;
        double[] out = new double[n];
        System.arraycopy(flat, r * n, out, 0, n);
        return out;
    }

    /** The T, E, B (or E, B) alm of a (k, size, 2) real/imag fixture. */
    static Alm[] alms(String name, int k) {
        double[] flat = read(name);
        int size = flat.length / (2 * k);
        int lmax = Alm.lmaxOfSize(size);
        Alm[] out = new Alm[k];
        for (int c = 0; c < k; c++) {
            double[] re = new double[size];
            double[] im = new double[size];
            for (int i = 0; i < size; i++) {
                re[i] = flat[2 * (c * size + i)];
                im[i] = flat[2 * (c * size + i) + 1];
            }
            out[c] = new Alm(lmax, lmax, re, im);
        }
        return out;
    }

    /** ||a - b|| / ||b||. */
    static double relL2(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    /** ||a - b|| / ||b|| over real and imaginary parts. */
    static double relL2(Alm a, Alm b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.re().length; i++) {
            double dr = a.re()[i] - b.re()[i];
            double di = a.im()[i] - b.im()[i];
            num += dr * dr + di * di;
            den += b.re()[i] * b.re()[i] + b.im()[i] * b.im()[i];
        }
        return Math.sqrt(num / den);
    }
}
