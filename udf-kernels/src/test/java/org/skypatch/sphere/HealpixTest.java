package org.skypatch.sphere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pixel geometry against healpy 1.20.1 (tools/make_healpix_reference.py). */
class HealpixTest {
    /** Angles and unit-vector components: healpy agrees to rounding, 1e-12 leaves room for libm differences. */
    private static final double TOL = 1e-12;

    @Test
    void pixelCentresMatchHealpyInBothOrderings() {
        ReferenceCsv ref = ReferenceCsv.load("/healpix/pixels.csv");
        double[] ang = new double[2];
        double[] vec = new double[3];
        for (int i = 0; i < ref.size(); i++) {
            int nside = (int) ref.integer(i, "nside");
            long pix = ref.integer(i, "pix");
            String where = "nside " + nside + " pix " + pix;
            Healpix.pix2ang(nside, Ordering.RING, pix, ang);
            assertEquals(ref.real(i, "theta_r"), ang[0], TOL, where);
            assertEquals(ref.real(i, "phi_r"), ang[1], TOL, where);
            assertEquals(ref.real(i, "theta_r"), Healpix.theta(nside, Ordering.RING, pix), TOL, where);
            Healpix.pix2vec(nside, Ordering.RING, pix, vec);
            assertEquals(ref.real(i, "x_r"), vec[0], TOL, where);
            assertEquals(ref.real(i, "y_r"), vec[1], TOL, where);
            assertEquals(ref.real(i, "z_r"), vec[2], TOL, where);
            Healpix.pix2ang(nside, Ordering.NESTED, pix, ang);
            assertEquals(ref.real(i, "theta_n"), ang[0], TOL, where);
            assertEquals(ref.real(i, "phi_n"), ang[1], TOL, where);
            assertEquals(ref.real(i, "theta_n"), Healpix.theta(nside, Ordering.NESTED, pix), TOL, where);
            Healpix.pix2vec(nside, Ordering.NESTED, pix, vec);
            assertEquals(ref.real(i, "x_n"), vec[0], TOL, where);
            assertEquals(ref.real(i, "y_n"), vec[1], TOL, where);
            assertEquals(ref.real(i, "z_n"), vec[2], TOL, where);
            assertEquals(ref.integer(i, "ring2nest"), Healpix.ring2nest(nside, pix), where);
            assertEquals(ref.integer(i, "nest2ring"), Healpix.nest2ring(nside, pix), where);
            assertEquals(pix, Healpix.nest2ring(nside, Healpix.ring2nest(nside, pix)), where);
        }
        assertTrue(ref.size() > 1500, "reference rows: " + ref.size());
    }

    @Test
    void pixelsContainingDirectionsMatchHealpy() {
        ReferenceCsv ref = ReferenceCsv.load("/healpix/angles.csv");
        for (int i = 0; i < ref.size(); i++) {
            int nside = (int) ref.integer(i, "nside");
            double theta = ref.real(i, "theta");
            double phi = ref.real(i, "phi");
            String where = "nside " + nside + " theta " + theta + " phi " + phi;
            assertEquals(ref.integer(i, "ring"), Healpix.ang2pix(nside, Ordering.RING, theta, phi), where);
            assertEquals(ref.integer(i, "nest"), Healpix.ang2pix(nside, Ordering.NESTED, theta, phi), where);
            double x = ref.real(i, "x");
            double y = ref.real(i, "y");
            double z = ref.real(i, "z");
            assertEquals(ref.integer(i, "vring"), Healpix.vec2pix(nside, Ordering.RING, x, y, z), where);
            assertEquals(ref.integer(i, "vnest"), Healpix.vec2pix(nside, Ordering.NESTED, new double[] {x, y, z}),
                    where);
        }
    }

    @Test
    void parentPixelsMatchHealpyDefinition() {
        ReferenceCsv ref = ReferenceCsv.load("/healpix/parents.csv");
        for (int i = 0; i < ref.size(); i++) {
            int nside = (int) ref.integer(i, "nside");
            int nsideOut = (int) ref.integer(i, "nside_out");
            String where = "nside " + nside + " -> " + nsideOut + " row " + i;
            assertEquals(ref.integer(i, "parent_ring"),
                    Healpix.parent(nside, Ordering.RING, ref.integer(i, "pix_ring"), nsideOut), where);
            assertEquals(ref.integer(i, "parent_nest"),
                    Healpix.parent(nside, Ordering.NESTED, ref.integer(i, "pix_nest"), nsideOut), where);
        }
        assertThrows(IllegalArgumentException.class, () -> Healpix.parent(4, Ordering.RING, 0, 8));
    }

