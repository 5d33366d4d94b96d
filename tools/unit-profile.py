#!/usr/bin/env python3
"""Where a skypatch run's unit time goes (BENCHMARKS.md, "Throughput of a unit").

  tools/unit-profile.py cpu EVENTLOG_DIR   executor CPU and run seconds of the grid (unit) and K-means stages,
                                           from a Spark event log (spark.eventLog.enabled=true; zstd via the zstd tool)
  tools/unit-profile.py split RUN.jfr      the JFR execution samples of those stages' task threads, split into
                                           the parts of a unit (needs the JDK's jfr on the PATH)
"""
import collections
import glob
import json
import re
import subprocess
import sys

# The first part whose pattern matches any frame of a sample's stack takes the sample.
PARTS = [
    ("CMB reconstruction (GLS)", r"SpectralLikelihood\.(components|componentNoise|forEachPixelWithGramInverse)"),
    ("SED tables (StrictMath.exp etc.)", r"SedTables\.update"),
    ("data whitening, scatter matrices", r"SpectralLikelihood\$Data\.<init>"),
    ("likelihood, gradient, Hessian blocks", r"SpectralLikelihood\.|SpectralLikelihood\$Data\.evaluate"),
    ("Newton steps, linear algebra", r"BlockSparseSolver|ProjectedNewton|MultiStartFit|Subproblems"),
    ("noise generation", r"WhiteNoise|UnitFitter\.noisyData"),
    ("BB spectra (spherical harmonics)", r"org\.skypatch\.harmonics\.|UnitFitter\.(bModes|bbSum)"),
    ("K-means", r"SphericalKMeans|ZoneClusters|KMeansStage"),
    ("metrics, sums, other in the unit", r"UnitFitter\.run"),
]
STAGES = r"GridSearch|UnitStore|KMeansStage|FileFormatWriter"  # Parquet writes of the other tables count too


def cpu(folder):
    names, stages = {}, collections.defaultdict(lambda: [0, 0.0, 0.0])
    for path in sorted(glob.glob(folder + "/**/events_*", recursive=True)):
        text = subprocess.run(["zstd", "-dc", path], capture_output=True, text=True, check=True).stdout \
            if path.endswith(".zstd") else open(path).read()
        for line in filter(str.strip, text.splitlines()):
            ev = json.loads(line)
            if ev["Event"] == "SparkListenerStageSubmitted":
                names[ev["Stage Info"]["Stage ID"]] = ev["Stage Info"]["Stage Name"]
            elif ev["Event"] == "SparkListenerTaskEnd" and "Task Metrics" in ev:
                s = stages[ev["Stage ID"]]
                s[0] += 1
                s[1] += ev["Task Metrics"]["Executor CPU Time"] / 1e9
                s[2] += ev["Task Metrics"]["Executor Run Time"] / 1e3
    for sid, (tasks, cpu_s, run_s) in sorted(stages.items()):
        if re.search(r"UnitStore|KMeansStage", names.get(sid, "")):
            print(f"stage {sid} ({names[sid]}): {tasks} tasks, executor CPU {cpu_s:.1f} s, run {run_s:.1f} s")


def split(jfr):
    text = subprocess.run(["jfr", "print", "--stack-depth", "80", "--events", "jdk.ExecutionSample", jfr],
                          capture_output=True, text=True, check=True).stdout
    counts, total = collections.Counter(), 0
    for sample in text.split("jdk.ExecutionSample")[1:]:
        if "Executor task launch" not in sample or not re.search(STAGES, sample):
            continue
        total += 1
        counts[next((name for name, rx in PARTS if re.search(rx, sample)), "Spark, Parquet (outside the unit)")] += 1
    print(f"{total} samples of the unit and K-means tasks")
    for name, c in counts.most_common():
        print(f"{100 * c / total:5.1f}%  {name}")


if __name__ == "__main__":
    {"cpu": cpu, "split": split}[sys.argv[1]](sys.argv[2])
