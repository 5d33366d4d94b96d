-- The best configuration of each zone by the study's metric (rank 1 of the rankings table).
SELECT zone, config_id, method, beta_d, temp_d, beta_s,
       clusters_beta_d, clusters_temp_d, clusters_beta_s,
       sigma2_cmb, spatial_variance, cl_bb_sum, mean_nll
FROM rankings
WHERE rank = 1
ORDER BY zone
