"""Single-threaded healpy timings for org.skypatch.bench.ShtBench (run with OMP_NUM_THREADS=1).

Usage: OMP_NUM_THREADS=1 /opt/refpy/bin/python tools/sht_bench_healpy.py NSIDE LMAX REPEATS
Prints one line per case: "<case> <best process CPU seconds>", cases named as in ShtBench.
"""
import sys
import time

import healpy as hp
import numpy as np

nside, lmax, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)
size = hp.Alm.getsize(lmax)
alms = [(rng.standard_normal(size) + 1j * rng.standard_normal(size)) for _ in range(3)]
for a in alms:
    a[:lmax + 1] = a[:lmax + 1].real
tqu = hp.alm2map(alms, nside, lmax=lmax, pol=True)


def best(fn):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


cases = {
    "alm2map_spin0": lambda: hp.alm2map(alms[0], nside, lmax=lmax),
    "alm2map_tqu": lambda: hp.alm2map(alms, nside, lmax=lmax, pol=True),
    "map2alm_spin0_iter0": lambda: hp.map2alm(tqu[0], lmax=lmax, iter=0),
    "map2alm_tqu_iter0": lambda: hp.map2alm(tqu, lmax=lmax, iter=0, pol=True),
    "map2alm_tqu_iter3": lambda: hp.map2alm(tqu, lmax=lmax, iter=3, pol=True),
}
for name, fn in cases.items():
    print(name, best(fn), flush=True)
