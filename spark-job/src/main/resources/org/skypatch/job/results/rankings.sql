-- Ranking metrics per (zone, configuration) from the units table (one row per work unit).
-- sigma2_cmb: mean over zone pixels of the variance across noise realizations of the reconstructed
--   CMB (mean of Q and U), from the mergeable per-pixel sums (n, sum, sum of squares); uK_CMB^2.
-- spatial_variance: the reference code's variant, the spatial variance of the reconstructed CMB in
--   each realization, averaged over realizations; uK_CMB^2.
-- cl_bb_sum: BB of the total residual in the zone (divided by the zone's f_sky) summed over
--   l = 2..2 nside + 1, mean over realizations; uK_CMB^2 (anafast without Jacobi iterations). Needs the true CMB.
-- cl_bb_observed: the same for the reconstructed CMB itself; no truth needed.
-- systematic_bb_sum: the same for the systematic residual (the foreground-only fit, in batch 0 or, with successive
--   halving, in a unit of its own for the finalists only: null for the others), and
--   systematic_over_lensing: it over lensing BB summed over the same multipoles (${lensing_bb_sum}).
-- ${metric} is replaced by the study's ranking metric column. Configurations fitted on more realizations rank first
-- (successive halving's survivors; an exhaustive search fits all on the same). Ranks compare the metric to 12 significant
-- digits (floating sums in another order differ in the last bits), ties broken by config_id, so the ranks
-- do not depend on how Spark partitioned the aggregation.
WITH sums AS (
  -- A configuration's units (batches of realizations) in batch order, so that the sums below do not depend on
  -- how Spark partitioned the table; then no row per pixel: the per-pixel sums are added array by array.
  SELECT zone, config_id, SUM(size(realizations)) AS n,
         array_sort(collect_list(struct(batch, res_sum_q, res_sum_u, res_sumsq_q, res_sumsq_u))) AS parts
  FROM units
  GROUP BY zone, config_id
),
pixels AS (
  SELECT zone, config_id, n,
         aggregate(parts, array_repeat(0D, size(parts[0].res_sum_q)),
                   (acc, p) -> zip_with(acc, p.res_sum_q, (a, b) -> a + b)) AS sq,
         aggregate(parts, array_repeat(0D, size(parts[0].res_sum_q)),
                   (acc, p) -> zip_with(acc, p.res_sum_u, (a, b) -> a + b)) AS su,
         aggregate(parts, array_repeat(0D, size(parts[0].res_sum_q)),
                   (acc, p) -> zip_with(acc, p.res_sumsq_q, (a, b) -> a + b)) AS ssq,
         aggregate(parts, array_repeat(0D, size(parts[0].res_sum_q)),
                   (acc, p) -> zip_with(acc, p.res_sumsq_u, (a, b) -> a + b)) AS ssu
  FROM sums
),
variance AS (
  SELECT zone, config_id,
         aggregate(sequence(0, size(sq) - 1), 0D, (acc, i) ->
                   acc + ((ssq[i] - sq[i] * sq[i] / n) + (ssu[i] - su[i] * su[i] / n)) / (2 * NULLIF(n - 1, 0)))
           / size(sq) AS sigma2_cmb,
         aggregate(sequence(0, size(sq) - 1), 0D, (acc, i) -> acc + (sq[i] * sq[i] + su[i] * su[i]) / (2 * n * n))
           / size(sq) AS mean_residual_power
  FROM pixels
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
  FROM units WHERE sys_cl_bb_sum IS NOT NULL GROUP BY zone, config_id
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
  LEFT JOIN systematic s ON s.zone = f.zone AND s.config_id = f.config_id
  JOIN timing t ON t.zone = f.zone AND t.config_id = f.config_id
)
SELECT *,
       CAST(ROW_NUMBER() OVER (PARTITION BY zone ORDER BY realizations DESC, round(${metric} / pow(10, floor(log10(abs(${metric}))) - 11)) * pow(10, floor(log10(abs(${metric}))) - 11) ASC NULLS LAST, config_id) AS INT) AS rank
FROM metrics
