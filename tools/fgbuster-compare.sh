#!/usr/bin/env bash
# skypatch fit against fgbuster on a new sky: makes the sky with ../shared/tools/fgbuster-peer (fgbuster itself;
# set it up first as its README says), fits it with fgbuster's TNC (single patch, nside-8 patches, K-means
# 300/100/50, multi-resolution 8/4/2) and with `bin/skypatch fit` given the same label maps (nside-8 patches
# also in the wide box [0, 5] x [3, 300] K x [-10, 5]), and prints the table of BENCHMARKS.md.
#
#   tools/fgbuster-compare.sh SEED DIR        (after mvn -B -q -DskipTests package)
#
# Steps already done in DIR (sky, fgbuster fits) are not repeated. On 2 cores fgbuster's K-means and
# multi-resolution fits take 5-20 minutes each; FGBUSTER_PEER overrides the peer's folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seed=${1:?usage: tools/fgbuster-compare.sh SEED DIR}
dir=$(mkdir -p "${2:?usage: tools/fgbuster-compare.sh SEED DIR}" && cd "$2" && pwd)
peer=${FGBUSTER_PEER:-$root/../shared/tools/fgbuster-peer}
. "$peer/env.sh"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
[[ -f "$dir/freq_maps.npy" ]] || "$PY" "$peer/make_sky.py" --out "$dir" --seed "$seed"
configs=single_patch_tnc,basic_nside8_tnc,kmeans_300_100_50_tnc,multires_8_4_2_tnc
done_all=$("$PY" -c "import json,sys; c=json.load(open(sys.argv[1]))['configs']; print(all(k in c and c[k]['status']=='ok' for k in sys.argv[2].split(',')))" \
    "$dir/fgbuster_results.json" "$configs" 2>/dev/null || echo False)
[[ "$done_all" == True ]] || "$PY" "$peer/run_compsep.py" --data "$dir" --configs "$configs" --reps 1 --time-limit 5400
"$PY" "$root/tools/fgbuster_compare.py" labels "$dir"
maps=$(ls "$dir"/fits/freq_maps_[0-9]*GHz.fits | paste -sd, -)
fit() {
    local case=$1
    shift
    local t0 t1
    t0=$(date +%s.%N)
    "$root/bin/skypatch" fit --maps "$maps" --units K_CMB --mask "$dir/fits/mask.fits" --out "$dir/skypatch/$case" "$@"
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc > "$dir/skypatch/$case/wall.txt"
}
fit single --single
fit nside8 --labels "$dir/skypatch/labels_nside8.fits"
fit nside8_wide --labels "$dir/skypatch/labels_nside8_wide.fits" --start 1.6,22,-2.7 --lower 0,3,-10 --upper 5,300,5
fit kmeans --labels "$dir/skypatch/labels_kmeans.fits"
fit multires --labels "$dir/skypatch/labels_multires.fits"
"$PY" "$root/tools/fgbuster_compare.py" table "$dir" | tee "$dir/comparison.md"
