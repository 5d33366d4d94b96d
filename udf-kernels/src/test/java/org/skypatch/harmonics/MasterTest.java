package org.skypatch.harmonics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.skypatch.sphere.RingTable;

class MasterTest {

    @Test
    void wigner3jSquaresMatchSympy() {
        // sympy.physics.wigner.wigner_3j(l1, l2, l3, m1, m2, m3)**2
        double[][] cases = {
            {2, 2, 4, 2, 0.0015873015873015873}, {3, 5, 4, 2, 0.003885003885003885},
            {3, 5, 3, 2, 0.030303030303030307}, {10, 7, 12, 2, 4.469729359606402e-05},
            {10, 7, 11, 2, 0.0036258444565127135}, {4, 6, 6, 0, 0.011517893870835048}};
        double[] out = new double[64];
        for (double[] c : cases) {
            Wigner3j.squares((int) c[0], (int) c[1], (int) c[3], out);
            assertEquals(c[4], out[(int) c[2]], 1e-14, Arrays.toString(c));
        }
        double[] big = new double[601];
        Wigner3j.squares(300, 300, 2, big);
        assertEquals(1.0 / 601, big[0], 1e-15, "(l l 0; 2 -2 0)^2 = 1/(2l+1)");
    }

    @Test
    void fullSkyMaskCouplesNothing() {
        // HEALPix quadrature gives a constant map small spurious a_l0 (l even), so M is the identity to ~1e-5
        double[] ones = new double[12 * 16 * 16];
        Arrays.fill(ones, 1);
        Master master = Master.forMask(ones, 20);
        double[] cl = new double[21];
        for (int l = 0; l <= 20; l++) {
            cl[l] = 1.0 / (l + 1);
        }
        double[] coupled = master.coupleTT(cl);
        for (int l = 0; l <= 20; l++) {
            assertEquals(cl[l], coupled[l], 1e-4 * cl[l]);
        }
        double[][] eb = master.decoupleEEBB(cl, cl);
        for (int l = 2; l <= 20; l++) {
            assertEquals(cl[l], eb[0][l], 1e-4 * cl[l]);
            assertEquals(cl[l], eb[1][l], 1e-4 * cl[l]);
        }
    }

    /** Galactic-like cut |z| &lt; sin 20 deg removed, cosine apodisation over 15 degrees. */
    private static double[] apodisedMask(int nside) {
        RingTable rings = RingTable.healpix(nside);
        double[] mask = new double[12 * nside * nside];
        for (int r = 0; r < rings.ringCount(); r++) {
            double b = Math.toDegrees(Math.asin(Math.abs(rings.cosTheta()[r])));
            double t = Math.min(1, Math.max(0, (b - 20) / 15));
            double w = 0.5 * (1 - Math.cos(Math.PI * t));
            for (int j = 0; j < rings.pixelCount()[r]; j++) {
                mask[(int) rings.firstPixel()[r] + j] = w;
            }
        }
        return mask;
    }

    @Test
    void masterRemovesMaskBiasAndEtoBLeakageOnSimulations() {
        int nside = 32;
        int lmax = 3 * nside - 1;
        double[][] cls = new double[4][lmax + 1];
        for (int l = 2; l <= lmax; l++) {
            cls[0][l] = 1000.0 / (l * (l + 1.0));
            cls[1][l] = 10.0 / (l * (l + 1.0));
            cls[2][l] = 0.01 * cls[1][l]; // BB a hundred times below EE: leakage dominates a naive estimate
        }
        double[] mask = apodisedMask(nside);
        Master master = Master.forMask(mask, lmax);
        double fsky = PowerSpectra.fsky(mask);
        int seeds = 200; // MASTER removes the E->B leakage bias, not its variance: BB needs many seeds
        int lo = 10;
        int hi = 50;
        double[] trueBand = new double[3];
        for (int k = 0; k < 3; k++) {
            for (int l = lo; l <= hi; l++) {
                trueBand[k] += cls[k][l];
            }
        }
        // per seed, the band sum of each estimate over the band sum of the input
        double[][] master1 = new double[3][seeds];
        double[][] naive = new double[3][seeds];
        for (int s = 0; s < seeds; s++) {
            double[][] maps = GaussianSky.synfast(cls, nside, lmax, 500 + s);
            double[][] pseudo = PowerSpectra.anafast(PowerSpectra.applyMask(maps, mask), null, lmax, 3);
            double[][] est = {master.decoupleTT(pseudo[PowerSpectra.TT]), null, null};
            double[][] eb = master.decoupleEEBB(pseudo[PowerSpectra.EE], pseudo[PowerSpectra.BB]);
            est[1] = eb[0];
            est[2] = eb[1];
            for (int k = 0; k < 3; k++) {
                for (int l = lo; l <= hi; l++) {
                    master1[k][s] += est[k][l] / trueBand[k];
                    naive[k][s] += pseudo[k][l] / fsky / trueBand[k];
                }
            }
        }
        String[] names = {"TT", "EE", "BB"};
        double[] naiveMean = new double[3];
        for (int k = 0; k < 3; k++) {
            double mean = Arrays.stream(master1[k]).average().orElseThrow();
            double var = Arrays.stream(master1[k]).map(v -> (v - mean) * (v - mean)).sum() / (seeds - 1);
            double stderr = Math.sqrt(var / seeds);
            naiveMean[k] = Arrays.stream(naive[k]).average().orElseThrow();
            System.out.printf("%s l=%d..%d over %d seeds: MASTER/true %.4f +- %.4f, (pseudo/fsky)/true %.4f%n",
                    names[k], lo, hi, seeds, mean, stderr, naiveMean[k]);
            assertEquals(1, mean, 4 * stderr + 0.01, names[k] + " MASTER mean / input");
        }
        assertTrue(naiveMean[2] > 1.3, "E->B leakage should bias the naive BB estimate");
    }
}
