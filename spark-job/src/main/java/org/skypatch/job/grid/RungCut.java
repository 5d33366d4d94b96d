package org.skypatch.job.grid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.skypatch.job.study.Search;
import org.skypatch.stats.Moments;

/**
 * One rung's cut of successive halving in one zone. The configurations are ordered by the mean of the ranking
 * metric over the same noise realizations (then by id); the best {@link Search#keptCount} survive, and so does any
 * other whose mean exceeds the last kept one's by at most {@code sigmas} standard errors of the paired difference
 * (realization by realization: the configurations share their noise, so the difference is far less noisy than either
 * mean). With one realization there is no error, and only exact ties survive beyond the fraction.
 */
final class RungCut {

    /** A configuration's metric value per realization, realization 0 first. */
    record Scores(String configId, double[] values) {
        double mean() {
            return Moments.mean(values);
        }
    }

    /** A configuration's place after a cut. */
    record Verdict(Scores scores, boolean kept, Double stderr) {
    }

    private RungCut() {
    }

    /**
     * @param alive the zone's configurations at this rung, every one on the same realizations
     * @param least configurations kept at least (the selection rule's candidates)
     * @return every configuration, best first, with whether it survives
     */
    static List<Verdict> cut(List<Scores> alive, Search search, int least) {
        int n = alive.get(0).values().length;
        if (alive.stream().anyMatch(s -> s.values().length != n)) {
            throw new IllegalStateException("configurations of one rung must share their realizations");
        }
        List<Scores> order = new ArrayList<>(alive);
        order.sort(Comparator.comparingDouble(Scores::mean).thenComparing(Scores::configId));
        int kept = search.keptCount(order.size(), least);
        Scores last = order.get(kept - 1);
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Scores s = order.get(i);
            double[] d = new double[n];
            for (int r = 0; r < n; r++) {
                d[r] = s.values()[r] - last.values()[r];
            }
            Double stderr = n < 2 ? null : Math.sqrt(Moments.sampleVariance(d) / n);
            boolean tie = Moments.mean(d) <= (stderr == null ? 0 : search.sigmas() * stderr);
            out.add(new Verdict(s, i < kept || tie, stderr));
        }
        return out;
    }
}
