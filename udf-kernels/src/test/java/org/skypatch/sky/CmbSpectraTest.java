package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmbSpectraTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CmbSpectraTest.class.getResource("/sky/" + name).toURI());
    }

    /** The shipped CAMB spectra against the shared Planck 2018 templates, ell 2..300. */
    @Test
    void defaultsMatchPlanck2018Templates() throws Exception {
        CmbSpectra ref = CmbSpectra.readCamb(resource("Cls_Planck2018_lensed_scalar_lmax300.csv"), CmbSpectra.Convention.CL);
        CmbSpectra tens = CmbSpectra.readCamb(resource("Cls_Planck2018_unlensed_scalar_and_tensor_r1_lmax300.csv"),
                CmbSpectra.Convention.CL);
        CmbSpectra lensed = CmbSpectra.lensedScalar();
        assertEquals(1500, lensed.lmax());
        for (int l = 2; l <= 300; l++) {
            assertEquals(1, lensed.tt()[l] / ref.tt()[l], 0.01, "TT at " + l);
            // the reionization bump (ell ~ 12) differs by up to 6% between CAMB versions' reionization models
            assertEquals(1, lensed.ee()[l] / ref.ee()[l], 0.06, "EE at " + l);
            assertEquals(1, lensed.bb()[l] / ref.bb()[l], 0.01, "BB at " + l);
            assertEquals(ref.te()[l], lensed.te()[l], 0.01 * Math.sqrt(ref.tt()[l] * ref.ee()[l]), "TE at " + l);
            assertEquals(1, CmbSpectra.tensorR1().bb()[l] / tens.bb()[l], 0.01, "tensor BB at " + l);
        }
    }

    @Test
    void totalIsLensedPlusRTimesTensor() {
        CmbSpectra t = CmbSpectra.total(0.01);
        for (int l : new int[] {2, 80, 1500}) {
            assertEquals(CmbSpectra.lensedScalar().bb()[l] + 0.01 * CmbSpectra.tensorR1().bb()[l], t.bb()[l], 0);
            assertEquals(CmbSpectra.lensedScalar().te()[l] + 0.01 * CmbSpectra.tensorR1().te()[l], t.te()[l], 0);
        }
        assertArrayEquals(CmbSpectra.lensedScalar().ee(), CmbSpectra.total(0).ee(), 0);
        assertThrows(IllegalArgumentException.class, () -> CmbSpectra.total(-0.1));
    }

    @Test
    void readsBackCambFilesAsClOrDl() throws IOException {
        CmbSpectra s = CmbSpectra.total(0.05).upTo(400);
        StringBuilder cl = new StringBuilder("#    L    TT   EE   BB   TE\n");
        StringBuilder dl = new StringBuilder();
        for (int l = 2; l <= 400; l++) { // CAMB files start at ell 2
            double f = l * (l + 1) / (2 * Math.PI);
            cl.append(String.format(Locale.ROOT, "%d %.17g %.17g %.17g %.17g 1.0%n", l, s.tt()[l], s.ee()[l], s.bb()[l], s.te()[l]));
            dl.append(String.format(Locale.ROOT, "%d,%.17g,%.17g,%.17g,%.17g%n", l,
                    f * s.tt()[l], f * s.ee()[l], f * s.bb()[l], f * s.te()[l]));
        }
        Files.writeString(dir.resolve("cl.dat"), cl);
        Files.writeString(dir.resolve("dl.csv"), dl);
        for (CmbSpectra back : new CmbSpectra[] {CmbSpectra.readCamb(dir.resolve("cl.dat"), CmbSpectra.Convention.DETECT),
            CmbSpectra.readCamb(dir.resolve("dl.csv"), CmbSpectra.Convention.DETECT),
            CmbSpectra.readCamb(dir.resolve("dl.csv"), CmbSpectra.Convention.DL)}) {
            assertEquals(400, back.lmax());
            for (int l = 0; l <= 400; l++) {
                assertEquals(s.tt()[l], back.tt()[l], 1e-13 * s.tt()[l]);
                assertEquals(s.bb()[l], back.bb()[l], 1e-13 * s.bb()[l]);
                assertEquals(s.te()[l], back.te()[l], 1e-13 * Math.abs(s.te()[l]));
            }
        }
    }

    @Test
    void readsHealpyClFits() throws Exception {
        CmbSpectra fits = CmbSpectra.readFits(resource("cl_lensed_lmax300.fits"));
        CmbSpectra csv = CmbSpectra.readCamb(resource("Cls_Planck2018_lensed_scalar_lmax300.csv"), CmbSpectra.Convention.CL);
        assertArrayEquals(csv.tt(), fits.tt(), 0);
        assertArrayEquals(csv.ee(), fits.ee(), 0);
        assertArrayEquals(csv.bb(), fits.bb(), 0);
        assertArrayEquals(csv.te(), fits.te(), 0);
    }

    @Test
    void badFilesGiveClearErrors() throws IOException {
        Files.writeString(dir.resolve("short.dat"), "2 1 2 3\n");
        Files.writeString(dir.resolve("lowl.dat"), "2 1 2 3 4\n3 1 2 3 4\n");
        Files.writeString(dir.resolve("order.dat"), "3 1 2 3 4\n2 1 2 3 4\n");
        assertMessage("need columns ell TT EE BB TE", () -> CmbSpectra.readCamb(dir.resolve("short.dat"), CmbSpectra.Convention.CL));
        assertMessage("give the convention", () -> CmbSpectra.readCamb(dir.resolve("lowl.dat"), CmbSpectra.Convention.DETECT));
        assertMessage("not an integer above", () -> CmbSpectra.readCamb(dir.resolve("order.dat"), CmbSpectra.Convention.CL));
        assertMessage("cannot read", () -> CmbSpectra.readCamb(dir.resolve("none.dat"), CmbSpectra.Convention.CL));
        assertMessage("cannot read C_ell FITS", () -> CmbSpectra.readFits(dir.resolve("short.dat")));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
