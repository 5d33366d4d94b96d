#!/usr/bin/env bash
# The GPU backend's device check: prepared and rehearsed here, run unchanged on a bare GPU machine
# (an NVIDIA driver and nothing else we need: no JDK, no Maven, no network).
#
#   tools/gpu-check.sh bundle
#       here, after a Maven build: writes .gpu-check/ (about 25 MB, git-ignored): a jlink Java runtime
#       (jre.tgz), the udf-kernels jar and its runtime jars (JCuda's natives cut to the driver
#       bindings), the test classes and JUnit's console launcher.
#   tools/gpu-check.sh run OUT [--cpu-only] [--quick] [--realizations R]
#       there (or here): GpuCheck (equivalence with the CPU engine, bit-identical repeat, device
#       set-up costs, benchmark GPU against all CPU cores) into OUT/report.txt and OUT/bench.tsv, then,
#       on a GPU, the GPU JUnit tests into OUT/junit.txt. Exit status 1 if a check failed.
#       --cpu-only runs the same path on the model device (the kernels' Java model on the host).
#
# With the device tool: carry .gpu-check; command: tools/gpu-check.sh run "$OUT".
# SKYPATCH_GPU_CHECK_CP, when set, replaces the bundle's classpath and the system java is used (the
# CI test runs the --cpu-only check this way from Maven's classes).
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=.gpu-check
JUNIT=org.junit.platform:junit-platform-console-standalone:1.14.1
# the JUnit classes run on a GPU (KernelSourceTest needs JCuda's PTX compiler, left out of the bundle;
# KernelOnCpuTest needs g++: both run in CI)
GPU_TESTS=(GpuEquivalenceTest GpuDeviceTest HostSideTest GpuSessionTest LockstepBatchTest)

bundle() {
    local tmp
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' RETURN
    [[ -f udf-kernels/target/classes/org/skypatch/gpu/GpuCheck.class && -d udf-kernels/target/test-classes ]] \
        || mvn -B -q -pl udf-kernels -DskipTests package
    rm -rf "$BUNDLE"
    mkdir -p "$BUNDLE/lib" "$BUNDLE/test/classes"
    mvn -B -q -pl udf-kernels -DskipTests jar:jar dependency:copy-dependencies -DincludeScope=runtime \
        -DexcludeArtifactIds=jcuda-natives -DoutputDirectory="$PWD/$BUNDLE/lib"
    cp udf-kernels/target/udf-kernels-*.jar "$BUNDLE/lib/"
    # JCuda's natives without the 24 MB PTX compiler: the check needs the driver bindings only
    mvn -B -q -pl udf-kernels dependency:copy-dependencies -DincludeArtifactIds=jcuda-natives \
        -DoutputDirectory="$tmp/natives"
    (cd "$tmp" && unzip -q natives/*.jar 'lib/libJCudaDriver-*' && jar cf natives-driver.jar lib)
    cp "$tmp/natives-driver.jar" "$BUNDLE/lib/jcuda-natives-driver-linux-x86_64.jar"
    mvn -B -q dependency:copy -Dartifact="$JUNIT" -DoutputDirectory="$PWD/$BUNDLE/test"
    (cd udf-kernels/target/test-classes && find . -name '*.class' -print0 | tar cf - --null -T -) \
        | tar xf - -C "$BUNDLE/test/classes"
    jlink --add-modules java.base,java.logging,java.management,java.xml,jdk.unsupported \
        --strip-debug --no-man-pages --no-header-files --output "$tmp/jre"
    tar czf "$BUNDLE/jre.tgz" -C "$tmp" jre
    echo "gpu-check: bundle written: $(du -sh "$BUNDLE" | cut -f1) in $BUNDLE/"
}

run() {
    local out="${1:?usage: tools/gpu-check.sh run OUT [--cpu-only] [--quick] [--realizations R]}"
    shift
    mkdir -p "$out"
    local java cp
    if [[ -n "${SKYPATCH_GPU_CHECK_CP:-}" ]]; then
        java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
        cp="$SKYPATCH_GPU_CHECK_CP"
    else
        [[ -f "$BUNDLE/jre.tgz" ]] || { echo "gpu-check: no $BUNDLE/: run tools/gpu-check.sh bundle here first" >&2; exit 2; }
        local jre=/tmp/skypatch-gpu-check
        [[ -x "$jre/jre/bin/java" ]] || { mkdir -p "$jre" && tar xzf "$BUNDLE/jre.tgz" -C "$jre"; }
        java="$jre/jre/bin/java"
        cp=$(printf '%s:' "$BUNDLE"/lib/*.jar)   # listed: JUnit's launcher expands no wildcards
        cp=${cp%:}
    fi
    # where NVIDIA's container images and drivers put libcuda.so.1
    export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/usr/local/nvidia/lib64:/usr/local/cuda/compat:/usr/lib/x86_64-linux-gnu"
    (nvidia-smi || echo "no nvidia-smi") > "$out/nvidia-smi.txt" 2>&1
    local rc
    set +e
    "$java" -XX:MaxRAMPercentage=60 -cp "$cp" org.skypatch.gpu.GpuCheck \
        --fixture udf-kernels/src/test/resources/compsep --out "$out" "$@" 2>&1 | tee "$out/log.txt"
    rc=${PIPESTATUS[0]}
    set -e
    if [[ " $* " != *" --cpu-only "* && -d "$BUNDLE/test" && -z "${SKYPATCH_GPU_CHECK_CP:-}" ]]; then
        local selects=()
        for t in "${GPU_TESTS[@]}"; do selects+=(--select-class "org.skypatch.gpu.$t"); done
        "$java" -jar "$BUNDLE"/test/junit-platform-console-standalone-*.jar execute --disable-banner --disable-ansi-colors \
            --details=tree -cp "$cp:$BUNDLE/test/classes:udf-kernels/src/test/resources" "${selects[@]}" \
            > "$out/junit.txt" 2>&1 || rc=1
        tail -15 "$out/junit.txt"
    fi
    exit "$rc"
}

case "${1:-}" in
    bundle) bundle ;;
    run) shift; run "$@" ;;
    *) echo "usage: tools/gpu-check.sh bundle | run OUT [--cpu-only] [--quick] [--realizations R]" >&2; exit 2 ;;
esac
