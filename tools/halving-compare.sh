#!/usr/bin/env bash
# Compares a successive-halving results folder with an exhaustive one of the same study (same sky, grid, seeds
# and realizations): per zone the configuration each chose, the exhaustive search's metric of both (over all
# realizations), their difference with the standard error of the paired difference (realization by realization),
# the halving choice's rank in the exhaustive rankings, and the fits each folder holds. Build first:
# mvn -B -q -DskipTests package
# Usage: tools/halving-compare.sh EXHAUSTIVE_RESULTS HALVING_RESULTS [metric column, default spatial_variance]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exhaustive="${1:?give the exhaustive results folder}"; halving="${2:?give the halving results folder}"
column="${3:-spatial_variance}"
[[ "$column" == mean_nll ]] && column=nll   # the units table's per-realization column
sql() { "$root/bin/skypatch" sql "$1" "$2" --rows 1000 2>/dev/null; }
sql "$exhaustive" "
WITH h AS (SELECT zone, config_id AS halving_choice FROM parquet.\`$halving/best\`),
e AS (SELECT zone, config_id AS exhaustive_choice FROM best),
v AS (SELECT zone, config_id, t.v.realizations AS r, t.v.$column AS m
      FROM units LATERAL VIEW explode(arrays_zip(realizations, $column)) t AS v),
d AS (SELECT e.zone, e.exhaustive_choice, h.halving_choice, a.m AS me, b.m AS mh
      FROM e JOIN h ON e.zone = h.zone
      JOIN v a ON a.zone = e.zone AND a.config_id = e.exhaustive_choice
      JOIN v b ON b.zone = e.zone AND b.config_id = h.halving_choice AND b.r = a.r)
SELECT d.zone, exhaustive_choice, halving_choice, count(*) AS realizations,
       avg(me) AS exhaustive_choice_$column, avg(mh) AS halving_choice_$column, avg(mh - me) AS difference,
       stddev_samp(mh - me) / sqrt(count(*)) AS stderr_of_difference, first(k.rank) AS halving_choice_rank
FROM d JOIN rankings k ON k.zone = d.zone AND k.config_id = d.halving_choice
GROUP BY d.zone, exhaustive_choice, halving_choice ORDER BY d.zone"
fits="SELECT sum(size(realizations) + CASE WHEN sys_q IS NULL THEN 0 ELSE 1 END) AS fits FROM units"
e=$(sql "$exhaustive" "$fits" | tail -1 | tr -d ' ')
h=$(sql "$halving" "$fits" | tail -1 | tr -d ' ')
echo "fits: exhaustive $e, halving $h ($(awk -v h="$h" -v e="$e" 'BEGIN { printf "%.1f", 100 * h / e }')%)"
