#!/usr/bin/env python3
"""Default CMB spectra shipped with skypatch (org/skypatch/sky/cmb_*.csv), made with CAMB.

Planck 2018 best fit (TT,TE,EE+lowE+lensing, Table 2 of arXiv:1807.06209), one massive neutrino.
Writes, for ell = 0..LMAX, C_ell (not D_ell) in uK_CMB^2, columns ell,TT,EE,BB,TE:
  cmb_lensed_scalar.csv : lensed scalar spectra, r = 0
  cmb_tensor_r1.csv     : tensor-only spectra for r = 1 with nt = -1/8 (the consistency value at r = 1)
                          and no running, as in the Planck 2018 r = 1 templates fgbuster ships;
                          total(r) scales it linearly
Run: /opt/refpy/bin/python tools/make_cmb_spectra.py [output_dir]
"""
import os
import sys

import camb
import numpy as np

LMAX = 1500
PARAMS = dict(H0=67.32, ombh2=0.022383, omch2=0.12011, mnu=0.06, omk=0.0, tau=0.0543,
              As=np.exp(3.0448) * 1e-10, ns=0.96605, r=1.0, nt=-0.125, ntrun=0.0)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "udf-kernels", "src", "main", "resources", "org", "skypatch", "sky")
    pars = camb.set_params(lmax=LMAX + 500, lens_potential_accuracy=1, WantTensors=True, **PARAMS)
    res = camb.get_results(pars)
    cls = res.get_cmb_power_spectra(pars, CMB_unit="muK", raw_cl=True, lmax=LMAX)
    header = ("ell,TT,EE,BB,TE  C_ell in uK_CMB^2; CAMB %s; Planck 2018 best fit %s; %s"
              % (camb.__version__, ", ".join("%s=%.6g" % kv for kv in PARAMS.items() if kv[0] != "r"), "%s"))
    ell = np.arange(LMAX + 1)
    for name, key, what in [("cmb_lensed_scalar.csv", "lensed_scalar", "lensed scalar, r=0"),
                            ("cmb_tensor_r1.csv", "tensor", "tensor only, r=1")]:
        cl = cls[key]  # columns TT, EE, BB, TE
        np.savetxt(os.path.join(out, name), np.column_stack([ell, cl[:, 0], cl[:, 1], cl[:, 2], cl[:, 3]]),
                   delimiter=",", fmt=["%d", "%.8e", "%.8e", "%.8e", "%.8e"], header=header % what)
        print("wrote", os.path.join(out, name))


if __name__ == "__main__":
    main()
