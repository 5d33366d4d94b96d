package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstrumentTest {
    /** sigma_pix_K_CMB_per_QU and pixel_resol_arcmin of the shared compsep fixture (instrument.json, healpy). */
    private static final double[] FIXTURE_SIGMA_K = {6.807624073130239e-07, 6.087202070735912e-07,
        3.876816381571496e-07, 3.069070500099069e-07, 2.195831709318065e-07, 2.0557496532969457e-07,
        1.1934263474007045e-07, 8.332153462035407e-08, 8.714195433002096e-08, 1.0133208468021227e-07,
        1.0642597762643478e-07, 1.9629680317764637e-07, 2.5105615234953846e-07, 3.993248220342297e-07,
        8.632329296366378e-07};
    private static final double FIXTURE_PIXEL_ARCMIN = 54.967782589078496;

    @TempDir
    Path dir;

    @Test
    void liteBirdNoiseMatchesTheFixture() {
        Instrument lb = Instrument.liteBird();
        assertEquals(15, lb.bandCount());
        assertEquals(FIXTURE_PIXEL_ARCMIN, Instrument.pixelSizeArcmin(64), 1e-12 * FIXTURE_PIXEL_ARCMIN);
        double[] sigma = lb.sigmaPerPixel(64);
        double[] sigmaMicro = lb.sigmaPerPixelMicroK(64);
        for (int b = 0; b < 15; b++) {
            assertEquals(FIXTURE_SIGMA_K[b], sigma[b], 1e-12 * FIXTURE_SIGMA_K[b]);
            assertEquals(FIXTURE_SIGMA_K[b] * 1e6, sigmaMicro[b], 1e-12 * sigmaMicro[b]);
        }
        assertEquals("140GHz", lb.names()[8]);
        assertEquals(140.0, lb.frequencies()[8]);
    }

    @Test
    void deltaBandRespondsAtItsFrequency() {
        Instrument lb = Instrument.liteBird();
        assertEquals(Seds.dust(235, 150, 1.5, 19), lb.response(11, nu -> Seds.dust(nu, 150, 1.5, 19)), 0);
    }

    @Test
    void readsCsvWithHeaderCommentsAndBandpass() throws IOException {
        // flat band 90..110 GHz: the average of nu^2 is (110^3 - 90^3) / (3 * 20)
        Files.writeString(dir.resolve("flat.txt"), "# nu weight\n90 1\n100 1\n110 1\n");
        Path csv = dir.resolve("inst.csv");
        Files.writeString(csv, "name,frequency_ghz,depth_uk_arcmin,bandpass\n# a comment\n\nA, 40, 37.5\nB,100,6.5,flat.txt\n");
        Instrument inst = Instrument.readCsv(csv);
        assertArrayEquals(new String[] {"A", "B"}, inst.names());
        assertArrayEquals(new double[] {40, 100}, inst.frequencies());
        assertArrayEquals(new double[] {37.5, 6.5}, inst.depths());
        assertNull(inst.bandpasses()[0]);
        double exact = (Math.pow(110, 3) - Math.pow(90, 3)) / 60;
        // trapezoid on 3 nodes of a parabola: error (b-a)^3/12 * f'' / n^2 with two 10-GHz steps
        double trapezoid = exact + 2 * Math.pow(10, 3) / 12 * 2 / 20;
        assertEquals(trapezoid, inst.response(1, nu -> nu * nu), 1e-9 * exact);
        assertEquals(100, inst.bandpasses()[1].centralFrequency(), 1e-12);
    }

    @Test
    void bandpassIntegratesLinearFunctionsExactly() {
        Bandpass bp = new Bandpass(new double[] {80, 85, 95, 120}, new double[] {0, 1, 2, 0.5});
        // weights and f piecewise linear -> compare with a fine trapezoid of the interpolated product
        double num = 0;
        double den = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            double nu = 80 + (i + 0.5) * 40.0 / n;
            double w = nu < 85 ? (nu - 80) / 5 : nu < 95 ? 1 + (nu - 85) / 10 : 2 - 1.5 * (nu - 95) / 25;
            num += w * 3;
            den += w;
        }
        assertEquals(num / den, bp.average(nu -> 3), 1e-12);
        assertTrue(bp.centralFrequency() > 80 && bp.centralFrequency() < 120);
    }

    @Test
    void malformedFilesGiveOneLineErrors() throws IOException {
        assertMessage("no bands", "name,frequency_ghz,depth\n");
        assertMessage("'abc' is not a number", "A,40,abc\n");
        assertMessage("expected name,frequency_GHz", "A,40\n");
        assertMessage("depth -1.0 uK-arcmin is not positive", "A,40,-1\n");
        assertMessage("blank or repeated", "A,40,1\nA,50,2\n");
        assertMessage("cannot read bandpass file", "A,40,1,missing.txt\n");
        Files.writeString(dir.resolve("bad.txt"), "40 1\n39 1\n");
        assertMessage("must increase strictly", "A,40,1,bad.txt\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Instrument.readCsv(dir.resolve("absent.csv")));
        assertTrue(e.getMessage().contains("absent.csv"), e.getMessage());
    }

    private void assertMessage(String expected, String content) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Instrument.readCsv(csv));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("bad."), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
