# Sourced by the cluster checks (tools/*-cluster-check.sh): runs the same study in local mode and checks that
# its rankings equal the cluster run's, row by row (same configuration at every rank, sigma2_cmb to 1e-9).
# Needs root, study and work set by the caller. Usage: compare_with_local LABEL CLUSTER_RESULTS
# Env: SKYPATCH_LOCAL_RESULTS: a finished local-mode results folder of the same study to compare with instead
# of running it again (a long study); SKYPATCH_CHECK_TIMEOUT: seconds a run may take (default 1200).
compare_with_local() {
  local label="$1" cluster="$2" start local_s query rows matched local="${SKYPATCH_LOCAL_RESULTS:-$work/local}"
  start=$(date +%s)
  if [[ -z "${SKYPATCH_LOCAL_RESULTS:-}" ]]; then
    timeout "${SKYPATCH_CHECK_TIMEOUT:-1200}" "$root/bin/skypatch" run "$study" --output "$local" --no-report 2>&1 \
      | tee "$work/local.log" | grep -E "^r \(|^study"
  fi
  local_s=$(( $(date +%s) - start ))
  echo "local run ($local): $local_s s"
  query="SELECT a.zone, a.rank, a.config_id, b.config_id AS local_config_id,
    abs(a.sigma2_cmb - b.sigma2_cmb) / b.sigma2_cmb AS rel_diff_sigma2
    FROM parquet.\`$cluster/rankings\` a
    JOIN parquet.\`$local/rankings\` b ON a.zone = b.zone AND a.rank = b.rank ORDER BY a.zone, a.rank"
  "$root/bin/skypatch" sql "$cluster" "$query" --rows 1000 2>/dev/null | tee "$work/compare.txt"
  rows=$("$root/bin/skypatch" sql "$cluster" "SELECT count(*) AS n FROM parquet.\`$local/rankings\`" 2>/dev/null | tail -1 | tr -d ' ')
  matched=$("$root/bin/skypatch" sql "$cluster" "SELECT count(*) AS n FROM ($query) WHERE config_id = local_config_id AND rel_diff_sigma2 <= 1e-9" 2>/dev/null | tail -1 | tr -d ' ')
  if [[ -n "$rows" && "$rows" != "0" && "$matched" == "$rows" ]]; then
    echo "PASS: $label and local ${SKYPATCH_LOCAL_RESULTS:-($local_s s)} rankings are identical ($rows rows)"
  else
    echo "FAIL: $matched of $rows ranking rows match (see $work/compare.txt)"
    exit 1
  fi
}
