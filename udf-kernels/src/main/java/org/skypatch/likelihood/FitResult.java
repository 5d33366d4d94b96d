package org.skypatch.likelihood;

/**
 * The outcome of one fit. NLL = -sum_p sum_{X=Q,U} (A^T N^-1 d)^T (A^T N^-1 A)^-1 (A^T N^-1 d),
 * without fgbuster's factor 1/2 (fgbuster's minimised -logL is NLL / 2). Component maps are in
 * the units of the data (CMB in K_CMB or uK_CMB, dust at the dust reference frequency, synchrotron
 * at its reference frequency).
 *
 * @param dustBeta beta_d per beta_d cluster
 * @param dustTemp T_d per T_d cluster, K
 * @param syncBeta beta_s per beta_s cluster
 * @param nll final NLL (dimensionless: data and noise share units)
 * @param iterations outer iterations of the slowest subproblem (restarts included)
 * @param evaluations likelihood evaluations (each with its gradient), including the three per
 *     iteration that give the exact Hessian; one evaluation may cover only some subproblems
 * @param projectedGradientNorm largest projected gradient component, Fisher-scaled
 * @param converged whether every subproblem converged
 * @param cmb [stokes Q=0, U=1][zone pixel] reconstructed CMB
 * @param dust [stokes][zone pixel] reconstructed dust amplitude
 * @param sync [stokes][zone pixel] reconstructed synchrotron amplitude
 * @param subproblems how each subproblem (independent group of clusters) ended
 */
public record FitResult(double[] dustBeta, double[] dustTemp, double[] syncBeta, double nll,
                        int iterations, int evaluations, double projectedGradientNorm, boolean converged,
                        double[][] cmb, double[][] dust, double[][] sync, Subproblems subproblems) {

    /** The subproblem of cluster k of a parameter (0 beta_d, 1 T_d, 2 beta_s). */
    public int subproblemOf(int parameter, int k) {
        int offset = parameter == 0 ? 0 : parameter == 1 ? dustBeta.length : dustBeta.length + dustTemp.length;
        return subproblems.ofParameter()[offset + k];
    }
}
