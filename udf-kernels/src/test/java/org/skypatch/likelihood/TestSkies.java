package org.skypatch.likelihood;

import java.util.Random;

/** Small synthetic skies for likelihood tests. */
final class TestSkies {
    private TestSkies() {
    }

    /**
     * White Gaussian Q/U amplitudes [CMB, dust, synchrotron][stokes][pixel] with these rms values
     * (K_CMB), drawn pixel by pixel, Q then U, CMB then dust then synchrotron.
     */
    static double[][][] amplitudes(Random rnd, int pixels, double cmbRms, double dustRms, double syncRms) {
        double[] rms = {cmbRms, dustRms, syncRms};
        double[][][] a = new double[3][2][pixels];
        for (int p = 0; p < pixels; p++) {
            for (int s = 0; s < 2; s++) {
                for (int c = 0; c < 3; c++) {
                    a[c][s][p] = rms[c] * rnd.nextGaussian();
                }
            }
        }
        return a;
    }
}
