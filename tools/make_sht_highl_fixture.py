"""healpy synthesis of single high-(l, m) modes at nside 512, lmax 1535 = 3 nside - 1, where the Legendre start
values underflow doubles near the poles: checks the scaled recursion.

Run: OMP_NUM_THREADS=1 /opt/refpy/bin/python tools/make_sht_highl_fixture.py
Writes udf-kernels/src/test/resources/healpy/highl_nside512_every1009.npy, shape (4, npix // 1009 + 1):
rows alm2map of a_{1535,1400} = 1 + 0.5i, of a_{1200,600} = 1 - 2i (spin 0), and Q, U of alm2map_spin with
E_{1535,1400} = 1 + 0.5i and B_{900,850} = -0.3 + i; every 1009th pixel of the RING map.
"""
import os

import healpy as hp
import numpy as np

nside, lmax = 512, 1535
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "udf-kernels", "src", "test", "resources", "healpy")
size = hp.Alm.getsize(lmax)


def single(l, m, value):
    a = np.zeros(size, dtype=np.complex128)
    a[hp.Alm.getidx(lmax, l, m)] = value
    return a


rows = [hp.alm2map(single(1535, 1400, 1 + 0.5j), nside, lmax=lmax),
        hp.alm2map(single(1200, 600, 1 - 2j), nside, lmax=lmax)]
q, u = hp.alm2map_spin([single(1535, 1400, 1 + 0.5j), single(900, 850, -0.3 + 1j)], nside, 2, lmax)
rows += [q, u]
np.save(os.path.join(root, "highl_nside512_every1009.npy"), np.ascontiguousarray(np.array(rows)[:, ::1009]))
