package org.skypatch.sphere;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ud_grade against healpy 1.20.1 (tools/make_healpix_reference.py, udgrade.csv). */
class UdGradeTest {
    /** healpy sums children pairwise, skypatch sequentially: means of <= 256 O(1) values agree to ~1e-15. */
    private static final double TOL = 1e-12;

    private static final ReferenceCsv REF = ReferenceCsv.load("/healpix/udgrade.csv");

    private static double[] row(String name, int nsideIn, int nsideOut, int flag) {
        for (String[] r : REF.rows()) {
            if (r[0].equals(name) && Integer.parseInt(r[1]) == nsideIn && Integer.parseInt(r[2]) == nsideOut
                    && Integer.parseInt(r[3]) == flag) {
                return ReferenceCsv.reals(r, 4);
            }
        }
        throw new IllegalStateException("no udgrade.csv row " + name + " " + nsideIn + " " + nsideOut + " " + flag);
    }

    @Test
    void degradeAveragesValidChildrenLikeHealpy() {
        double[] map = row("map", 16, 16, 0);
        for (int nsideOut : new int[] {4, 1}) {
            double[] expected = row("map", 16, nsideOut, 0);
            assertArrayEquals(expected, UdGrade.udGrade(map, Ordering.RING, nsideOut, false), TOL);
        }
        double[] optimistic = row("map", 16, 4, 0);
        assertTrue(countUnseen(optimistic) >= 1, "the fixture has a coarse pixel with no valid child");
        double[] pessimistic = row("map", 16, 4, 1);
        assertTrue(countUnseen(pessimistic) > countUnseen(optimistic));
        assertArrayEquals(pessimistic, UdGrade.udGrade(map, Ordering.RING, 4, true), TOL);
    }

    @Test
    void degradeOfNestedMapMatchesHealpy() {
        double[] nested = Healpix.reorder(row("map", 16, 16, 0), Ordering.RING, Ordering.NESTED);
        assertArrayEquals(row("map_nest", 16, 4, 0), UdGrade.udGrade(nested, Ordering.NESTED, 4, false), TOL);
    }

    @Test
    void upgradeCopiesParentValuesLikeHealpy() {
        double[] coarse = row("map", 16, 4, 0);
        assertArrayEquals(row("map", 4, 16, 0), UdGrade.udGrade(coarse, Ordering.RING, 16, false), 0.0);
        assertArrayEquals(coarse, UdGrade.udGrade(coarse, Ordering.RING, 4, false), 0.0);
    }

    @Test
    void maskDegradesToFractionOrToAllChildrenInside() {
        double[] mask = row("mask", 16, 16, 0);
        assertArrayEquals(row("mask", 16, 4, 0), UdGrade.udGrade(mask, Ordering.RING, 4, false), TOL);
        double[] all = UdGrade.maskAllChildrenInside(mask, Ordering.RING, 4);
        assertArrayEquals(row("mask", 16, 4, 1), all, 0.0);
        double[] fraction = row("mask", 16, 4, 0);
        assertTrue(java.util.stream.IntStream.range(0, all.length).anyMatch(q -> fraction[q] > 0 && all[q] == 0),
                "some coarse pixels are partly inside and must be dropped");
        double[] nested = Healpix.reorder(mask, Ordering.RING, Ordering.NESTED);
        assertArrayEquals(Healpix.reorder(all, Ordering.RING, Ordering.NESTED),
                UdGrade.maskAllChildrenInside(nested, Ordering.NESTED, 4), 0.0);
        assertThrows(IllegalArgumentException.class, () -> UdGrade.maskAllChildrenInside(mask, Ordering.RING, 32));
    }

    @Test
    void unseenInputStaysUnseenAndFiniteValuesAreKept() {
        double[] map = new double[48];
        java.util.Arrays.fill(map, Healpix.UNSEEN);
        map[Math.toIntExact(Healpix.nest2ring(2, 5))] = 3.0; // one child of NESTED coarse pixel 1
        double[] out = UdGrade.udGrade(map, Ordering.RING, 1, false);
        assertEquals(3.0, out[(int) Healpix.nest2ring(1, 1)]);
        assertEquals(11, countUnseen(out));
    }

    private static int countUnseen(double[] m) {
        int n = 0;
        for (double v : m) {
            n += v == Healpix.UNSEEN ? 1 : 0;
        }
        return n;
    }
}
