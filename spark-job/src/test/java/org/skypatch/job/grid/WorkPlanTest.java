package org.skypatch.job.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;
import org.skypatch.job.study.WorkUnit;

class WorkPlanTest {
    private static final Study STUDY = StudyLoader.parse("""
            name: t
            seed: 1
            sky: {nside: 16, simulate: {seed: 2}}
            zones: [GAL020_U, GAL040]
            grid:
              kmeans: {betaDust: [1, 30], tempDust: [2], betaSync: [1]}
              singlePatch: true
            realizations: 5
            batchSize: 2
            output: out
            """, "t");

    @Test
    void everyRealizationOfEveryConfigurationAndZoneIsInExactlyOneUnit() {
        WorkPlan plan = WorkPlan.of(STUDY, Map.of("GAL020_U", 300, "GAL040", 600));
        // 2 zones x 3 configurations x ceil(5 / 2) batches
        assertEquals(2 * 3 * 3, plan.units().size());
        Set<String> seen = new HashSet<>();
        for (WorkUnit u : plan.units()) {
            for (int r = u.firstRealization(); r < u.firstRealization() + u.realizations(); r++) {
                assertTrue(seen.add(u.zone() + "/" + u.configuration().id() + "/" + r), "realization twice: " + u);
            }
        }
        assertEquals(2 * 3 * 5, seen.size());
        // 30 noise fits per zone-configuration pair plus one systematic fit each
        assertEquals(2 * 3 * 5 + 2 * 3, WorkPlan.fits(plan.units()));
    }

    @Test
    void largestUnitsComeFirstAndWavesKeepThePlanOrder() {
        List<WorkUnit> units = WorkPlan.of(STUDY, Map.of("GAL020_U", 300, "GAL040", 600)).units();
        for (int i = 1; i < units.size(); i++) {
            assertTrue(units.get(i - 1).cost() >= units.get(i).cost());
        }
        assertEquals("GAL040", units.get(0).zone());
        assertEquals(30, units.get(0).configuration().betaDust());
        List<List<WorkUnit>> waves = WorkPlan.waves(units, 4);
        assertEquals(5, waves.size());
        assertEquals(units, waves.stream().flatMap(List::stream).toList());
    }

    @Test
    void pendingDropsDoneUnits() {
        WorkPlan plan = WorkPlan.of(STUDY, Map.of("GAL020_U", 300, "GAL040", 600));
        Set<String> done = Set.of(WorkUnit.id("GAL040", "single", 0), WorkUnit.id("GAL020_U", "kmeans_30_2_1", 2));
        List<WorkUnit> pending = plan.pending(done);
        assertEquals(plan.units().size() - 2, pending.size());
        assertTrue(pending.stream().noneMatch(u -> done.contains(u.id())));
    }
}
