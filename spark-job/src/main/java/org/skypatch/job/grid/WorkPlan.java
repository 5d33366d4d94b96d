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
        for (String zone : study.zones()) {
            int pixels = zonePixels.get(zone);
            for (Configuration c : study.configurations()) {
                for (int b = 0; b < study.batchesPerConfiguration(); b++) {
                    int first = b * study.batchSize();
                    int count = Math.min(study.batchSize(), study.realizations() - first);
                    int fits = count + (b == 0 ? 1 : 0);
                    units.add(new WorkUnit(zone, c, b, first, count, fits * c.relativeCost() * pixels));
                }
            }
        }
        units.sort(Comparator.comparingDouble(WorkUnit::cost).reversed().thenComparing(WorkUnit::id));
        return new WorkPlan(List.copyOf(units));
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
        return units.stream().mapToLong(u -> u.realizations() + (u.carriesSystematic() ? 1 : 0)).sum();
    }
}
