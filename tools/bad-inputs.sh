#!/usr/bin/env bash
# Tries bad inputs and faults on bin/skypatch, one case at a time, and prints a markdown table: the case, the
# exit code, the lines of stack trace printed (0 expected) and the one line printed (the error, or for a case
# that runs on, its warning). docs/bad-inputs.md is its output. Build first: mvn -B -q -DskipTests package.
# About 10 minutes on 2 cores.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sp="$root/bin/skypatch"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

# one row: the case, then the command; the line shown is skypatch's error, else its first warning
row() {
  local what="$1"
  shift
  "$@" >"$work/stdout" 2>"$work/stderr"
  local code=$?
  local line
  line="$(grep -m1 '^skypatch' "$work/stderr" || grep -m1 -E ' WARN (UnseenPixels|UnitStore|StudyManifest|ResultsLock|StudyRunner):' "$work/stderr" | sed -E 's/^[0-9:]+ WARN [A-Za-z]+: /(warning) /')"
  [[ -n "$line" ]] || line="$(grep -m1 '^study ' "$work/stdout" | sed 's/^/(output) /')"
  local traces
  traces="$(grep -c $'^\tat ' "$work/stderr")"
  line="${line//$work\//}"
  printf '| %s | %s | %s | %s |\n' "$what" "$code" "$traces" "${line//|/\\|}"
}

# a study that fits in seconds: nside 16, 6 bands, one zone, 3 configurations, 2 realizations (6 units)
cat >base.yaml <<'EOF'
name: small
seed: 11
sky:
  nside: 16
  zoneScore: latitude
  simulate:
    seed: 5
instrument:
  bands: [040GHz, 068GHz, 100GHz, 140GHz, 235GHz, 402GHz]
zones: [GAL020_U]
grid:
  kmeans:
    betaDust: [1, 3]
    tempDust: [1]
    betaSync: [1]
  singlePatch: true
realizations: 2
batchSize: 1
fit:
  maxIterations: 100
r:
  rMax: 0.5
  points: 201
output: results
backend: cpu
unitsPerCommit: 2
EOF
# variant NAME SED-EXPRESSION: base.yaml edited
variant() {
  sed -E "$2" base.yaml >"$1.yaml"
}
bad() {
  variant "$1" "$2"
  row "$3" "$sp" run "$1.yaml" --output "out-$1" --no-report
}

echo "| case | exit | trace lines | what skypatch printed |"
echo "|---|---|---|---|"
row "study file missing" "$sp" run missing.yaml
printf '' >empty.yaml
row "study file empty" "$sp" run empty.yaml
printf "name: 'unterminated\nseed: 1\n" >broken.yaml
row "study file not YAML" "$sp" run broken.yaml
bad unknown 's/  zoneScore: latitude/  zoneScor: latitude/' "unknown (misspelt) key"
bad required 's/  nside: 16/  nsid: 16/' "misspelt required key"
bad type 's/^seed: 11/seed: eleven/' "wrong type"
bad nozones '/^zones:/d' "required key missing"
bad nside 's/  nside: 16/  nside: 12/' "nside not a power of two"
bad bothskies 's/^sky:/sky:\n  fits: {frequencyMaps: [a.fits], foregroundMaps: [b.fits], cmb: c.fits}/' "both simulate and fits"
bad zonescore 's/zoneScore: latitude/zoneScore: dust/' "unknown zone score"
bad zone 's/zones: \[GAL020_U\]/zones: [GAL030_U]/' "unknown zone"
bad zonetwice 's/zones: \[GAL020_U\]/zones: [GAL020_U, GAL020_U]/' "zone listed twice"
bad overlap 's/zones: \[GAL020_U\]/zones: [GAL020, GAL020_U]/; s/    seed: 5/    seed: 5\n    piecewise: [3, 2, 2]\n    piecewisePerZone: true/' "piecewisePerZone with overlapping zones"
bad perzone 's/    seed: 5/    seed: 5\n    piecewisePerZone: true/' "piecewisePerZone without piecewise"
bad realizations 's/^realizations: 2/realizations: 0/' "no realization"
bad batch 's/^batchSize: 1/batchSize: -1/' "negative batch size"
bad emptylist 's/betaDust: \[1, 3\]/betaDust: []/' "empty cluster-count list"
bad count 's/betaDust: \[1, 3\]/betaDust: [0, 3]/' "cluster count 0"
bad coarse 's/  nside: 16/  nside: 2/' "nside too coarse for the zones"
bad multires 's/  singlePatch: true/  multiResolution: [[32, 2, 1]]/' "patch nside above the sky's"
bad nogrid '/^  kmeans:|betaDust|tempDust|betaSync/d; s/  singlePatch: true/  singlePatch: false/' "grid without configurations"
bad bounds 's/  maxIterations: 100/  maxIterations: 100\n  lower: [2.0, 6.0, -7.0]/' "start outside the fit bounds"
bad start 's/  maxIterations: 100/  start: [1.5, 20.0]/' "fit start of two numbers"
bad metric 's/^output: results/metric: chi2\noutput: results/' "unknown metric"
bad rmax 's/  rMax: 0.5/  rMax: -1/' "negative r.rMax"
bad rpoints 's/  points: 201/  points: 2/' "r grid of 2 points"
bad backend 's/^backend: cpu/backend: tpu/' "unknown backend"
bad gpu 's/^backend: cpu/backend: gpu/' "backend gpu on a machine without a GPU"
bad instrument 's/^instrument:/instrument:\n  name: planck/' "unknown instrument"
bad band 's/040GHz, /040GHz, 999GHz, /' "unknown band"
bad fewbands 's/bands: \[.*\]/bands: [040GHz, 100GHz, 235GHz]/' "3 bands for 3 components"
bad csv 's/^instrument:/instrument:\n  csv: no-such.csv/; /  bands:/d' "instrument CSV missing"
bad hits 's/^instrument:/instrument:\n  hitsMap: no-such-hits.fits/' "hits map missing"
bad bigk 's/betaDust: \[1, 3\]/betaDust: [1, 5000]/' "K-means count above the zone's pixels (runs)"

