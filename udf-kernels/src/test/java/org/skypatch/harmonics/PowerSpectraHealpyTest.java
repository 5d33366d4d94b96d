package org.skypatch.harmonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** anafast against healpy 1.16 (nside 64): full sky, apodised mask, and a CMB+foreground 140 GHz map. */
class PowerSpectraHealpyTest {
    private static final String[] NAMES = {"TT", "EE", "BB", "TE", "EB", "TB"};

    private static double[][] tqu(String name) {
        double[] flat = HealpyFixtures.read(name);
        return new double[][] {HealpyFixtures.row(flat, 3, 0), HealpyFixtures.row(flat, 3, 1), HealpyFixtures.row(flat, 3, 2)};
    }

    /**
     * Per multipole |mine - healpy| &lt;= 1e-8 |healpy| + 1e-14 max_l |healpy| (the second term covers
     * multipoles such as TT at l = 1 of a band-limited sky drawn with C_1 = 0, which hold only roundoff);
     * returns the largest relative difference over multipoles above 1e-8 of the spectrum's peak.
     */
    private static double compare(double[][] mine, String refName, String label) {
        double[] ref = HealpyFixtures.read(refName);
        double worst = 0;
        for (int s = 0; s < 6; s++) {
            double[] r = HealpyFixtures.row(ref, 6, s);
            assertEquals(r.length, mine[s].length, label + " " + NAMES[s] + " length");
            double peak = 0;
            for (double v : r) {
                peak = Math.max(peak, Math.abs(v));
            }
            for (int l = 0; l < r.length; l++) {
                double diff = Math.abs(mine[s][l] - r[l]);
                assertTrue(diff <= 1e-8 * Math.abs(r[l]) + 1e-14 * peak,
                        label + " " + NAMES[s] + " l=" + l + " mine " + mine[s][l] + " healpy " + r[l]);
                if (Math.abs(r[l]) > 1e-8 * peak) {
                    worst = Math.max(worst, diff / Math.abs(r[l]));
                }
            }
        }
        System.out.printf("%s worst relative C_l difference %.3e%n", label, worst);
        return worst;
    }

    @Test
    void fullSkyAnafastMatchesHealpy() {
        compare(PowerSpectra.anafast(tqu("map_in_tqu.npy"), null, 128, 3), "cl_fullsky_lmax128_iter3.npy", "full sky");
    }

    @Test
    void apodisedMaskAnafastAndAlmMatchHealpy() {
        double[] mask = HealpyFixtures.read("mask_apod.npy");
        double[][] masked = PowerSpectra.applyMask(tqu("map_in_tqu.npy"), mask);
        compare(PowerSpectra.anafast(masked, null, 191, 0), "cl_apod_lmax191_iter0.npy", "apodised iter 0");
        compare(PowerSpectra.anafast(masked, null, 191, 3), "cl_apod_lmax191_iter3.npy", "apodised iter 3");
        Alm[] expected = HealpyFixtures.alms("alm_apod_lmax191_iter3_ri.npy", 3);
        Alm[] mine = Sht.map2alm(masked[0], masked[1], masked[2], 191, 191, 3);
        for (int c = 0; c < 3; c++) {
            double err = HealpyFixtures.relL2(mine[c], expected[c]);
            System.out.printf("apodised map2alm lmax 191 iter 3 component %d relL2 %.3e%n", c, err);
            assertTrue(err < 1e-10, "component " + c + " relL2 " + err);
        }
        double fsky = PowerSpectra.fsky(mask);
        assertEquals(0.5579237792462305, fsky, 1e-12, "healpy's mean(mask_apod^2) from the manifest");
        double[][] corrected = PowerSpectra.maskedPseudoSpectra(tqu("map_in_tqu.npy"), null, mask, 191, 3);
        double[] ref = HealpyFixtures.read("cl_apod_lmax191_iter3.npy");
        assertEquals(ref[PowerSpectra.BB * 192 + 50] / fsky, corrected[PowerSpectra.BB][50], 1e-9 * corrected[PowerSpectra.BB][50]);
    }

    @Test
    void bbFromTheSpin2TransformAloneMatchesHealpy() {
        double[][] masked = PowerSpectra.applyMask(tqu("map_in_tqu.npy"), HealpyFixtures.read("mask_apod.npy"));
        for (int iter : new int[] {0, 3}) {
            double[] ref = HealpyFixtures.row(HealpyFixtures.read("cl_apod_lmax191_iter" + iter + ".npy"), 6, PowerSpectra.BB);
            double[] bb = PowerSpectra.bb(masked[1], masked[2], 191, iter);
            assertEquals(ref.length, bb.length);
            for (int l = 2; l < ref.length; l++) {
                assertEquals(ref[l], bb[l], 1e-8 * Math.abs(ref[l]), "iter " + iter + " l=" + l);
            }
        }
    }

    @Test
    void foregroundMapWithUnseenPixelsMatchesHealpy() {
        double[] qu = HealpyFixtures.read("map_140GHz_qu.npy");
        double[] mask = HealpyFixtures.read("mask_apod.npy");
        int npix = mask.length;
        double[][] maps = {new double[npix], HealpyFixtures.row(qu, 2, 0), HealpyFixtures.row(qu, 2, 1)};
        double[][] masked = PowerSpectra.applyMask(maps, mask);
        for (int p = 0; p < npix; p++) { // healpy treats UNSEEN as 0: marking zero-weight pixels must not change anything
            if (mask[p] == 0) {
                masked[1][p] = Sht.UNSEEN;
            }
        }
        compare(PowerSpectra.anafast(masked, null, 191, 3), "cl_140GHz_apod_lmax191_iter3.npy", "140 GHz apodised");
    }
}
