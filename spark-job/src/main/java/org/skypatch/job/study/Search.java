package org.skypatch.job.study;

import java.util.ArrayList;
import java.util.List;

/**
 * How the grid is searched. Exhaustive: every configuration of every zone on every noise realization, the systematic
 * (foreground-only) fit in batch 0. Halving (successive halving, the paper's future work): every configuration of a
 * study zone on the first rung's realizations; after each rung a zone keeps the best {@code keep} fraction by the
 * ranking metric, and any configuration within {@code sigmas} standard errors of the last one kept (its mean
 * difference over the same realizations), and the survivors get the next rung's realizations; the last rung's
 * survivors, and the grid's multi-resolution and single-patch configurations when r baselines are asked, get the
 * systematic fit in a unit of its own. Whole-mask baselines are fitted exhaustively in both.
 *
 * @param halving whether the search is successive halving
 * @param rungs   realizations per surviving configuration after each rung, increasing, each a multiple of the
 *                batch size, the last the study's realizations (exhaustive: only that)
 * @param keep    fraction of a zone's configurations kept after each rung, in (0, 1)
 * @param sigmas  standard errors within which a configuration ties with the last one kept, and survives
 */
public record Search(boolean halving, List<Integer> rungs, double keep, double sigmas) {

    public static Search exhaustive(int realizations) {
        return new Search(false, List.of(realizations), 1, 0);
    }

    /** The default rungs: the batch size, then each rung 1/keep times the one before (rounded up to whole batches). */
    static List<Integer> defaultRungs(int batchSize, int realizations, double keep) {
        List<Integer> out = new ArrayList<>();
        int n = batchSize;
        while (n < realizations) {
            out.add(n);
            int next = (int) Math.ceil(n / keep);
            n = Math.max(n + batchSize, (next + batchSize - 1) / batchSize * batchSize);
        }
        out.add(realizations);
        return List.copyOf(out);
    }

    /** Configurations a zone keeps out of {@code alive} before ties: the keep fraction, at least {@code least}. */
    public int keptCount(int alive, int least) {
        return Math.min(alive, Math.max(least, (int) Math.ceil(keep * alive - 1e-9)));
    }

    /** The search in words, for logs. */
    public String describe() {
        return halving ? "successive halving: realizations " + rungs + ", keep " + keep + " of a zone's configurations "
                + "per rung and ties within " + sigmas + " standard errors" : "exhaustive";
    }
}