# FITS skies written by skypatch simulate, with pixels spoiled by a small Java program on the job's classes
"$sp" simulate --nside 16 --seed 1 --out sky --no-png >/dev/null 2>&1
cat >Spoil.java <<'EOF'
import java.nio.file.Path;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;

/** Spoil IN OUT FIRST COUNT: pixels FIRST.. of the Q map set to UNSEEN. */
public class Spoil {
    public static void main(String[] a) {
        HealpixMap m = HealpixFits.readRing(Path.of(a[0]), 16);
        double[][] c = m.columns();
        for (int p = Integer.parseInt(a[2]); p < Integer.parseInt(a[2]) + Integer.parseInt(a[3]); p++) {
            c[c.length - 2][p] = Healpix.UNSEEN;
        }
        HealpixFits.write(Path.of(a[1]), HealpixMap.of(16, Ordering.RING, "G", m.names(), c));
    }
}
EOF
spoil() {
  java -cp "$root/spark-job/target/skypatch-job.jar:$(cat "$root/spark-job/target/local-classpath.txt")" Spoil.java "$@"
}
fitsyaml() { # fitsyaml NAME FREQ100: the sky as FITS, band 100GHz's frequency map replaced
  local freq="" fg=""
  for b in 040GHz 068GHz 100GHz 140GHz 235GHz 402GHz; do
    local f="sky/freq_maps_noiseless_$b.fits"
    [[ $b == 100GHz ]] && f="$2"
    freq="$freq${freq:+, }$f"
    fg="$fg${fg:+, }sky/foreground_maps_$b.fits"
  done
  variant "$1" "s#^  simulate:#  fits: {frequencyMaps: [$freq], foregroundMaps: [$fg], cmb: sky/cmb_qu.fits}#; /^    seed: 5/d"
}
fitsyaml fitsok sky/freq_maps_noiseless_100GHz.fits
row "FITS sky as given (runs)" "$sp" run fitsok.yaml --output out-fitsok --no-report
fitsyaml fitsmissing sky/no-such.fits
row "FITS map missing" "$sp" run fitsmissing.yaml --output out-fitsmissing --no-report
"$sp" simulate --nside 8 --seed 1 --out sky8 --no-png >/dev/null 2>&1
fitsyaml fitsnside sky8/freq_maps_noiseless_100GHz.fits
row "FITS map of another nside" "$sp" run fitsnside.yaml --output out-fitsnside --no-report
variant fitscount "s#^  simulate:#  fits: {frequencyMaps: [sky/freq_maps_noiseless_040GHz.fits], foregroundMaps: [sky/foreground_maps_040GHz.fits], cmb: sky/cmb_qu.fits}#; /^    seed: 5/d"
row "FITS: one map for 6 bands" "$sp" run fitscount.yaml --output out-fitscount --no-report
# GAL020_U at nside 16 (latitude cut) is the polar cap's first rings: pixels 0.. are in it
spoil sky/freq_maps_noiseless_100GHz.fits unseen-few.fits 0 4 >/dev/null 2>&1
fitsyaml fitsunseen unseen-few.fits
row "FITS: 4 UNSEEN pixels in one map (runs)" "$sp" run fitsunseen.yaml --output out-fitsunseen --no-report
spoil sky/freq_maps_noiseless_100GHz.fits unseen-many.fits 0 200 >/dev/null 2>&1
fitsyaml fitsunseenmany unseen-many.fits
row "FITS: UNSEEN over a quarter of the zone" "$sp" run fitsunseenmany.yaml --output out-fitsunseenmany --no-report
# NaN: HealpixFits refuses to write it, so the UNSEEN bytes of a spoiled file become NaN bytes
python3 - <<'EOF'
import struct
b = open('unseen-few.fits', 'rb').read()
open('nan.fits', 'wb').write(b.replace(struct.pack('>d', -1.6375e30), struct.pack('>d', float('nan'))))
EOF
fitsyaml fitsnan nan.fits
row "FITS: NaN in a map" "$sp" run fitsnan.yaml --output out-fitsnan --no-report

