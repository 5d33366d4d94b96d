#!/usr/bin/env bash
# Runs a study on a real Spark standalone cluster on this machine (a master and two 1-core workers on
# 127.0.0.1, started from the Spark jars of the local Maven repository), submitted with spark-submit
# (org.apache.spark.deploy.SparkSubmit), then the same study in local mode, and checks that both give the
# same rankings. Not part of `mvn verify`. Build first: mvn -B -q -DskipTests package
# Usage: tools/standalone-cluster-check.sh [study.yaml]   (default: conf/quickstart.yaml)
# Prints the run's fits/s, files written and the driver's peak memory (Spark's event log). Env: see
# tools/lib/compare-with-local.sh (SKYPATCH_LOCAL_RESULTS, SKYPATCH_CHECK_TIMEOUT).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/tools/lib/compare-with-local.sh"
source "$root/tools/lib/run-figures.sh"
study="$(cd "$(dirname "${1:-$root/conf/quickstart.yaml}")" && pwd)/$(basename "${1:-$root/conf/quickstart.yaml}")"
jar="$root/spark-job/target/skypatch-job.jar"
cp_file="$root/spark-job/target/local-classpath.txt"
[[ -f "$jar" && -f "$cp_file" ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/skypatch-standalone.XXXXXX")"
echo "work folder: $work"

# A Spark home needs only jars/ and RELEASE (see the facts note).
export SPARK_HOME="$work/spark"
mkdir -p "$SPARK_HOME/jars"
# Spark's classpath only: skypatch's own dependencies travel inside the application jar.
tr ':' '\n' < "$cp_file" | grep -vE '/(udf-kernels|picocli|jackson-dataformat-yaml|snakeyaml|nom-tam-fits|JTransforms|jcuda|jcuda-natives)[^/]*\.jar$' \
  | while read -r j || [[ -n "$j" ]]; do ln -sf "$j" "$SPARK_HOME/jars/"; done
echo "Spark 4.0.1 (jars from the local Maven repository)" > "$SPARK_HOME/RELEASE"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$root/pom.xml")
port=$((17000 + RANDOM % 2000)); ui=$((port + 1))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

java -Xmx512m $opens -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port "$ui" > "$work/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  java -Xmx256m $opens -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
    --cores 1 --memory 1500m --work-dir "$work/worker$i" --webui-port 0 "spark://127.0.0.1:$port" \
    > "$work/worker$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 60); do
  [[ $(grep -c "Registering worker" "$work/master.log" 2>/dev/null || true) -ge 2 ]] && break
  sleep 1
done
grep -c "Registering worker" "$work/master.log" | grep -q 2 || { echo "workers did not register; see $work" >&2; exit 1; }
echo "standalone master spark://127.0.0.1:$port with 2 workers"

start=$(date +%s)
timeout "${SKYPATCH_CHECK_TIMEOUT:-1200}" java -Xmx1g $opens -Dlog4j.configurationFile="$root/conf/log4j2.properties" -cp "$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$port" \
  --conf spark.executor.memory=1g --conf spark.executor.cores=1 --conf spark.cores.max=2 $(event_log_opts "$work/events") \
  --class org.skypatch.job.cli.SkypatchCli "$jar" run "$study" --output "$work/standalone" --no-report \
  2>&1 | tee "$work/standalone.log" | grep -E "INFO (GridSearch|Progress|StudyRunner|TensorEstimation)|^r \(|^study"
standalone_s=$(( $(date +%s) - start ))
echo "standalone run: $standalone_s s"
executors=$(ls -d "$work"/worker*/app-*/* 2>/dev/null | wc -l)
echo "executor JVMs started by the workers: $executors"
run_figures "$work/standalone" "$standalone_s" "$work/events"

compare_with_local "standalone ($standalone_s s)" "$work/standalone"
