package org.skypatch.likelihood;

/** Inverse of a symmetric positive-definite 3x3 matrix, by cofactors. */
final class Sym3 {
    private Sym3() {
    }

    /** Writes the inverse of [[m00 m01 m02][m01 m11 m12][m02 m12 m22]] row-major into out[9]. */
    static void inverse(double m00, double m01, double m02, double m11, double m12, double m22, double[] out) {
        double c00 = m11 * m22 - m12 * m12;
        double c01 = m02 * m12 - m01 * m22;
        double c02 = m01 * m12 - m02 * m11;
        double c11 = m00 * m22 - m02 * m02;
        double c12 = m01 * m02 - m00 * m12;
        double c22 = m00 * m11 - m01 * m01;
        double det = m00 * c00 + m01 * c01 + m02 * c02;
        if (!(det > 0)) {
            throw new ArithmeticException("singular mixing matrix (A^T N^-1 A has determinant " + det
                    + "): components are degenerate at these parameters");
        }
        double r = 1.0 / det;
        out[0] = c00 * r;
        out[1] = c01 * r;
        out[2] = c02 * r;
        out[3] = out[1];
        out[4] = c11 * r;
        out[5] = c12 * r;
        out[6] = out[2];
        out[7] = out[5];
        out[8] = c22 * r;
    }
}
