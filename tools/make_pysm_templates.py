"""Derives skypatch's PySM d1s1 template file from PySM's own d1 and s1 maps at three frequencies.

PySM 2's dust1 (d1) is a modified black body with per-pixel beta_d and T_d, and synchrotron1 (s1) a power law
with per-pixel beta_s, both in uK_RJ. Given each model's I, Q, U maps at 30, 100 and 353 GHz, this script inverts
the laws pixel by pixel:
  synchrotron: beta_s = ln(S_100 / S_30) / ln(100 / 30), from I;
  dust: D(nu) = A (nu/nu0)^(beta_d + 1) (exp(h nu0 / k T_d) - 1) / (exp(h nu / k T_d) - 1); the two ratios
        D_100/D_353 and D_30/D_353 fix T_d (a 1-D root, found by bisection) and then beta_d, from I.
h/k is the exact SI 2019 value skypatch's Seds uses, so re-mixing in skypatch reproduces PySM's maps whatever
constant PySM used (T_d absorbs it). It writes one HEALPix FITS file (RING, Galactic, the input nside):
  DUST_I, DUST_Q, DUST_U   dust at 353 GHz, uK_RJ, float32 (PySM's 353 GHz map itself)
  BETA_D, TEMP_D           dust spectral index and temperature (K), float64
  SYNC_I, SYNC_Q, SYNC_U   synchrotron at 30 GHz, uK_RJ, float32 (PySM's 30 GHz map itself)
  BETA_S                   synchrotron spectral index, float64
with header keys DUST_NU = 353 and SYNC_NU = 30 (GHz). It also writes the test resource of
udf-kernels (pysm/pysm_subset.f4: every 16th pixel of the six input maps, I, Q, U, big-endian float32) that
PysmTemplatesTest re-mixes against. The same script makes a user's templates at any nside from PySM runs at
30, 100 and 353 GHz (no bandpass, no smoothing), for the study key sky.simulate.templates.

Run: /opt/refpy/bin/python tools/make_pysm_templates.py /work/shared/data/pysm-nside64 \
         udf-kernels/src/main/resources/org/skypatch/sky/pysm_d1s1_nside64.fits [--test-subset]
"""
import argparse
import os

import healpy as hp
import numpy as np

H_OVER_K = 0.04799243073366221  # K/GHz, exact SI 2019 h/k, as org.skypatch.sky.Seds
FREQS = (30.0, 100.0, 353.0)
DUST_NU, SYNC_NU = 353.0, 30.0
SUBSET_STEP = 16
TEST_OUT = os.path.join(os.path.dirname(__file__), "..", "udf-kernels", "src", "test", "resources", "pysm")


def read(directory, prefix, nu, nside):
    path = os.path.join(directory, "%s_%sp0_%d.fits" % (prefix, int(nu), nside))
    return hp.read_map(path, field=(0, 1, 2), dtype=np.float32)


def find_nside(directory):
    for name in os.listdir(directory):
        if name.startswith("check1therm_353p0_") and name.endswith(".fits"):
            return int(name[len("check1therm_353p0_"):-len(".fits")])
    raise SystemExit("no check1therm_353p0_<nside>.fits in " + directory)


def mbb_ratio(nu, nu0, beta, temp):
    """D(nu) / D(nu0) of the modified black body in RJ units."""
    return (nu / nu0) ** (beta + 1) * np.expm1(H_OVER_K * nu0 / temp) / np.expm1(H_OVER_K * nu / temp)


