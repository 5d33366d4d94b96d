package org.skypatch.likelihood;

/**
 * How each subproblem of a fit ended. A subproblem is a connected component of the parameter graph:
 * clusters coupled through pixels they share (a beta_d cluster and the T_d and beta_s clusters of
 * its pixels, and so on). Nside-8 patches used by all three parameters give one subproblem per
 * patch; K-means maps of different K usually one. Subproblems have separate NLLs and are fitted
 * independently, each with its own convergence and counts.
 *
 * @param ofParameter per parameter (beta_d clusters, T_d clusters, beta_s clusters), its subproblem
 * @param nll per subproblem, its NLL at the fitted parameters (they sum to the fit's NLL)
 * @param iterations per subproblem, the Newton iterations it took (restarts included)
 * @param evaluations per subproblem, the likelihood evaluations it took part in (restarts included)
 * @param stop per subproblem, why its kept solution's run stopped
 * @param restarted per subproblem, whether it was fitted again from other starts ({@link MultiStartFit})
 * @param moved per subproblem, whether a restart found an NLL lower by more than the tolerance (kept)
 */
public record Subproblems(int[] ofParameter, double[] nll, int[] iterations, int[] evaluations, Stop[] stop,
                          boolean[] restarted, boolean[] moved) {

    /** Why a subproblem stopped iterating. */
    public enum Stop {
        /** Converged: the largest Fisher-scaled projected gradient is below its tolerance. */
        PROJECTED_GRADIENT(true),
        /** Converged: the last step gained, and the next is predicted to gain, less than the NLL tolerance. */
        SMALL_STEP(true),
        /** Converged: three steps in a row each gained less than the NLL tolerance (the model predicted more). */
        SMALL_GAINS(true),
        /** Not converged: the iteration cap. */
        ITERATION_CAP(false),
        /** Not converged: three line searches in a row found no lower NLL while the model predicted a gain. */
        NO_DECREASE(false);

        private final boolean converged;

        Stop(boolean converged) {
            this.converged = converged;
        }

        public boolean converged() {
            return converged;
        }
    }

    public int count() {
        return nll.length;
    }

    public boolean converged(int s) {
        return stop[s].converged();
    }

    /** How many subproblems were fitted again from other starts. */
    public int restartedCount() {
        return countOf(restarted);
    }

    /** How many subproblems a restart moved to a lower NLL. */
    public int movedCount() {
        return countOf(moved);
    }

    private static int countOf(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
