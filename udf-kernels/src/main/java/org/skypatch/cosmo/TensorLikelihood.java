package org.skypatch.cosmo;

/**
 * The BB likelihood of the tensor-to-scalar ratio r given foreground residuals, in the form used by
 * the clustered component-separation forecasts:
 *
 * <pre>
 *   -2 ln L(r) = f_sky sum_l (2l+1) [ C_obs(l) / C_model(l, r) + ln C_model(l, r) ]
 *   C_obs(l)      = C_res(l) + A_lens C_lens(l) + r_in C_tensor(l)   (total residual + the sky's own BB)
 *   C_model(l, r) = r C_tensor(l) + A_lens C_lens(l) + C_stat(l)       (C_tensor at r = 1)
 * </pre>
 *
 * A_lens scales the lensing B modes left after delensing (1: none removed); r_in is the sky's input r, whose
 * tensor B modes the reconstructed CMB carries. r may be negative down to the positivity limit, where C_model
 * first reaches 0 at some l: an observed spectrum below the model floor (lensing plus statistical residual) is then
 * read as a negative r-hat, not piled up at r = 0.
 *
 * All spectra are BB power in uK_CMB^2 (any common unit works: only ratios and an additive constant
 * of -2 ln L depend on it), indexed by multipole l from 0; only l in [lmin, lmax] enters.
 */
public final class TensorLikelihood {
    /** The grid's upper end is doubled while the likelihood there exceeds this fraction of its peak. */
    static final double EDGE_LIKELIHOOD = 1e-4;
    /** At most this many doublings: r-hat beyond rMax 2^40 means the residual is not a tensor signal. */
    private static final int MAX_WIDENINGS = 40;

    private final double fsky;
    private final int lmin;
    private final int lmax;
    private final double[] observed;
    private final double[] tensor;
    private final double[] noiseFloor;

    /**
     * @param fsky          observed sky fraction in (0, 1]
     * @param lmin          first multipole used (>= 2)
     * @param lmax          last multipole used
     * @param totalResidual C_res(l): BB of the total foreground + noise residual, divided by f_sky
     * @param statResidual  C_stat(l): BB of the statistical (noise) residual, divided by f_sky
     * @param lensing       C_lens(l): lensing BB
     * @param tensorR1      C_tensor(l): primordial BB at r = 1
     * @param aLens         lensing amplitude left after delensing, >= 0 (1: no delensing)
     * @param inputR        the sky's tensor-to-scalar ratio, >= 0
     */
    public TensorLikelihood(double fsky, int lmin, int lmax, double[] totalResidual, double[] statResidual,
                            double[] lensing, double[] tensorR1, double aLens, double inputR) {
        if (!(fsky > 0 && fsky <= 1)) {
            throw new IllegalArgumentException("f_sky " + fsky + " is not in (0, 1]");
        }
        if (lmin < 2 || lmax < lmin) {
            throw new IllegalArgumentException("multipole range " + lmin + ".." + lmax + " is empty or starts below l = 2");
        }
        if (!(aLens >= 0 && Double.isFinite(aLens)) || !(inputR >= 0 && Double.isFinite(inputR))) {
            throw new IllegalArgumentException("A_lens " + aLens + " and input r " + inputR + " must be finite and >= 0");
        }
        for (double[] cl : new double[][] {totalResidual, statResidual, lensing, tensorR1}) {
            if (cl.length <= lmax) {
                throw new IllegalArgumentException("a spectrum has " + cl.length + " multipoles, lmax " + lmax + " needs " + (lmax + 1));
            }
        }
        this.fsky = fsky;
        this.lmin = lmin;
        this.lmax = lmax;
        this.observed = new double[lmax + 1];
        this.noiseFloor = new double[lmax + 1];
        this.tensor = tensorR1.clone();
        for (int l = lmin; l <= lmax; l++) {
            observed[l] = totalResidual[l] + aLens * lensing[l] + inputR * tensorR1[l];
            noiseFloor[l] = aLens * lensing[l] + statResidual[l];
            if (!(noiseFloor[l] > 0)) {
                throw new IllegalArgumentException("A_lens C_lens + C_stat at l = " + l + " is " + noiseFloor[l]
                        + ", must be > 0");
            }
            if (!(tensorR1[l] > 0)) {
                throw new IllegalArgumentException("the tensor spectrum at l = " + l + " is " + tensorR1[l] + ", must be > 0");
            }
        }
    }