def dust_parameters(d30, d100, d353):
    """Per-pixel (beta_d, T_d) solving both ratios exactly (float64)."""
    l1 = np.log(d100 / d353)
    l2 = np.log(d30 / d353)
    a1 = np.log(100.0 / DUST_NU)
    a2 = np.log(30.0 / DUST_NU)

    def beta_from(nu, log_ratio, log_nu, temp):
        return (log_ratio - np.log(np.expm1(H_OVER_K * DUST_NU / temp) / np.expm1(H_OVER_K * nu / temp))) / log_nu - 1

    def mismatch(temp):
        return beta_from(100.0, l1, a1, temp) - beta_from(30.0, l2, a2, temp)

    lo = np.full(d353.shape, 3.0)
    hi = np.full(d353.shape, 300.0)
    f_lo = mismatch(lo)
    f_hi = mismatch(hi)
    if np.any(np.sign(f_lo) == np.sign(f_hi)):
        raise SystemExit("T_d is not bracketed in [3, 300] K for %d pixels" % np.sum(np.sign(f_lo) == np.sign(f_hi)))
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        f_mid = mismatch(mid)
        left = np.sign(f_mid) == np.sign(f_lo)
        lo = np.where(left, mid, lo)
        f_lo = np.where(left, f_mid, f_lo)
        hi = np.where(left, hi, mid)
    temp = 0.5 * (lo + hi)
    return beta_from(100.0, l1, a1, temp), temp


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pysm_dir", help="folder with check1therm_{30,100,353}p0_<nside>.fits and check2synch_...")
    parser.add_argument("out", help="template FITS file to write")
    parser.add_argument("--test-subset", action="store_true", help="also write udf-kernels' test subset")
    args = parser.parse_args()
    nside = find_nside(args.pysm_dir)
    dust = {nu: read(args.pysm_dir, "check1therm", nu, nside) for nu in FREQS}
    sync = {nu: read(args.pysm_dir, "check2synch", nu, nside) for nu in FREQS}
    d = {nu: dust[nu][0].astype(np.float64) for nu in FREQS}
    s = {nu: sync[nu][0].astype(np.float64) for nu in FREQS}
    beta_s = np.log(s[100.0] / s[30.0]) / np.log(100.0 / 30.0)
    beta_d, temp_d = dust_parameters(d[30.0], d[100.0], d[353.0])

    worst = 0.0
    for nu in FREQS:
        for k in range(3):
            remix_d = dust[DUST_NU][k].astype(np.float64) * mbb_ratio(nu, DUST_NU, beta_d, temp_d)
            remix_s = sync[SYNC_NU][k].astype(np.float64) * (nu / SYNC_NU) ** beta_s
            for remix, ref in ((remix_d, dust[nu][k]), (remix_s, sync[nu][k])):
                nonzero = ref != 0
                worst = max(worst, np.max(np.abs(remix[nonzero] / ref[nonzero] - 1)))
    print("beta_d %.4f..%.4f, T_d %.3f..%.3f K, beta_s %.4f..%.4f; worst re-mix relative error %.2e"
          % (beta_d.min(), beta_d.max(), temp_d.min(), temp_d.max(), beta_s.min(), beta_s.max(), worst))

    columns = [dust[DUST_NU][0], dust[DUST_NU][1], dust[DUST_NU][2], beta_d, temp_d,
               sync[SYNC_NU][0], sync[SYNC_NU][1], sync[SYNC_NU][2], beta_s]
    names = ["DUST_I", "DUST_Q", "DUST_U", "BETA_D", "TEMP_D", "SYNC_I", "SYNC_Q", "SYNC_U", "BETA_S"]
    units = ["uK_RJ", "uK_RJ", "uK_RJ", "", "K", "uK_RJ", "uK_RJ", "uK_RJ", ""]
    dtypes = [np.float32] * 3 + [np.float64] * 2 + [np.float32] * 3 + [np.float64]
    hp.write_map(args.out, columns, nest=False, coord="G", column_names=names, column_units=units, dtype=dtypes,
                 overwrite=True,
                 extra_header=[("DUST_NU", DUST_NU, "GHz, reference frequency of DUST_I/Q/U"),
                               ("SYNC_NU", SYNC_NU, "GHz, reference frequency of SYNC_I/Q/U"),
                               ("SOURCE", "PySM 2 dust1 + synchrotron1 (pysm-data 5b08747)", ""),
                               ("MADEBY", "tools/make_pysm_templates.py", "")])
    print("wrote", args.out)

    if args.test_subset:
        os.makedirs(TEST_OUT, exist_ok=True)
        pixels = np.arange(0, 12 * nside ** 2, SUBSET_STEP)
        # [dust 30, 100, 353; sync 30, 100, 353][I, Q, U][subset pixel]
        cube = np.array([[dust[nu][k][pixels] for k in range(3)] for nu in FREQS]
                        + [[sync[nu][k][pixels] for k in range(3)] for nu in FREQS])
        cube.astype(">f4").tofile(os.path.join(TEST_OUT, "pysm_subset.f4"))
        print("wrote", os.path.join(TEST_OUT, "pysm_subset.f4"), cube.shape)


if __name__ == "__main__":
    main()
