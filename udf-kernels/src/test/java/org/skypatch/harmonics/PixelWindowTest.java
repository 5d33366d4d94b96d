package org.skypatch.harmonics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PixelWindowTest {
    @Test
    void matchesHealpyPixwinAtNside64() {
        double[] ref = HealpyFixtures.read("pixwin_n0064_pol_lmax191.npy");
        assertArrayEquals(HealpyFixtures.row(ref, 2, 0), PixelWindow.temperature(64, 191), 0.0);
        assertArrayEquals(HealpyFixtures.row(ref, 2, 1), PixelWindow.polarization(64, 191), 0.0);
    }

    @Test
    void everyShippedWindowStartsAtOneAndFallsAcrossTheBand() {
        for (int nside = PixelWindow.MIN_NSIDE; nside <= PixelWindow.MAX_NSIDE; nside *= 2) {
            double[] w = PixelWindow.temperature(nside, 4 * nside);
            assertEquals(1.0, w[0], 1e-6, "nside " + nside);
            for (int l = 1; l <= 2 * nside; l++) {
                assertTrue(w[l] < w[l - 1], "nside " + nside + " l=" + l);
            }
            // a pixel of side ~ sqrt(4 pi / Npix) suppresses l ~ nside only mildly
            assertTrue(w[nside] > 0.8 && w[nside] < 1, "nside " + nside + " w_nside " + w[nside]);
        }
    }

    @Test
    void outOfRangeRequestsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PixelWindow.temperature(64, 257));
        assertThrows(IllegalArgumentException.class, () -> PixelWindow.temperature(4096, 10));
    }
}
