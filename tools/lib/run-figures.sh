# Sourced by the cluster checks (tools/*-cluster-check.sh): the figures BENCHMARKS.md records of a cluster run.
# Usage: event_log_opts DIR (spark-submit options writing Spark's event log, with the driver's and executors'
# peak memory per stage, into DIR); run_figures RESULTS SECONDS DIR (fits, fits/s, files written and the
# driver's peak JVM memory read back from the event log).
event_log_opts() {
  mkdir -p "$1"
  echo "--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$1
    --conf spark.eventLog.logStageExecutorMetrics=true --conf spark.executor.processTreeMetrics.enabled=true
    --conf spark.eventLog.compress=false"
}

run_figures() {
  local results="$1" seconds="$2" events="$3" fits files
  fits=$("$root/bin/skypatch" sql "$results" "SELECT sum(size(realizations) + CASE WHEN sys_q IS NULL THEN 0 ELSE 1 END) AS fits FROM units" 2>/dev/null | tail -1 | tr -d ' ')
  files=$(find "${results#file://}" -type f -name '*.parquet' | wc -l)
  echo "fits: $fits in $seconds s: $(awk -v f="$fits" -v s="$seconds" 'BEGIN { printf "%.1f", f / s }') fits/s (the whole run)"
  echo "Parquet files written: $files ($(find "${results#file://}/units" -type f -name '*.parquet' | wc -l) in units/)"
  python3 - "$events" <<'PY'
import glob, json, os, subprocess, sys
peak = {}
# Spark 4 writes a folder per application (rolling event log), zstd-compressed unless told otherwise
for path in glob.glob(sys.argv[1] + "/**/events_*", recursive=True) + glob.glob(sys.argv[1] + "/app-*"):
    if os.path.isdir(path):
        continue
    text = subprocess.run(["zstd", "-dc", path], capture_output=True, text=True, check=True).stdout \
        if path.endswith(".zstd") else open(path).read()
    for line in text.splitlines():
        e = json.loads(line)
        if e.get("Event") == "SparkListenerStageExecutorMetrics" and e.get("Executor ID") == "driver":
            for k, v in e.get("Executor Metrics", {}).items():
                peak[k] = max(peak.get(k, 0), v)
if not peak:
    print("driver peak memory: no driver metrics in the event log under " + sys.argv[1])
else:
    mib = lambda k: "%.0f MiB" % (peak.get(k, 0) / 2**20)
    print("driver peak memory (event log): JVM heap %s, off-heap %s, process RSS %s" % (
        mib("JVMHeapMemory"), mib("JVMOffHeapMemory"), mib("ProcessTreeJVMRSSMemory")))
PY
}
