#!/usr/bin/env bash
# Runs a study on a real one-node YARN cluster on this machine (Hadoop's MiniYARNCluster: a ResourceManager and
# one NodeManager on 127.0.0.1, tools/yarn-cluster/), submitted in cluster mode by conf/yarn/submit.sh with a
# Spark 4.0.1 distribution that has spark-yarn (pip's pyspark, in a venv cached under ~/.cache/skypatch), then
# the same study in local mode, and checks that both give the same rankings. Not part of `mvn verify`; the
# first run downloads the cluster's jars (Maven Central) and pyspark (PyPI). Build first: mvn -B -q -DskipTests package
# Usage: tools/yarn-cluster-check.sh [--kill-driver] [study.yaml]   (default: conf/quickstart.yaml)
#   --kill-driver: kill -9 the driver (the ApplicationMaster's JVM) after 17 units, past the quickstart's first
#   committed wave of 16; YARN's second attempt (submit.sh's maxAppAttempts 2) must take over the results lock,
#   compute only the missing units and give the same rankings.
# Prints the run's fits/s, files written and the driver's peak memory (Spark's event log).
# Env: SKYPATCH_PYSPARK_VENV (venv to use or create), SKYPATCH_JAVA_HOME (a Java 17; default as in submit.sh),
# SKYPATCH_LOCAL_RESULTS and SKYPATCH_CHECK_TIMEOUT (tools/lib/compare-with-local.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kill_driver=false
[[ "${1:-}" == --kill-driver ]] && { kill_driver=true; shift; }
source "$root/tools/lib/compare-with-local.sh"
source "$root/tools/lib/run-figures.sh"
source "$root/tools/lib/venvs.sh"
study="$(cd "$(dirname "${1:-$root/conf/quickstart.yaml}")" && pwd)/$(basename "${1:-$root/conf/quickstart.yaml}")"
jar="$root/spark-job/target/skypatch-job.jar"
[[ -f "$jar" ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
export JAVA_HOME="${SKYPATCH_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"   # the containers inherit it
[[ -x "$JAVA_HOME/bin/java" ]] || { echo "no Java 17 at $JAVA_HOME: set SKYPATCH_JAVA_HOME" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/skypatch-yarn.XXXXXX")"
echo "work folder: $work"

# The cluster: a small Maven project of its own (its jars are not the job's).
tool="$root/tools/yarn-cluster"
timeout 600 mvn -B -q -f "$tool/pom.xml" compile > "$work/cluster-build.log" 2>&1 \
  || { cat "$work/cluster-build.log" >&2; echo "could not build $tool" >&2; exit 1; }
SPARK_HOME="$(pyspark_spark_home)"
export SPARK_HOME SPARK_LOCAL_IP=127.0.0.1 HADOOP_CONF_DIR="$work/hadoop-conf"
ls "$SPARK_HOME"/jars/spark-yarn_2.13-4.0.1.jar > /dev/null

pid=
cleanup() {
  [[ -n "$pid" ]] || return 0
  kill "$pid" 2>/dev/null || true   # its shutdown hook stops the NodeManager, which ends the containers
  for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
}
trap cleanup EXIT
mkdir "$work/cluster"
# Work and log folders of the containers land in target/ under the cluster's working directory.
(cd "$work/cluster" && exec "$JAVA_HOME/bin/java" -Xmx1g --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$tool/target/classes:$(cat "$tool/target/classpath.txt")" org.skypatch.tools.OneNodeYarn "$HADOOP_CONF_DIR") \
  > "$work/cluster.log" 2>&1 &
pid=$!
for _ in $(seq 120); do
  grep -q "^YARN " "$work/cluster.log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
grep "^YARN ready" "$work/cluster.log" || { echo "YARN did not start; see $work/cluster.log" >&2; exit 1; }

# Through the project's own submit script, sized for this machine: 2 executors of 1 core.
start=$(date +%s)
status=0
SKYPATCH_EXECUTORS=2 SKYPATCH_EXECUTOR_CORES=1 SKYPATCH_EXECUTOR_MEMORY=768m SKYPATCH_DRIVER_MEMORY=768m \
SKYPATCH_SUBMIT_OPTS="--conf spark.yarn.jars=local:$SPARK_HOME/jars/* --conf spark.yarn.stagingDir=file://$work/staging
  --conf spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1 --conf spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1
  $(event_log_opts "$work/events")" \
  timeout "${SKYPATCH_CHECK_TIMEOUT:-900}" "$root/conf/yarn/submit.sh" "$study" "file://$work/yarn" > "$work/submit.log" 2>&1 &
submit=$!
if $kill_driver; then
  # Once the driver's progress line passes 16 units (a first wave committed), kill it without warning.
  for _ in $(seq 600); do
    grep -lqE "Progress: units (1[7-9]|[2-9][0-9])/" $(find "$work/cluster" -path "*_01_000001/std*" 2>/dev/null) /dev/null 2>/dev/null && break
    sleep 0.5
  done
  driver=
  for p in $(pgrep -f "org.apache.spark.deploy.yarn.ApplicationMaster.*$work" || true); do
    [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == java ]] && driver=$p   # the JVM, not its launch script
  done
  [[ -n "$driver" ]] || { echo "FAIL: no driver to kill" >&2; exit 1; }
  kill -9 "$driver"
  echo "killed the driver (pid $driver) of attempt 1 after: $(grep -hoE "units [0-9]+/[0-9]+" $(find "$work/cluster" -path "*_01_000001/std*") | tail -1)"
fi
wait "$submit" || status=$?
yarn_s=$(( $(date +%s) - start ))
app=$(grep -o "application_[0-9]*_[0-9]*" "$work/submit.log" | head -1 || true)
grep -o "final status: [A-Z]*" "$work/submit.log" | tail -1 || true
# The driver ran in the ApplicationMaster's container (id ending _000001): its stdout holds the job's summary.
am_out=$(find "$work/cluster" -path "*${app:-none}*" -path "*_000001/stdout" 2>/dev/null | sort | tail -1)
[[ -n "$am_out" ]] && grep -E "^r \(|^study" "$am_out" || true
containers=$(find "$work/cluster" -type d -path "*logDir*/${app:-none}/container_*" 2>/dev/null | wc -l)
echo "YARN run ($app): $yarn_s s, exit $status, containers: $containers (1 application master + executors)"
if [[ $status -ne 0 ]]; then
  grep "diagnostics:" "$work/submit.log" | grep -v "N/A" | tail -1 || true
  echo "FAIL: spark-submit exited $status; see $work/submit.log and ${am_out:-the container logs under $work/cluster}"; exit 1
fi

if $kill_driver; then
  am_err="${am_out%stdout}stderr"
  grep -hE "taking over the lock|already written" "$am_out" "$am_err" || true
  grep -qE "attempt 2 of the same Spark application" "$am_out" "$am_err" \
    || { echo "FAIL: the second attempt did not take over the lock; see $am_err" >&2; exit 1; }
fi
run_figures "$work/yarn" "$yarn_s" "$work/events"
compare_with_local "YARN (cluster mode, $yarn_s s)" "$work/yarn"