    /** -2 ln L(r) (up to an r-independent constant); +infinity at and below the positivity limit. */
    public double minusTwoLnL(double r) {
        double sum = 0;
        for (int l = lmin; l <= lmax; l++) {
            double model = r * tensor[l] + noiseFloor[l];
            if (!(model > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            sum += (2 * l + 1) * (observed[l] / model + Math.log(model));
        }
        return fsky * sum;
    }

    /** -2 ln L on each r of the grid. */
    public double[] curve(double[] rGrid) {
        double[] out = new double[rGrid.length];
        for (int i = 0; i < rGrid.length; i++) {
            out[i] = minusTwoLnL(rGrid[i]);
        }
        return out;
    }

    /** The lowest r with C_model(l, r) >= 0 at every l used: max over l of -(A_lens C_lens + C_stat) / C_tensor. */
    public double positivityLimit() {
        double limit = Double.NEGATIVE_INFINITY;
        for (int l = lmin; l <= lmax; l++) {
            limit = Math.max(limit, -noiseFloor[l] / tensor[l]);
        }
        return limit;
    }

    /** An evenly spaced r grid of n points on [rMin, rMax]. */
    public static double[] grid(double rMin, double rMax, int n) {
        if (!(rMax > rMin) || n < 3) {
            throw new IllegalArgumentException("r grid needs rMax > rMin and at least 3 points, got [" + rMin + ", "
                    + rMax + "], " + n);
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = rMin + (rMax - rMin) * i / (n - 1);
        }
        r[n - 1] = rMax; // exactly: rounding could put it above rMax, which reads as a widened grid
        return r;
    }

    /**
     * r-hat and its 68% bounds on a grid of n points from the positivity limit to rMax, rMax doubled while the
     * likelihood at the grid's upper end exceeds 1e-4 of its peak (r-hat or its upper bound at the edge would
     * be the grid's, not the likelihood's). {@link REstimate#rMax} says where the grid ended.
     */
    public REstimate estimate(double rMax, int n) {
        double rMin = positivityLimit();
        double top = rMax; // > 0 > rMin: the model floor and the tensor spectrum are positive
        for (int widening = 0; ; widening++) {
            REstimate e = estimate(grid(rMin, top, n));
            if (e.likelihoodAtUpperEdge() <= EDGE_LIKELIHOOD || widening == MAX_WIDENINGS) {
                return e;
            }
            top = rMin + 2 * (top - rMin);
        }
    }

    /**
     * r-hat (the grid maximum of L) and its asymmetric 68% bounds: on each side of r-hat, the distance to
     * where the cumulated likelihood (trapezoid rule, linear interpolation) reaches 68% of that side's mass.
     * A side with no mass (r-hat at the grid edge) has bound 0.
     */
    public REstimate estimate(double[] rGrid) {
        double[] m2lnl = curve(rGrid);
        int best = 0;
        for (int i = 1; i < m2lnl.length; i++) {
            if (m2lnl[i] < m2lnl[best]) {
                best = i;
            }
        }
        double[] like = new double[m2lnl.length];
        for (int i = 0; i < like.length; i++) {
            like[i] = Math.exp(-0.5 * (m2lnl[i] - m2lnl[best]));
        }
        double rHat = rGrid[best];
        double upper = sideBound(rGrid, like, best, +1);
        double lower = sideBound(rGrid, like, best, -1);
        return new REstimate(rHat, lower, upper, m2lnl[best], rGrid[0], rGrid[rGrid.length - 1], like[like.length - 1]);
    }

    private static double sideBound(double[] r, double[] like, int peak, int step) {
        int end = step > 0 ? r.length - 1 : 0;
        if (peak == end) {
            return 0;
        }
        double total = 0;
        for (int i = peak; i != end; i += step) {
            total += 0.5 * (like[i] + like[i + step]) * Math.abs(r[i + step] - r[i]);
        }
        double target = 0.68 * total;
        double cumulated = 0;
        for (int i = peak; i != end; i += step) {
            double piece = 0.5 * (like[i] + like[i + step]) * Math.abs(r[i + step] - r[i]);
            if (cumulated + piece >= target) {
                double fraction = (target - cumulated) / piece;
                return Math.abs(r[i + step] - r[i]) * fraction + Math.abs(r[i] - r[peak]);
            }
            cumulated += piece;
        }
        return Math.abs(r[end] - r[peak]);
    }

    /**
     * r-hat with its 68% bounds below and above (r-hat - sigmaMinus, r-hat + sigmaPlus), -2 ln L at r-hat, the grid's
     * ends, and L(rMax) / L(r-hat).
     */
    public record REstimate(double rHat, double sigmaMinus, double sigmaPlus, double minusTwoLnLAtBest, double rMin,
                            double rMax, double likelihoodAtUpperEdge) {
    }
}
