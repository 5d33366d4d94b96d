package org.skypatch.job.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.skypatch.job.study.Search;

class RungCutTest {
    private static final Search QUARTER = new Search(true, List.of(2, 8), 0.25, 1.0);

    private static RungCut.Scores s(String id, double... values) {
        return new RungCut.Scores(id, values);
    }

    private static List<String> kept(List<RungCut.Verdict> verdicts) {
        return verdicts.stream().filter(RungCut.Verdict::kept).map(v -> v.scores().configId()).toList();
    }

    @Test
    void keepsTheBestFractionOrderedByMeanThenId() {
        List<RungCut.Scores> alive = List.of(s("e", 5, 5), s("b", 2, 2), s("h", 8, 8), s("a", 1, 1),
                s("d", 4, 4), s("c", 3, 3), s("g", 7, 7), s("f", 6, 6));
        List<RungCut.Verdict> v = RungCut.cut(alive, QUARTER, 1);
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h"), v.stream().map(x -> x.scores().configId()).toList());
        // no scatter: the paired differences are exact, so only the fraction survives
        assertEquals(List.of("a", "b"), kept(v));
    }

    @Test
    void aConfigurationWithinItsPairedErrorOfTheCutSurvives() {
        // "c" is 0.1 worse than "b" on average with a paired scatter of about 0.5: a tie at one sigma;
        // "d" is worse by 3 with the same scatter: cut
        List<RungCut.Scores> alive = List.of(s("a", 1, 1, 1, 1), s("b", 2, 2, 2, 2), s("c", 2.6, 1.6, 2.6, 1.6),
                s("d", 5.5, 4.5, 5.5, 4.5), s("e", 9, 9, 9, 9), s("f", 9, 9, 9, 9), s("g", 9, 9, 9, 9), s("h", 9, 9, 9, 9));
        List<RungCut.Verdict> v = RungCut.cut(alive, QUARTER, 1);
        assertEquals(List.of("a", "b", "c"), kept(v));
        assertEquals(Math.sqrt((4 * 0.25) / 3 / 4), v.get(2).stderr(), 1e-12);
        assertEquals(List.of("a", "b"), kept(RungCut.cut(alive, new Search(true, List.of(4), 0.25, 0.0), 1)),
                "no tie margin at zero sigmas");
    }

    @Test
    void noiseSharedByAllConfigurationsDoesNotMakeTies() {
        // realization 1 is noisier for everyone: unpaired errors would overlap, paired differences do not
        List<RungCut.Scores> alive = List.of(s("a", 1, 101), s("b", 2, 102), s("c", 3, 103), s("d", 4, 104));
        assertEquals(List.of("a"), kept(RungCut.cut(alive, QUARTER, 1)));
    }

    @Test
    void oneRealizationKeepsOnlyExactTiesBeyondTheFractionAndHasNoError() {
        List<RungCut.Scores> alive = List.of(s("a", 1), s("b", 1), s("c", 1.0000001), s("d", 2));
        List<RungCut.Verdict> v = RungCut.cut(alive, QUARTER, 1);
        assertEquals(List.of("a", "b"), kept(v));
        assertNull(v.get(0).stderr());
    }

    @Test
    void theSelectionRulesCandidatesAllSurvive() {
        List<RungCut.Scores> alive = List.of(s("a", 1), s("b", 2), s("c", 3), s("d", 4));
        assertEquals(List.of("a", "b", "c"), kept(RungCut.cut(alive, QUARTER, 3)));
        assertEquals(4, kept(RungCut.cut(alive, QUARTER, 9)).size(), "never more than there are");
    }

    @Test
    void configurationsOnDifferentRealizationsAreRefused() {
        assertThrows(IllegalStateException.class, () -> RungCut.cut(List.of(s("a", 1, 2), s("b", 1)), QUARTER, 1));
    }
}