    @Test
    void neighboursMatchHealpyGetAllNeighbours() {
        ReferenceCsv ref = ReferenceCsv.load("/healpix/neighbours.csv");
        long[] nb = new long[8];
        int missing = 0;
        for (int i = 0; i < ref.size(); i++) {
            int nside = (int) ref.integer(i, "nside");
            long pix = ref.integer(i, "pix");
            Healpix.neighbours(nside, Ordering.RING, pix, nb);
            for (int k = 0; k < 8; k++) {
                assertEquals(ref.integer(i, "r" + k), nb[k], "RING nside " + nside + " pix " + pix + " k " + k);
                missing += nb[k] < 0 ? 1 : 0;
            }
            Healpix.neighbours(nside, Ordering.NESTED, pix, nb);
            for (int k = 0; k < 8; k++) {
                assertEquals(ref.integer(i, "n" + k), nb[k], "NESTED nside " + nside + " pix " + pix + " k " + k);
            }
        }
        assertTrue(missing > 0, "the sample includes the 8 pixels with only 7 neighbours");
    }

    @Test
    void pixelAreaAndResolutionMatchHealpy() {
        ReferenceCsv ref = ReferenceCsv.load("/healpix/resolution.csv");
        for (int i = 0; i < ref.size(); i++) {
            int nside = (int) ref.integer(i, "nside");
            assertEquals(ref.integer(i, "npix"), Healpix.npix(nside));
            assertEquals(ref.real(i, "area_sr"), Healpix.pixelArea(nside), 1e-15 * ref.real(i, "area_sr"));
            assertEquals(ref.real(i, "resol_arcmin"), Healpix.resolutionArcmin(nside),
                    1e-14 * ref.real(i, "resol_arcmin"));
        }
    }

    @Test
    void everyPixelRoundTripsThroughItsCentreAtSmallNside() {
        double[] ang = new double[2];
        double[] vec = new double[3];
        for (int nside : new int[] {1, 2, 4, 8, 16}) {
            for (Ordering o : Ordering.values()) {
                for (long p = 0; p < Healpix.npix(nside); p++) {
                    Healpix.pix2ang(nside, o, p, ang);
                    assertEquals(p, Healpix.ang2pix(nside, o, ang[0], ang[1]));
                    Healpix.pix2vec(nside, o, p, vec);
                    assertEquals(p, Healpix.vec2pix(nside, o, vec));
                    assertEquals(p, Healpix.convert(nside, Healpix.convert(nside, p, o, Ordering.RING),
                            Ordering.RING, o));
                }
            }
        }
    }

    @Test
    void galacticLatitudeIsNinetyDegreesMinusHealpyColatitude() {
        ReferenceCsv ref = ReferenceCsv.load("/healpix/pixels.csv");
        for (int i = 0; i < ref.size(); i++) {
            int nside = (int) ref.integer(i, "nside");
            long pix = ref.integer(i, "pix");
            assertEquals(90.0 - Math.toDegrees(ref.real(i, "theta_r")),
                    Healpix.galacticLatitudeDeg(nside, Ordering.RING, pix), 1e-10);
            // RING pixel npix-1-p mirrors p through the equator
            assertEquals(-Healpix.galacticLatitudeDeg(nside, Ordering.RING, pix),
                    Healpix.galacticLatitudeDeg(nside, Ordering.RING, Healpix.npix(nside) - 1 - pix), 1e-10);
        }
    }

    @Test
    void badArgumentsAreRefusedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Healpix.pix2vec(4, Ordering.RING, 192, new double[3]));
        assertTrue(e.getMessage().contains("pixel 192"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Healpix.ang2pix(3, Ordering.RING, 0.1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Healpix.ang2pix(4, Ordering.RING, -0.1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Healpix.vec2pix(4, Ordering.RING, 0, 0, 0));
    }
}
