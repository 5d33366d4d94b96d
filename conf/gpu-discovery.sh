#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs this
# executor may use as {"name":"gpu","addresses":["0","1",...]} from nvidia-smi's indices (PCI bus
# order, hence CUDA_DEVICE_ORDER=PCI_BUS_ID in the GPU image and conf/spark-gpu.conf).
# Only plain non-negative integers count: nvidia-smi can print messages such as "No devices were
# found" instead of indices. No nvidia-smi or no GPU prints an empty list and exits 0 (Spark fails on
# a non-zero exit or invalid JSON); the executor's GPU request then goes unmet and it does not start.
set -u
addresses=""
if command -v nvidia-smi >/dev/null 2>&1; then
  while read -r index || [[ -n "$index" ]]; do
    [[ "$index" =~ ^[0-9]+$ ]] || continue
    addresses+="${addresses:+,}\"${index}\""
  done < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)
fi
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
