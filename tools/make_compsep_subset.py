#!/usr/bin/env python3
"""A pixel subset of the shared compsep fixture for the sky-mixing test (no FITS reader needed).

Reads /work/shared/fixtures/compsep (nside 64 RING, K_CMB) and writes
udf-kernels/src/test/resources/sky/compsep_subset.csv: for 1024 pixels drawn without replacement
(numpy seed 1), the columns
  pixel, BETA_D, TEMP_D, BETA_S, cmb_Q, cmb_U, dust150_Q, dust150_U, sync20_Q, sync20_U,
  then Q and U of freq_maps_noiseless_NNNGHz for the 15 bands of instrument.json,
every value written with repr() so that the doubles round-trip exactly.
Run: /opt/refpy/bin/python tools/make_compsep_subset.py [fixture_dir]
"""
import json
import os
import sys

import healpy as hp
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "udf-kernels", "src", "test", "resources", "sky", "compsep_subset.csv")


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/fixtures/compsep"
    inst = json.load(open(os.path.join(src, "instrument.json")))
    pix = np.sort(np.random.default_rng(1).choice(12 * 64 ** 2, 1024, replace=False))
    cols = [pix.astype(float)]
    names = ["pixel"]
    params = hp.read_map(os.path.join(src, "params_true.fits"), field=None)
    cols += [params[i][pix] for i in range(3)]
    names += ["BETA_D", "TEMP_D", "BETA_S"]
    for comp in ["cmb_qu", "dust_qu_150GHz", "sync_qu_20GHz"]:
        m = hp.read_map(os.path.join(src, comp + ".fits"), field=None)
        cols += [m[0][pix], m[1][pix]]
        names += [comp + "_Q", comp + "_U"]
    for nu in inst["frequency_GHz"]:
        m = hp.read_map(os.path.join(src, "freq_maps_noiseless_%03dGHz.fits" % int(nu)), field=None)
        cols += [m[0][pix], m[1][pix]]
        names += ["%03dGHz_Q" % int(nu), "%03dGHz_U" % int(nu)]
    with open(OUT, "w") as f:
        f.write("# " + ",".join(names) + "\n")
        for row in np.column_stack(cols):
            f.write(str(int(row[0])) + "," + ",".join(repr(float(v)) for v in row[1:]) + "\n")


if __name__ == "__main__":
    main()
