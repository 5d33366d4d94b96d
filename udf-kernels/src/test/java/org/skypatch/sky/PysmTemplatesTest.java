package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.fits.MapFormatException;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

class PysmTemplatesTest {
    /** PySM's output frequencies in the test subset (tools/make_pysm_templates.py --test-subset). */
    private static final double[] FREQUENCIES = {30, 100, 353};
    private static final int SUBSET_STEP = 16;
    /** Four float32 ulps: the templates are PySM's float32 maps and the parameters come from them. */
    private static final double FLOAT32_PRECISION = 5e-7;

    @TempDir
    Path dir;

    @Test
    void remixingTheShippedTemplatesReproducesPysmsSixMaps() throws IOException {
        PysmTemplates t = PysmTemplates.shipped();
        assertEquals(64, t.nside());
        float[][][][] pysm = pysmSubset(t.betaDust().length / SUBSET_STEP);
        double worst = 0;
        for (int f = 0; f < FREQUENCIES.length; f++) {
            double[][] dust = t.dustAt(FREQUENCIES[f]);
            double[][] sync = t.syncAt(FREQUENCIES[f]);
            for (int s = 0; s < 3; s++) {
                for (int i = 0; i < pysm[0][f][s].length; i++) {
                    worst = Math.max(worst, relative(dust[s][i * SUBSET_STEP], pysm[0][f][s][i]));
                    worst = Math.max(worst, relative(sync[s][i * SUBSET_STEP], pysm[1][f][s][i]));
                }
            }
        }
        assertTrue(worst < FLOAT32_PRECISION, "worst relative re-mix error " + worst);
        assertTrue(worst > 0, "the test compares something");
    }

    @Test
    void derivedParametersSpanPysmsRanges() {
        PysmTemplates t = PysmTemplates.shipped();
        // the ranges the shared data's README measured on these maps
        assertEquals(1.256, min(t.betaDust()), 1e-3);
        assertEquals(1.794, max(t.betaDust()), 1e-3);
        assertEquals(14.14, min(t.tempDust()), 1e-2);
        assertEquals(30.71, max(t.tempDust()), 1e-2);
        assertEquals(-3.281, min(t.betaSync()), 1e-3);
        assertEquals(-2.739, max(t.betaSync()), 1e-3);
    }

    @Test
    void degradingAveragesChildrenAndUpgradingIsRefused() {
        PysmTemplates t = PysmTemplates.shipped();
        PysmTemplates coarse = t.atNside(16);
        long nested = Healpix.convert(16, 1000, Ordering.RING, Ordering.NESTED);
        double sum = 0;
        for (int c = 0; c < 16; c++) {
            sum += t.tempDust()[(int) Healpix.convert(64, nested * 16 + c, Ordering.NESTED, Ordering.RING)];
        }
        assertEquals(sum / 16, coarse.tempDust()[1000], 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.atNside(128));
        assertTrue(e.getMessage().contains("nside 64"), e.getMessage());
    }

    @Test
    void d0s0KeepsAmplitudesAndFixesParameters() {
        PysmTemplates d0 = PysmTemplates.shipped().withConstantParameters(1.54, 20, -3);
        double[][] at100 = d0.dustAt(100);
        int p = 12345;
        double expected = d0.dust()[1][p] * Seds.dust(100, 353, 1.54, 20) * Seds.rjToCmb(353) / Seds.rjToCmb(100);
        assertEquals(expected, at100[1][p], 1e-12 * Math.abs(expected));
        assertEquals(d0.sync()[2][p] * Math.pow(40.0 / 30, -3), d0.syncAt(40)[2][p], 1e-12);
    }

    @Test
    void aUsersFileIsReadWithItsFrequenciesAndUnitsChecked() {
        PysmTemplates t = PysmTemplates.shipped().atNside(8);
        Path file = dir.resolve("mine.fits");
        HealpixFits.write(file, map(t, "uK_RJ"));
        // no DUST_NU / SYNC_NU keywords: one line naming the fix
        MapFormatException missing = assertThrows(MapFormatException.class, () -> PysmTemplates.read(file));
        assertTrue(missing.getMessage().contains("DUST_NU"), missing.getMessage());
        Path kcmb = dir.resolve("kcmb.fits");
        HealpixFits.write(kcmb, map(t, "K_CMB"));
        MapFormatException units = assertThrows(MapFormatException.class, () -> PysmTemplates.read(kcmb));
        assertTrue(units.getMessage().contains("uK_RJ"), units.getMessage());
    }

    private static HealpixMap map(PysmTemplates t, String unit) {
        String[] units = {unit, unit, unit, "", "K", unit, unit, unit, ""};
        return new HealpixMap(t.nside(), Ordering.RING, "G", PysmTemplates.COLUMNS, units, new double[][] {
            t.dust()[0], t.dust()[1], t.dust()[2], t.betaDust(), t.tempDust(), t.sync()[0], t.sync()[1], t.sync()[2],
            t.betaSync()});
    }

    private static double relative(double remixed, float pysm) {
        return pysm == 0 ? Math.abs(remixed) : Math.abs(remixed / pysm - 1);
    }

    /** [dust, sync][30, 100, 353 GHz][I, Q, U][every 16th pixel], uK_RJ, as PySM wrote them. */
    private static float[][][][] pysmSubset(int n) throws IOException {
        float[][][][] out = new float[2][3][3][n];
        try (InputStream raw = PysmTemplatesTest.class.getResourceAsStream("/pysm/pysm_subset.f4");
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            for (int c = 0; c < 2; c++) {
                for (int f = 0; f < 3; f++) {
                    for (int s = 0; s < 3; s++) {
                        for (int i = 0; i < n; i++) {
                            out[c][f][s][i] = in.readFloat();
                        }
                    }
                }
            }
        }
        return out;
    }

    private static double min(double[] x) {
        return Arrays.stream(x).min().orElseThrow();
    }

    private static double max(double[] x) {
        return Arrays.stream(x).max().orElseThrow();
    }
}
