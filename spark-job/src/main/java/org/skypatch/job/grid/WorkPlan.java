package org.skypatch.job.grid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.skypatch.job.study.Configuration;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.WorkUnit;

/**
 * The study's work units, ordered by decreasing cost. Run with one unit per Spark task, this order
 * makes the scheduler start the longest tasks first (longest-processing-time-first), which keeps
 * executors busy to the end even though large cluster counts cost several times more than small ones.
 */
public final class WorkPlan {
    private final List<WorkUnit> units;

    private WorkPlan(List<WorkUnit> units) {
        this.units = units;
    }

    /**
     * @param study      the study
     * @param zonePixels pixel count of each zone of the study
     */
    public static WorkPlan of(Study study, Map<String, Integer> zonePixels) {
        List<WorkUnit> units = new ArrayList<>();
        for (Map.Entry<String, List<Configuration>> zone : study.zoneConfigurations().entrySet()) {
            for (Configuration c : zone.getValue()) {
                units.addAll(batches(study, zone.getKey(), c, study.realizations(), true, zonePixels.get(zone.getKey())));
            }
        }
        return of(units);
    }

    /** These units in plan order. */
    public static WorkPlan of(List<WorkUnit> units) {
        List<WorkUnit> sorted = new ArrayList<>(units);
        sorted.sort(Comparator.comparingDouble(WorkUnit::cost).reversed().thenComparing(WorkUnit::id));
        return new WorkPlan(List.copyOf(sorted));
    }

    /**
     * The batches of a configuration in a zone covering its first {@code realizations} noise realizations (a
     * multiple of the batch size, or all of them), batch 0 carrying the systematic fit when {@code systematic}.
     */
    public static List<WorkUnit> batches(Study study, String zone, Configuration c, int realizations,
                                         boolean systematic, int pixels) {
        List<WorkUnit> out = new ArrayList<>();
        for (int first = 0, b = 0; first < realizations; first += study.batchSize(), b++) {
            int count = Math.min(study.batchSize(), study.realizations() - first);
            boolean sys = systematic && b == 0;
            out.add(new WorkUnit(zone, c, b, first, count, sys, (count + (sys ? 1 : 0)) * c.relativeCost() * pixels));
        }
        return out;
    }

    /** The unit of a configuration's systematic fit alone, with no realization (successive halving). */
    public static WorkUnit systematicOnly(String zone, Configuration c, int pixels) {
        return new WorkUnit(zone, c, WorkUnit.SYSTEMATIC_ONLY, 0, 0, true, c.relativeCost() * pixels);
    }

    public List<WorkUnit> units() {
        return units;
    }

    /** The units whose id is not in {@code done}, in plan order. */
    public List<WorkUnit> pending(Collection<String> done) {
        return units.stream().filter(u -> !done.contains(u.id())).toList();
    }

    /** Consecutive slices of at most {@code size} units: each is run and committed as one Spark job. */
    public static List<List<WorkUnit>> waves(List<WorkUnit> units, int size) {
        List<List<WorkUnit>> out = new ArrayList<>();
        for (int i = 0; i < units.size(); i += size) {
            out.add(units.subList(i, Math.min(units.size(), i + size)));
        }
        return out;
    }

    /** Fits (noise realizations plus systematic fits) in these units. */
    public static long fits(List<WorkUnit> units) {
        return units.stream().mapToLong(u -> u.realizations() + (u.systematic() ? 1 : 0)).sum();
    }
}
