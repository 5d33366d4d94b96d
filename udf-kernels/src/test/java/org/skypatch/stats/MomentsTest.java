package org.skypatch.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MomentsTest {
    @Test
    void smallSampleByHand() {
        double[] x = {1, 2, 3, 6};
        assertEquals(3, Moments.mean(x), 0);
        // deviations -2, -1, 0, 3: squares sum to 14
        assertEquals(14.0 / 4, Moments.variance(x), 1e-15);
        assertEquals(14.0 / 3, Moments.sampleVariance(x), 1e-15);
    }

    @Test
    void aLargeOffsetDoesNotCancelTheVariance() {
        // a one-pass sum of squares would lose every digit of a 1e-4 spread around 1e9
        double[] x = {1e9 + 1e-4, 1e9 - 1e-4, 1e9 + 1e-4, 1e9 - 1e-4};
        // (1e9 + 1e-4 is itself stored to about 1e-3 relative: doubles are 1.2e-7 apart there)
        assertEquals(1e-8, Moments.variance(x), 1e-10);
    }

    @Test
    void undefinedCasesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Moments.mean(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Moments.sampleVariance(new double[] {1}));
    }
}
