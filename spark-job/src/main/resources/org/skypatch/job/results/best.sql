-- The configuration chosen in each of the study's zones ${zones} (SelectionRule; whole-mask baselines are not chosen). Candidates are the ${top_n} best by the ranking metric;
-- those whose systematic_over_lensing is at most ${systematic_max} come first, then the lowest
-- systematic_over_lensing, then the rank (with ${top_n} = 1 and no threshold: rank 1). rule_met is false when no
-- candidate is under the threshold; runner_up is the candidate the rule puts second.
WITH candidates AS (
  SELECT *,
         ROW_NUMBER() OVER (PARTITION BY zone
                            ORDER BY CASE WHEN systematic_over_lensing <= ${systematic_max} THEN 0 ELSE 1 END,
                                     CASE WHEN ${top_n} = 1 THEN 0 ELSE systematic_over_lensing END NULLS LAST, rank) AS choice
  FROM rankings
  WHERE rank <= ${top_n} AND zone IN (${zones})
)
SELECT c.zone, c.config_id, c.method, c.beta_d, c.temp_d, c.beta_s,
       c.clusters_beta_d, c.clusters_temp_d, c.clusters_beta_s,
       c.sigma2_cmb, c.spatial_variance, c.cl_bb_observed, c.cl_bb_sum, c.mean_nll, c.systematic_over_lensing,
       c.rank, '${rule}' AS rule, c.systematic_over_lensing <= ${systematic_max} AS rule_met,
       r.config_id AS runner_up
FROM candidates c
LEFT JOIN candidates r ON r.zone = c.zone AND r.choice = 2
WHERE c.choice = 1
ORDER BY c.zone
