package org.skypatch.sphere;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RingTable against healpy 1.20.1 {@code ringinfo} and pix2ang of each ring's first pixel. */
class RingTableTest {
    private static final double TOL = 1e-12;

    @Test
    void ringTableMatchesHealpyRingInfo() {
        ReferenceCsv ref = ReferenceCsv.load("/healpix/ringinfo.csv");
        RingTable table = null;
        for (int i = 0; i < ref.size(); i++) {
            int nside = (int) ref.integer(i, "nside");
            if (table == null || table.nside() != nside) {
                table = RingTable.healpix(nside);
                assertEquals(4 * nside - 1, table.ringCount());
            }
            int r = (int) ref.integer(i, "ring") - 1;
            String where = "nside " + nside + " ring " + (r + 1);
            assertEquals(ref.integer(i, "startpix"), table.firstPixel()[r], where);
            assertEquals(ref.integer(i, "ringpix"), table.pixelCount()[r], where);
            assertEquals(ref.real(i, "costheta"), table.cosTheta()[r], TOL, where);
            assertEquals(ref.real(i, "sintheta"), table.sinTheta()[r], TOL, where);
            assertEquals(ref.real(i, "theta"), table.theta()[r], TOL, where);
            assertEquals(ref.real(i, "phi0"), table.phi0()[r], TOL, where);
            assertEquals(ref.integer(i, "shifted") == 1, table.phi0()[r] != 0.0, where);
            assertEquals(r + 1, Healpix.ring(nside, Ordering.RING, table.firstPixel()[r]), where);
        }
    }
}
