#!/usr/bin/env python3
"""Small reference files for the org.skypatch.sky tests (udf-kernels/src/test/resources/sky).

cl_lensed_lmax300.fits: hp.write_cl of the shared Planck 2018 lensed spectra (TT, EE, BB, TE, ell 0..300),
so CmbSpectra.readFits is checked against healpy's own writer.
Run: /opt/refpy/bin/python tools/make_sky_test_data.py
"""
import os

import healpy as hp
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "udf-kernels", "src", "test", "resources", "sky")


def main():
    cl = np.loadtxt(os.path.join(OUT, "Cls_Planck2018_lensed_scalar_lmax300.csv"), delimiter=",")
    hp.write_cl(os.path.join(OUT, "cl_lensed_lmax300.fits"), [cl[:, 1], cl[:, 2], cl[:, 3], cl[:, 4]], overwrite=True)
    back = hp.read_cl(os.path.join(OUT, "cl_lensed_lmax300.fits"))
    assert np.allclose(back[3], cl[:, 4])


if __name__ == "__main__":
    main()
