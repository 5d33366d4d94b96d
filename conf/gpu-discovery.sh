#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs this
# executor may use as {"name":"gpu","addresses":["0","1",...]} from nvidia-smi's indices.
# No nvidia-smi or no GPU prints an empty list, and Spark then refuses the GPU resource request.
set -uo pipefail
addresses=""
if command -v nvidia-smi >/dev/null 2>&1; then
  while read -r index; do
    [[ -z "$index" ]] && continue
    addresses+="${addresses:+,}\"${index}\""
  done < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)
fi
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
