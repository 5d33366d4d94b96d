package org.skypatch.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Raw big-endian arrays as numpy's {@code tofile} writes them with dtype '>f8' / '>i4' (the
 * compact compsep sample of tools/make_compsep_test_resources.py, read by tests and benches).
 */
public final class BigEndianArrays {
    private BigEndianArrays() {
    }

    /** Reads a [a][b][c] float64 cube, last index fastest; closes the stream. */
    public static double[][][] doubles(InputStream stream, int a, int b, int c) throws IOException {
        double[][][] out = new double[a][b][c];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16))) {
            for (double[][] plane : out) {
                for (double[] row : plane) {
                    for (int i = 0; i < c; i++) {
                        row[i] = in.readDouble();
                    }
                }
            }
        }
        return out;
    }

    /** Reads all int32 values of the stream; closes it. */
    public static int[] ints(InputStream stream) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16))) {
            byte[] all = in.readAllBytes();
            java.nio.IntBuffer buffer = java.nio.ByteBuffer.wrap(all).asIntBuffer();
            int[] out = new int[buffer.remaining()];
            buffer.get(out);
            return out;
        }
    }
}
