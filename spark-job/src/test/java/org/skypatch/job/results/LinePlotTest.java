package org.skypatch.job.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinePlotTest {
    @Test
    void linearTicksAreRoundMultiplesWithAsManyDecimalsAsTheStepNeeds() {
        double[] likelihood = {-0.05, 1.05};
        double step = LinePlot.linearStep(likelihood);
        assertEquals(0.25, step, 1e-15);
        assertEquals(List.of("0.00", "0.25", "0.50", "0.75", "1.00"),
                LinePlot.linearTicks(likelihood, step).stream().map(t -> LinePlot.label(t, step)).toList());
        double[] r = {0.0637, 0.285};
        double rStep = LinePlot.linearStep(r);
        assertEquals(0.05, rStep, 1e-15);
        assertEquals(List.of("0.10", "0.15", "0.20", "0.25"),
                LinePlot.linearTicks(r, rStep).stream().map(t -> LinePlot.label(t, rStep)).toList());
    }

    @Test
    void logTicksAreOneTwoFiveWithinAFewDecadesAndDecadesBeyond() {
        // multipoles 2..65
        List<String> ell = LinePlot.logTicks(new double[] {Math.log10(2), Math.log10(65)}).stream()
                .map(t -> LinePlot.label(Math.pow(10, t), 0)).toList();
        assertEquals(List.of("2", "5", "10", "20", "50"), ell);
        // C_l from 5e-8 to 6e-2 uK^2: every other decade
        List<String> cl = LinePlot.logTicks(new double[] {-7.3, -1.2}).stream()
                .map(t -> LinePlot.label(Math.pow(10, t), 0)).toList();
        assertEquals(List.of("1e-6", "1e-4", "1e-2"), cl);
    }
}
