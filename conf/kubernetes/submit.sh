#!/usr/bin/env bash
# Submits a skypatch study to Kubernetes in cluster mode with the image of docker/Dockerfile (or
# docker/Dockerfile.gpu: same paths). STUDY is a path in the image (default conf/validation.yaml there).
# Overridable: SKYPATCH_NAMESPACE (skypatch), SKYPATCH_SERVICE_ACCOUNT (spark), SKYPATCH_EXECUTORS (8).
# Spark settings, a later one winning: conf/spark-defaults.conf, the properties files named in SKYPATCH_PROPERTIES
# (space-separated), the --conf options below, SKYPATCH_SUBMIT_OPTS (more spark-submit options, split on
# whitespace). Results on S3 take conf/s3a.conf; GPU executors conf/spark-gpu.conf, e.g. from the repository root:
#   SKYPATCH_PROPERTIES="conf/s3a.conf conf/spark-gpu.conf" conf/kubernetes/submit.sh \
#     https://K8S-API:6443 REGISTRY/skypatch-gpu:0.1.0 s3a://bucket/results/validation
# Usage: conf/kubernetes/submit.sh https://K8S-API:6443 REGISTRY/skypatch:0.1.0 s3a://bucket/results/validation [study]
set -euo pipefail
api="$1"; image="$2"; output="$3"; study="${4:-/opt/spark/work-dir/conf/validation.yaml}"
here="$(cd "$(dirname "$0")" && pwd)"
read -r -d "" -a extra <<< "${SKYPATCH_SUBMIT_OPTS:-}" || true   # split on whitespace, no globbing
properties="$(mktemp -t skypatch-spark.XXXXXX)"
trap 'rm -f "$properties"' EXIT
for f in "$here/../spark-defaults.conf" ${SKYPATCH_PROPERTIES:-}; do cat "$f"; echo; done > "$properties"
"${SPARK_HOME:?set SPARK_HOME to a Spark 4.0.1 distribution}/bin/spark-submit" \
  --master "k8s://$api" --deploy-mode cluster --name skypatch \
  --class org.skypatch.job.cli.SkypatchCli --properties-file "$properties" \
  --conf spark.kubernetes.container.image="$image" \
  --conf spark.kubernetes.namespace="${SKYPATCH_NAMESPACE:-skypatch}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${SKYPATCH_SERVICE_ACCOUNT:-spark}" \
  --conf spark.kubernetes.driver.podTemplateFile="$here/pod-template.yaml" \
  --conf spark.kubernetes.executor.podTemplateFile="$here/pod-template.yaml" \
  --conf spark.executor.instances="${SKYPATCH_EXECUTORS:-8}" \
  --conf spark.executor.cores=2 --conf spark.executor.memory=4g --conf spark.driver.memory=4g \
  --conf spark.driver.extraJavaOptions=-Dlog4j.configurationFile=/opt/spark/work-dir/conf/log4j2.properties \
  "${extra[@]}" \
  local:///opt/spark/work-dir/skypatch-job.jar run "$study" --output "$output" --no-report
