-- Ranking metrics per (zone, configuration) from the units table (one row per work unit).
-- sigma2_cmb: mean over zone pixels of the variance across noise realizations of the reconstructed
--   CMB (mean of Q and U), from the mergeable per-pixel sums (n, sum, sum of squares); uK_CMB^2.
-- spatial_variance: the reference code's variant, the spatial variance of the reconstructed CMB in
--   each realization, averaged over realizations; uK_CMB^2.
-- cl_bb_sum: BB of the total residual in the zone (divided by the zone's f_sky) summed over
--   l = 2..2 nside + 1, mean over realizations; uK_CMB^2 (anafast without Jacobi iterations). Needs the true CMB.
-- cl_bb_observed: the same for the reconstructed CMB itself; no truth needed.
-- systematic_bb_sum: the same for the systematic residual (batch 0's foreground-only fit), and
--   systematic_over_lensing: it over lensing BB summed over the same multipoles (${lensing_bb_sum}).
-- ${metric} is replaced by the study's ranking metric column. Ranks compare the metric to 12 significant
-- digits (floating sums in another order differ in the last bits), ties broken by config_id, so the ranks
-- do not depend on how Spark partitioned the aggregation.
WITH pixels AS (
  SELECT zone, config_id, t.pos,
         SUM(size(realizations)) AS n,
         SUM(t.v.res_sum_q) AS sq, SUM(t.v.res_sum_u) AS su,
         SUM(t.v.res_sumsq_q) AS ssq, SUM(t.v.res_sumsq_u) AS ssu
  FROM units
  LATERAL VIEW posexplode(arrays_zip(res_sum_q, res_sum_u, res_sumsq_q, res_sumsq_u)) t AS pos, v
  GROUP BY zone, config_id, t.pos
),
variance AS (
  SELECT zone, config_id,
         AVG(((ssq - sq * sq / n) + (ssu - su * su / n)) / (2 * NULLIF(n - 1, 0))) AS sigma2_cmb,
         AVG((sq * sq + su * su) / (2 * n * n)) AS mean_residual_power
  FROM pixels
  GROUP BY zone, config_id
),
fits AS (
  SELECT zone, config_id,
         FIRST(method) AS method, FIRST(beta_d) AS beta_d, FIRST(temp_d) AS temp_d, FIRST(beta_s) AS beta_s,
         FIRST(clusters_beta_d) AS clusters_beta_d, FIRST(clusters_temp_d) AS clusters_temp_d,
         FIRST(clusters_beta_s) AS clusters_beta_s,
         CAST(COUNT(*) AS INT) AS realizations,
         AVG(f.nll) AS mean_nll,
         AVG(f.spatial_variance) AS spatial_variance,
         AVG(f.cl_bb_sum) AS cl_bb_sum,
         AVG(f.cl_bb_observed) AS cl_bb_observed,
         AVG(CASE WHEN f.converged THEN 1.0D ELSE 0.0D END) AS converged_fraction,
         AVG(f.iterations) AS mean_iterations
  FROM units
  LATERAL VIEW explode(arrays_zip(nll, spatial_variance, cl_bb_sum, cl_bb_observed, converged, iterations)) t AS f
  GROUP BY zone, config_id
),
systematic AS (
  SELECT zone, config_id, FIRST(sys_cl_bb_sum) AS systematic_bb_sum
  FROM units WHERE batch = 0 GROUP BY zone, config_id
),
timing AS (
  SELECT zone, config_id, SUM(cluster_seconds + fit_seconds + systematic_seconds) AS task_seconds
  FROM units GROUP BY zone, config_id
),
metrics AS (
  SELECT f.zone, f.config_id, f.method, f.beta_d, f.temp_d, f.beta_s,
         f.clusters_beta_d, f.clusters_temp_d, f.clusters_beta_s, f.realizations,
         v.sigma2_cmb, f.spatial_variance, f.cl_bb_sum, f.cl_bb_observed, f.mean_nll, v.mean_residual_power,
         s.systematic_bb_sum, s.systematic_bb_sum / ${lensing_bb_sum} AS systematic_over_lensing,
         f.converged_fraction, f.mean_iterations, t.task_seconds
  FROM fits f
  JOIN variance v ON v.zone = f.zone AND v.config_id = f.config_id
  JOIN systematic s ON s.zone = f.zone AND s.config_id = f.config_id
  JOIN timing t ON t.zone = f.zone AND t.config_id = f.config_id
)
SELECT *,
       CAST(ROW_NUMBER() OVER (PARTITION BY zone ORDER BY round(${metric} / pow(10, floor(log10(abs(${metric}))) - 11)) * pow(10, floor(log10(abs(${metric}))) - 11) ASC NULLS LAST, config_id) AS INT) AS rank
FROM metrics
