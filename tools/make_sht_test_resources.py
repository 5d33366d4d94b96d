"""Copy the healpy fixtures the harmonics tests need into udf-kernels test resources.

Run: /opt/refpy/bin/python tools/make_sht_test_resources.py [/work/shared/fixtures/healpy]
Complex alm are taken from the *_ri.npy files (float64, last axis real/imag); the pure-E and pure-B
spin-2 maps are cut to every 7th pixel (the test compares those pixels) to keep the resources small.
"""
import json
import os
import shutil
import sys

import numpy as np

src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/fixtures/healpy"
dst = os.path.join(os.path.dirname(__file__), "..", "udf-kernels", "src", "test", "resources", "healpy")
os.makedirs(dst, exist_ok=True)
copied = [
    "alm_in_lmax128_ri.npy",
    "map_in_tqu.npy",
    "alm_out_lmax128_iter0_ri.npy",
    "alm_out_lmax128_iter3_ri.npy",
    "cl_fullsky_lmax128_iter3.npy",
    "mask_apod.npy",
    "alm_apod_lmax191_iter3_ri.npy",
    "cl_apod_lmax191_iter0.npy",
    "cl_apod_lmax191_iter3.npy",
    "cl_140GHz_apod_lmax191_iter3.npy",
]
for name in copied:
    shutil.copyfile(os.path.join(src, name), os.path.join(dst, name))
# T of the 140 GHz map is zero: keep Q, U only
np.save(os.path.join(dst, "map_140GHz_qu.npy"), np.load(os.path.join(src, "map_140GHz_tqu.npy"))[1:])
for name in ["map_pureE_qu", "map_pureB_qu"]:
    np.save(os.path.join(dst, name + "_every7.npy"), np.ascontiguousarray(np.load(os.path.join(src, name + ".npy"))[:, ::7]))
with open(os.path.join(src, "manifest.json")) as f:
    manifest = json.load(f)
keep = {"healpy": manifest["healpy"], "checks": manifest["checks"], "source": src,
        "subsets": {"map_pureE_qu_every7.npy": "map_pureE_qu.npy[:, ::7]",
                    "map_pureB_qu_every7.npy": "map_pureB_qu.npy[:, ::7]",
                    "map_140GHz_qu.npy": "map_140GHz_tqu.npy[1:]"}}
with open(os.path.join(dst, "manifest.json"), "w") as f:
    json.dump(keep, f, indent=1)
