"""Pack HEALPix pixel window functions (healpy's data files) into udf-kernels resources.

healpy 1.20 downloads its pixel_window_nXXXX.fits on demand; this machine is offline, so the files are read
from the healpy git history (commit 32a16a3d, healpy/data/, the files HEALPix computed by averaging over
sub-pixels) in a local mirror of github.com/healpy/healpy:

  /opt/refpy/bin/python tools/make_pixel_windows.py /work/.mirror/healpy+healpy/repo

For nside 2..2048 writes org/skypatch/harmonics/pixwin_nNNNN.f8: big-endian float64, the temperature window for l = 0..4 nside, then the polarisation window for the same l.
Also writes the test fixture healpy/pixwin_n0064_pol_lmax191.npy = hp.pixwin(64, pol=True, lmax=191)
read by healpy itself from the same files.
"""
import os
import subprocess
import sys
import tempfile

import healpy as hp
import numpy as np
from astropy.io import fits

COMMIT = "32a16a3dc2e0ec23a68b5faa6eaae1a2ce72d9d0"
repo = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/healpy+healpy/repo"
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "udf-kernels", "src")
out_dir = os.path.join(root, "main", "resources", "org", "skypatch", "harmonics")
os.makedirs(out_dir, exist_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    os.makedirs(os.path.join(tmp, "pixel_window_functions"))
    for k in range(1, 12):
        nside = 2 ** k
        name = f"pixel_window_n{nside:04d}.fits"
        blob = subprocess.run(["git", "-C", repo, "show", f"{COMMIT}:healpy/data/{name}"],
                              check=True, capture_output=True).stdout
        path = os.path.join(tmp, "pixel_window_functions", name)
        with open(path, "wb") as f:
            f.write(blob)
        with fits.open(path) as h:
            data = h[1].data
            t = np.asarray(data.field(0), dtype=">f8").ravel()
            p = np.asarray(data.field(1), dtype=">f8").ravel()
        assert len(t) == 4 * nside + 1 and len(p) == len(t), (nside, len(t))
        with open(os.path.join(out_dir, f"pixwin_n{nside:04d}.f8"), "wb") as f:
            f.write(t.tobytes())
            f.write(p.tobytes())
    fixture = np.array(hp.pixwin(64, pol=True, lmax=191, datapath=tmp), dtype=np.float64)
    np.save(os.path.join(root, "test", "resources", "healpy", "pixwin_n0064_pol_lmax191.npy"), fixture)
