"""Writes the compact test resources of the likelihood engine from /work/shared/fixtures/compsep.

Only the 32,512 pixels of mask.fits (|b| > 20 deg) are kept, as raw big-endian arrays that
java.io.DataInputStream reads directly:
  mask_pixels.i4                RING indices of the zone, ascending
  freq_maps.f8                  noisy maps [band][Q,U][zone pixel], K_CMB
  freq_maps_noiseless.f8        the same without noise (GpuCheck draws its realizations' noise on them)
  noiseless_subset.f8           noiseless maps [band][Q,U][subset pixel] on the first 400 zone pixels
  params_true_subset.f8         true BETA_D, TEMP_D, BETA_S [3][subset pixel]
  patches_nside{2,4,8}.i4       fixture patch id (parent RING pixel) per zone pixel
  fgbuster_<case>_cmb.f8        fgbuster's CMB [Q,U][zone pixel], K_CMB
  fgbuster_basic_nside8_params.f8  [beta_d, temp_d, beta_s][768 patches], NaN where unobserved
  compsep.properties            frequencies, sigma per band, fgbuster's minimised -logL and parameters
Run: /opt/refpy/bin/python tools/make_compsep_test_resources.py
"""
import json
import os

import healpy as hp
import numpy as np

SRC = "/work/shared/fixtures/compsep"
OUT = os.path.join(os.path.dirname(__file__), "..", "udf-kernels", "src", "test", "resources", "compsep")
SUBSET = 400


def write(name, array, dtype):
    np.ascontiguousarray(array, dtype=dtype).tofile(os.path.join(OUT, name))


def main():
    os.makedirs(OUT, exist_ok=True)
    inst = json.load(open(os.path.join(SRC, "instrument.json")))
    freqs = inst["frequency_GHz"]
    zone = np.flatnonzero(hp.read_map(os.path.join(SRC, "mask.fits")) > 0)
    write("mask_pixels.i4", zone, ">i4")
    noisy = np.array([hp.read_map(os.path.join(SRC, "freq_maps_%03dGHz.fits" % f), field=None)[:, zone]
                      for f in freqs])
    write("freq_maps.f8", noisy, ">f8")
    write("freq_maps_noiseless.f8",
          np.array([hp.read_map(os.path.join(SRC, "freq_maps_noiseless_%03dGHz.fits" % f), field=None)[:, zone]
                    for f in freqs]), ">f8")
    noiseless = np.array([hp.read_map(os.path.join(SRC, "freq_maps_noiseless_%03dGHz.fits" % f), field=None)
                          [:, zone[:SUBSET]] for f in freqs])
    write("noiseless_subset.f8", noiseless, ">f8")
    write("params_true_subset.f8", hp.read_map(os.path.join(SRC, "params_true.fits"), field=None)[:, zone[:SUBSET]], ">f8")
    for n in (2, 4, 8):
        write("patches_nside%d.i4" % n, hp.read_map(os.path.join(SRC, "patches_nside%d.fits" % n))[zone], ">i4")
    res = json.load(open(os.path.join(SRC, "fgbuster_results.json")))
    for case in ("single_patch", "basic_nside8"):
        write("fgbuster_%s_cmb.f8" % case,
              hp.read_map(os.path.join(SRC, "fgbuster_%s_cmb_qu.fits" % case), field=None)[:, zone], ">f8")
    fit8 = res["fits"]["basic_nside8"]
    write("fgbuster_basic_nside8_params.f8",
          np.array([fit8["beta_d"], fit8["temp_d"], fit8["beta_s"]], dtype=float), ">f8")
    single = res["fits"]["single_patch"]
    lines = [
        "frequencies_GHz=" + ",".join(repr(float(f)) for f in freqs),
        "sigma_K_CMB=" + ",".join(repr(float(s)) for s in inst["sigma_pix_K_CMB_per_QU"]),
        "subset_pixels=%d" % SUBSET,
        "single_patch.minus_logL=" + repr(single["summary"]["iterations"]["fun"]),
        "single_patch.params=" + ",".join(repr(float(single[k][0])) for k in ("beta_d", "temp_d", "beta_s")),
        "basic_nside8.minus_logL=" + repr(fit8["summary"]["iterations"]["fun_sum_over_patches"]),
        "basic_nside8.n_success=%d" % fit8["summary"]["iterations"]["n_success"],
    ]
    with open(os.path.join(OUT, "compsep.properties"), "w") as fh:
        fh.write("# Made by tools/make_compsep_test_resources.py from /work/shared/fixtures/compsep\n")
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
