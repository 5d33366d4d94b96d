#!/usr/bin/env python3
"""A subset of the shared compsep fixture for spark-job's FitAgainstFgbusterTest (skypatch fit vs fgbuster).

Writes into spark-job/src/test/resources/fit/:
  maps.fits.gz     the noisy frequency maps of 24 nside-8 patches of the fixture as ONE file: a Q and a U
                   column per band (Q_040GHz, U_040GHz, ...), TUNIT K_CMB, nside 64 RING, UNSEEN elsewhere
  patches.fits.gz  their nside-8 patch ids (the fixture's patches_nside8.fits), UNSEEN elsewhere
  fgbuster_nside8.csv  patch, method (bfgs, tnc), beta_d, temp_d, beta_s: fgbuster's basic_comp_sep per patch
                   (fgbuster_results.json of the fixture)
The patches: 68, 182, 241, 243 (fgbuster's solution outside the default box in some of its runs; 182 ends in
a shallower basin from skypatch's default start) and 20 others spread over the mask.

Run: /opt/refpy/bin/python tools/make_fit_test_resources.py   (healpy; deterministic)
"""
import gzip
import json
import os

import healpy as hp
import numpy as np

SHARED = "/work/shared/fixtures/compsep"
OUT = os.path.join(os.path.dirname(__file__), "..", "spark-job", "src", "test", "resources", "fit")
SPECIAL = [68, 182, 241, 243]


def gz(path):
    with open(path, "rb") as raw, gzip.GzipFile(path + ".gz", "wb", mtime=0) as out:
        out.write(raw.read())
    os.remove(path)


def main():
    os.makedirs(OUT, exist_ok=True)
    patches = hp.read_map(os.path.join(SHARED, "patches_nside8.fits")).astype(np.int64)
    mask = hp.read_map(os.path.join(SHARED, "mask.fits")) > 0
    observed = np.unique(patches[mask])
    rest = [p for p in observed if p not in SPECIAL]
    chosen = sorted(SPECIAL + [int(p) for p in rest[::len(rest) // 20][:20]])
    keep = mask & np.isin(patches, chosen)
    meta = json.load(open(os.path.join(SHARED, "sky_meta.json")))
    bands = ["%03dGHz" % f for f in json.load(open(os.path.join(SHARED, "instrument.json")))["frequency_GHz"]]
    cols, names = [], []
    for b in bands:
        q, u = hp.read_map(os.path.join(SHARED, "freq_maps_%s.fits" % b), field=(0, 1))
        cols += [np.where(keep, q, hp.UNSEEN), np.where(keep, u, hp.UNSEEN)]
        names += ["Q_" + b, "U_" + b]
    maps = os.path.join(OUT, "maps.fits")
    hp.write_map(maps, cols, column_names=names, column_units="K_CMB", coord="G", dtype=np.float64, overwrite=True)
    gz(maps)
    labels = os.path.join(OUT, "patches.fits")
    hp.write_map(labels, np.where(keep, patches.astype(np.float64), hp.UNSEEN), column_names=["PATCH"], coord="G",
                 dtype=np.float64, overwrite=True)
    gz(labels)
    fits = json.load(open(os.path.join(SHARED, "fgbuster_results.json")))["fits"]
    with open(os.path.join(OUT, "fgbuster_nside8.csv"), "w") as f:
        f.write("patch,method,beta_d,temp_d,beta_s\n")
        for method, key in (("bfgs", "basic_nside8"), ("tnc", "basic_nside8_tnc")):
            for p in chosen:
                f.write("%d,%s,%.17g,%.17g,%.17g\n" % (p, method, fits[key]["beta_d"][p], fits[key]["temp_d"][p],
                                                       fits[key]["beta_s"][p]))
    print("patches", chosen, "pixels", int(keep.sum()), "nside", meta["nside"])


if __name__ == "__main__":
    main()
