#!/usr/bin/env bash
# Submits a skypatch study to YARN in cluster mode. Needs HADOOP_CONF_DIR (or YARN_CONF_DIR) and a Java 17
# on the nodes (JAVA_HOME below). The study file travels with --files; results go to HDFS.
# Sizes for a real cluster, overridable: SKYPATCH_EXECUTORS (8), SKYPATCH_EXECUTOR_CORES (2),
# SKYPATCH_EXECUTOR_MEMORY (4g), SKYPATCH_DRIVER_MEMORY (4g). SKYPATCH_SUBMIT_OPTS: more spark-submit options,
# split on whitespace, after the ones below (a repeated --conf wins), e.g.
# "--conf spark.yarn.jars=local:/opt/spark/jars/*" (see tools/yarn-cluster-check.sh for a small cluster's).
# Spark settings, a later one winning: conf/spark-defaults.conf, the properties files named in SKYPATCH_PROPERTIES
# (space-separated, e.g. "conf/s3a.conf" for results on S3), the --conf options below, SKYPATCH_SUBMIT_OPTS.
# A lost driver is retried once (maxAppAttempts 2): the second attempt takes over the first one's results lock
# and computes only the units not yet written.
# Usage: conf/yarn/submit.sh conf/validation.yaml hdfs:///user/$USER/skypatch/validation
set -euo pipefail
study="$1"; output="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
java17="${SKYPATCH_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
read -r -d "" -a extra <<< "${SKYPATCH_SUBMIT_OPTS:-}" || true   # split on whitespace, no globbing of .../jars/*
properties="$(mktemp -t skypatch-spark.XXXXXX)"
trap 'rm -f "$properties"' EXIT
for f in "$root/conf/spark-defaults.conf" ${SKYPATCH_PROPERTIES:-}; do cat "$f"; echo; done > "$properties"
"${SPARK_HOME:?set SPARK_HOME to a Spark 4.0.1 distribution}/bin/spark-submit" \
  --master yarn --deploy-mode cluster --name skypatch \
  --class org.skypatch.job.cli.SkypatchCli --properties-file "$properties" \
  --files "$study,$root/conf/log4j2.properties" \
  --conf spark.yarn.appMasterEnv.JAVA_HOME="$java17" \
  --conf spark.executorEnv.JAVA_HOME="$java17" \
  --conf spark.executor.instances="${SKYPATCH_EXECUTORS:-8}" \
  --conf spark.executor.cores="${SKYPATCH_EXECUTOR_CORES:-2}" \
  --conf spark.executor.memory="${SKYPATCH_EXECUTOR_MEMORY:-4g}" \
  --conf spark.driver.memory="${SKYPATCH_DRIVER_MEMORY:-4g}" \
  --conf spark.yarn.maxAppAttempts=2 \
  --conf spark.driver.extraJavaOptions=-Dlog4j.configurationFile=log4j2.properties \
  "${extra[@]}" \
  "$root/spark-job/target/skypatch-job.jar" run "$(basename "$study")" --output "$output" --no-report
