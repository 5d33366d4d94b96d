-- Each noise realization's own choice in each of the study's zones ${zones} (r.perRealization, the paper's
-- section 5.7): the configuration with the lowest ${column} in that realization, ties broken by config_id. One row
-- per metric value, not per pixel: 1.92 million rows at the paper's scale.
WITH values AS (
  SELECT zone, config_id, method, beta_d, temp_d, beta_s, v.realizations AS realization, v.${column} AS value
  FROM units LATERAL VIEW explode(arrays_zip(realizations, ${column})) t AS v
  WHERE zone IN (${zones})
),
ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY zone, realization ORDER BY value, config_id) AS k FROM values
)
SELECT zone, realization, config_id, method, beta_d, temp_d, beta_s, value AS ${column}
FROM ranked
WHERE k = 1
ORDER BY zone, realization
