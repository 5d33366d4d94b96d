# Sourced by the cluster checks (tools/*-check.sh): Python tools in venvs cached under ~/.cache/skypatch.

# cached_venv DIR CHECK PIP-SPEC...: creates DIR and installs the specs unless DIR's python runs CHECK.
cached_venv() {
  local dir="$1" check="$2"; shift 2
  if ! "$dir/bin/python" -c "$check" 2>/dev/null; then
    echo "installing $* into $dir" >&2
    python3 -m venv "$dir"
    timeout 600 "$dir/bin/pip" install -q "$@" >&2
  fi
}

# pyspark_spark_home: prints the SPARK_HOME of pip's pyspark 4.0.1 (a Spark distribution with bin/spark-submit and
# spark-yarn, which the Maven jars lack), in SKYPATCH_PYSPARK_VENV or the cached venv.
pyspark_spark_home() {
  local venv="${SKYPATCH_PYSPARK_VENV:-$HOME/.cache/skypatch/pyspark-venv}"
  cached_venv "$venv" 'import sys, pyspark; sys.exit(pyspark.__version__ != "4.0.1")' pyspark==4.0.1
  "$venv/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
}