# results folders: one clean run, then a copy of it per fault
"$sp" run base.yaml --output clean --no-report >/dev/null 2>&1
copy() {
  rm -rf "$1"
  cp -r clean "$1"
}
touch afile
row "output folder under a file" "$sp" run base.yaml --output afile/out --no-report
row "output folder not writable (/proc)" "$sp" run base.yaml --output /proc/skypatch-out --no-report
copy busy
"$sp" run base.yaml --output busy --no-report >/dev/null 2>&1 &
first=$!
while [[ ! -f busy/_lock ]] && kill -0 $first 2>/dev/null; do sleep 0.1; done
row "second run on a folder in use" "$sp" run base.yaml --output busy --no-report
wait $first
copy stale
printf '{"runId":"20261201T090000Z-1a2b3c4d","command":"run","host":"node-17","pid":4242,"started":"2026-12-01T09:00:00Z"}' >stale/_lock
row "lock left by a run on another host" "$sp" run base.yaml --output stale --no-report
row "same, with --force-unlock (runs)" "$sp" run base.yaml --output stale --no-report --force-unlock
copy dead
sh -c 'exit 0' &
deadpid=$!
wait $deadpid
printf '{"runId":"20261201T090000Z-5e6f7a8b","command":"run","host":"%s","pid":%d,"started":"2026-12-01T09:00:00Z"}' "$(hostname)" "$deadpid" >dead/_lock
row "lock left by a dead process on this host (runs)" "$sp" run base.yaml --output dead --no-report
copy emptylock
: >emptylock/_lock
row "empty lock file" "$sp" run base.yaml --output emptylock --no-report
variant other 's/^seed: 11/seed: 12/'
row "folder of another study (seed changed)" "$sp" run other.yaml --output clean --no-report
variant renamed 's/^name: small/name: small-renamed/; s/  rMax: 0.5/  rMax: 1.0/'
copy edited
row "study renamed, r grid changed (runs, 0 units computed)" "$sp" run renamed.yaml --output edited --no-report
copy version
sed -i -E 's/"units_schema_version" : [0-9]+/"units_schema_version" : 1/' version/_study.json
rm -f version/._study.json.crc
row "folder of another units schema version" "$sp" run base.yaml --output version --no-report
copy emptymanifest
: >emptymanifest/_study.json
row "0-byte _study.json beside units" "$sp" run base.yaml --output emptymanifest --no-report
row "report on that folder" "$sp" report emptymanifest
mkdir fresh && : >fresh/_study.json
row "0-byte _study.json, no units yet (runs)" "$sp" run base.yaml --output fresh --no-report
copy cutmanifest
truncate -s 40 cutmanifest/_study.json
row "_study.json cut short" "$sp" run base.yaml --output cutmanifest --no-report
copy truncated
unit="$(find truncated/units -name '*.parquet' | sort | head -1)"
head -c 1000 "$unit" >"$unit.tmp" && mv "$unit.tmp" "$unit"
row "truncated unit file (runs, recomputed)" "$sp" run base.yaml --output truncated --no-report
copy zerounit
unit="$(find zerounit/units -name '*.parquet' | sort | head -1)"
: >"$unit"
row "0-byte unit file (runs, recomputed)" "$sp" run base.yaml --output zerounit --no-report
copy twice
unit="$(find twice/units -name '*.parquet' | sort | head -1)"
cp "$unit" "$(dirname "$unit")/part-copy.parquet"
row "a unit file twice" "$sp" run base.yaml --output twice --no-report
# a real full disk (a tmpfs: needs root); the study's results take about 400 kB
if mkdir full && mount -t tmpfs -o size=96k tmpfs full 2>/dev/null; then
  row "disk full in the middle of the grid" "$sp" run base.yaml --output full/out --no-report
  mount -o remount,size=16m full
  row "same, after freeing space (runs)" "$sp" run base.yaml --output full/out --no-report
  umount full
  mount -t tmpfs -o size=1k tmpfs full
  row "disk full at the start" "$sp" run base.yaml --output full/out --no-report
  mount -o remount,size=16m full
  row "same, after freeing space (runs)" "$sp" run base.yaml --output full/out --no-report
  umount full
fi
copy lacking
rm "$(find lacking/units -name '*.parquet' | sort | head -1)"
row "rank with a unit missing" "$sp" rank lacking --no-r
row "rank of a folder without results" "$sp" rank afile-dir-none
row "rank --metric unknown" "$sp" rank clean --metric chi2
row "rank --r-points 2" "$sp" rank clean --r-points 2
mkdir nothing
row "sql on a folder without tables" "$sp" sql nothing "SELECT 1"
row "sql syntax error" "$sp" sql clean "SELEC zone FROM units"
row "sql unknown column" "$sp" sql clean "SELECT l FROM spectra"
row "sql unknown table" "$sp" sql clean "SELECT * FROM fits"
row "simulate --piecewise-per-zone without --piecewise" "$sp" simulate --nside 8 --out sim --piecewise-per-zone
row "simulate --nside 12" "$sp" simulate --nside 12 --out sim
row "unknown option" "$sp" run --frobnicate
