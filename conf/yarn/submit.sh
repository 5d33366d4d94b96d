#!/usr/bin/env bash
# Submits a skypatch study to YARN in cluster mode. Needs HADOOP_CONF_DIR (or YARN_CONF_DIR) and a Java 17
# on the nodes (JAVA_HOME below). The study file travels with --files; results go to HDFS.
# Usage: conf/yarn/submit.sh conf/validation.yaml hdfs:///user/$USER/skypatch/validation
set -euo pipefail
study="$1"; output="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
java17="${SKYPATCH_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
exec "${SPARK_HOME:?set SPARK_HOME to a Spark 4.0.1 distribution}/bin/spark-submit" \
  --master yarn --deploy-mode cluster --name skypatch \
  --class org.skypatch.job.cli.SkypatchCli \
  --files "$study,$root/conf/log4j2.properties" \
  --conf spark.yarn.appMasterEnv.JAVA_HOME="$java17" \
  --conf spark.executorEnv.JAVA_HOME="$java17" \
  --conf spark.executor.instances="${SKYPATCH_EXECUTORS:-8}" \
  --conf spark.executor.cores=2 --conf spark.executor.memory=4g --conf spark.driver.memory=4g \
  --conf spark.yarn.maxAppAttempts=1 \
  --conf spark.driver.extraJavaOptions=-Dlog4j.configurationFile=log4j2.properties \
  "$root/spark-job/target/skypatch-job.jar" run "$(basename "$study")" --output "$output" --no-report
