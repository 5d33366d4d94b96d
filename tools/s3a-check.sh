#!/usr/bin/env bash
# Runs a study with its results on S3, the way the images do it: spark-submit (pip's pyspark 4.0.1) in local mode
# with the three jars docker/Dockerfile adds (hadoop-aws 3.4.1, the AWS SDK v2 bundle, spark-hadoop-cloud, from
# Maven) and conf/spark-defaults.conf + conf/s3a.conf (the magic committer), writing to an S3 API served on
# 127.0.0.1 by moto (PyPI); then downloads the results and checks that the rankings equal a local-mode run's.
# Not part of `mvn verify`; the first run downloads about 600 MB. Build first: mvn -B -q -DskipTests package
# Usage: tools/s3a-check.sh [study.yaml]   (default: conf/quickstart.yaml)
# Env: SKYPATCH_PYSPARK_VENV, SKYPATCH_MOTO_VENV (venvs to use or create, cached under ~/.cache/skypatch).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/tools/lib/compare-with-local.sh"
source "$root/tools/lib/venvs.sh"
study="$(cd "$(dirname "${1:-$root/conf/quickstart.yaml}")" && pwd)/$(basename "${1:-$root/conf/quickstart.yaml}")"
jar="$root/spark-job/target/skypatch-job.jar"
[[ -f "$jar" ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/skypatch-s3a.XXXXXX")"
echo "work folder: $work"

moto="${SKYPATCH_MOTO_VENV:-$HOME/.cache/skypatch/moto-venv}"
cached_venv "$moto" "import moto, boto3" "moto[server]==5.*" boto3
SPARK_HOME="$(pyspark_spark_home)"
export SPARK_HOME SPARK_LOCAL_IP=127.0.0.1

# The jars of the images, at the versions the images pin (DeploymentFilesTest keeps those equal to Spark's).
jars=()
for url in $(sed -n 's:^ *\$MAVEN/\([^ ]*\.jar\) .*:\1:p' "$root/docker/Dockerfile"); do
  IFS=/ read -r -a p <<< "$url"; n=${#p[@]}
  group=$(IFS=.; echo "${p[*]:0:n-3}")
  timeout 900 mvn -B -q dependency:copy -Dartifact="$group:${p[n-3]}:${p[n-2]}" -DoutputDirectory="$work/jars" \
    > "$work/jars.log" 2>&1 || { cat "$work/jars.log" >&2; exit 1; }
  jars+=("$work/jars/${p[n-1]}")
done
[[ ${#jars[@]} -eq 3 ]] || { echo "expected 3 jars in docker/Dockerfile, found ${#jars[@]}" >&2; exit 1; }

port=$((19000 + RANDOM % 2000))
pid=
cleanup() { [[ -z "$pid" ]] || kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT
"$moto/bin/moto_server" -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
pid=$!
endpoint="http://127.0.0.1:$port"
for _ in $(seq 30); do curl -sf -X PUT "$endpoint/skypatch" > /dev/null && break; sleep 1; done
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1

# What the submit scripts pass (spark-defaults, then s3a.conf), then this store's address.
{ cat "$root/conf/spark-defaults.conf" "$root/conf/s3a.conf"
  echo "spark.hadoop.fs.s3a.endpoint $endpoint"
  echo "spark.hadoop.fs.s3a.endpoint.region us-east-1"
  echo "spark.hadoop.fs.s3a.path.style.access true"
  echo "spark.hadoop.fs.s3a.connection.ssl.enabled false"
  echo "spark.driver.memory 2g"; } > "$work/spark.conf"
start=$(date +%s)
timeout 1200 "$SPARK_HOME/bin/spark-submit" --master 'local[2]' --properties-file "$work/spark.conf" \
  --conf spark.driver.extraJavaOptions=-Dlog4j.configurationFile="$root/conf/log4j2.properties" \
  --jars "$(IFS=,; echo "${jars[*]}")" --class org.skypatch.job.cli.SkypatchCli "$jar" \
  run "$study" --output s3a://skypatch/results --no-report 2>&1 | tee "$work/s3a.log" \
  | grep -E "INFO (GridSearch|StudyRunner|TensorEstimation)|^r \(|^study|Exception|rror"
s3a_s=$(( $(date +%s) - start ))
echo "run on s3a://: $s3a_s s"

# The results as the store holds them, copied down; no staging or magic-committer folders may be left.
"$moto/bin/python" - "$endpoint" "$work/s3-copy" <<'EOF'
import os, sys, boto3
endpoint, out = sys.argv[1], sys.argv[2]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket="skypatch")
        for o in page.get("Contents", []) if not o["Key"].endswith("/")]  # not S3A's directory markers
left = [k for k in keys if "__magic" in k or "/_staging/" in k or "_temporary" in k]
print(f"{len(keys)} objects in s3a://skypatch/, {sum(k.startswith('results/units/') for k in keys)} under units/, "
      f"{len(left)} left by committers or staging")
for k in keys:
    path = os.path.join(out, k)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    s3.download_file("skypatch", k, path)
sys.exit(1 if left else 0)
EOF
compare_with_local "s3a ($s3a_s s)" "$work/s3-copy/results"
