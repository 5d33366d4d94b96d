#!/usr/bin/env bash
# Rebuilds udf-kernels/src/main/resources/org/skypatch/gpu/spectral_likelihood.ptx from the .cu
# beside it, without a GPU, with NVRTC 12.0 from PyPI (the pip nvidia-cuda-nvcc-cu12 wheels ship
# ptxas and libnvvm but no nvcc front end; NVRTC is the same front end as a library).
# NVRTC 12.0 writes PTX ISA 8.0: every CUDA 12 driver (525+) loads it, and so does the PTX
# compiler bundled with JCuda 12.6.0 (version 12.0), which the tests use to check the kernels.
# The first line of the PTX records the SHA-256 of the .cu; GpuKernelSourceTest fails when they differ.
#
# One-off setup: python3 -m venv /opt/cudapy && /opt/cudapy/bin/pip install 'nvidia-cuda-nvrtc-cu12==12.0.*'
# Run from the repository root: tools/build-ptx.sh   (CUDAPY=/path/to/python to use another venv)
set -euo pipefail
DIR=udf-kernels/src/main/resources/org/skypatch/gpu
PY=${CUDAPY:-/opt/cudapy/bin/python}
if ! "$PY" -c 'import nvidia.cuda_nvrtc' 2>/dev/null; then
    echo "build-ptx: no NVRTC in $PY: python3 -m venv /opt/cudapy && /opt/cudapy/bin/pip install 'nvidia-cuda-nvrtc-cu12==12.0.*'" >&2
    exit 1
fi
"$PY" - "$DIR/spectral_likelihood.cu" "$DIR/spectral_likelihood.ptx" <<'PYEOF'
import ctypes, hashlib, os, sys
import nvidia.cuda_nvrtc
src_path, out_path = sys.argv[1], sys.argv[2]
lib = ctypes.CDLL(os.path.join(list(nvidia.cuda_nvrtc.__path__)[0], "lib", "libnvrtc.so.12"))
src = open(src_path, "rb").read()
# double precision as Java rounds it: no fused multiply-add, IEEE division
opts = [b"--gpu-architecture=compute_80", b"--fmad=false", b"--prec-div=true", b"--std=c++17"]
prog = ctypes.c_void_p()
def check(rc, what):
    if rc != 0:
        size = ctypes.c_size_t()
        lib.nvrtcGetProgramLogSize(prog, ctypes.byref(size))
        log = ctypes.create_string_buffer(size.value)
        lib.nvrtcGetProgramLog(prog, log)
        sys.exit("build-ptx: %s failed (nvrtc %d):\n%s" % (what, rc, log.value.decode()))
check(lib.nvrtcCreateProgram(ctypes.byref(prog), src, b"spectral_likelihood.cu", 0, None, None), "create")
check(lib.nvrtcCompileProgram(prog, len(opts), (ctypes.c_char_p * len(opts))(*opts)), "compile")
size = ctypes.c_size_t()
check(lib.nvrtcGetPTXSize(prog, ctypes.byref(size)), "ptx size")
ptx = ctypes.create_string_buffer(size.value)
check(lib.nvrtcGetPTX(prog, ptx), "ptx")
major, minor = ctypes.c_int(), ctypes.c_int()
lib.nvrtcVersion(ctypes.byref(major), ctypes.byref(minor))
with open(out_path, "w") as out:
    out.write("// skypatch-source-sha256: %s\n" % hashlib.sha256(src).hexdigest())
    out.write("// built by tools/build-ptx.sh with NVRTC %d.%d, %s\n" % (major.value, minor.value, " ".join(o.decode() for o in opts)))
    out.write(ptx.value.decode())
print("build-ptx: wrote", out_path)
PYEOF
