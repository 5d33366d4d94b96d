#!/opt/refpy/bin/python
"""Checks that healpy reads the HEALPix FITS files skypatch writes.

HealpixFitsTest#writesTheFilesHealpyChecks writes them into udf-kernels/target/skypatch-written/ from the
formulas in SkypatchWrittenFiles.java, repeated here. Run after the test:
  mvn -B -o -pl udf-kernels test -Dtest=HealpixFitsTest && /opt/refpy/bin/python tools/check_skypatch_fits.py
Exits non-zero, naming the file and the difference, when healpy disagrees.
"""
import os
import sys

import healpy as hp
import numpy as np
from astropy.io import fits

DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "udf-kernels", "target",
                                                         "skypatch-written")


def value(c, p):
    v = ((p * 37 + c * 101) % 2048 - 1024) / 1024.0 / 1024.0
    return np.where(p % 13 == 5, hp.UNSEEN, v)


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)
    print("ok:", what)


def main():
    p16 = np.arange(hp.nside2npix(16))
    expected = np.array([value(c, p16) for c in range(3)])

    f = os.path.join(DIR, "iqu_float64_nside16.fits")
    m, h = hp.read_map(f, field=None, h=True)
    h = dict(h)
    check(m.dtype == np.float64 and np.array_equal(m, expected), f + ": float64 values identical")
    check(h["PIXTYPE"] == "HEALPIX" and h["ORDERING"] == "RING" and h["NSIDE"] == 16 and h["COORDSYS"] == "G"
          and h["INDXSCHM"] == "IMPLICIT" and h["FIRSTPIX"] == 0 and h["LASTPIX"] == 3071, f + ": header keywords")
    check(h["TFORM1"] == "1024D" and h["TTYPE2"] == "Q" and h["TUNIT3"] == "K_CMB", f + ": 1024D columns, names, units")

    f = os.path.join(DIR, "iqu_float32_nside16.fits")
    m = hp.read_map(f, field=None)
    check(m.dtype == np.float32 and np.array_equal(m, expected.astype(np.float32)), f + ": float32 values identical")

    f = os.path.join(DIR, "iqu_partial_nside16.fits")
    m = hp.read_map(f, field=None, partial=True)
    check(np.array_equal(m, expected), f + ": partial map expands to the same full map with UNSEEN")
    h = fits.getheader(f, 1)
    check(h["INDXSCHM"] == "EXPLICIT" and h["OBJECT"] == "PARTIAL" and h["TTYPE1"] == "PIXEL",
          f + ": EXPLICIT header and PIXEL column")
    check(np.array_equal(hp.read_map(f, field=None), expected), f + ": healpy detects the partial file by itself")

    f = os.path.join(DIR, "nested_nside4.fits")
    nest_values = np.arange(hp.nside2npix(4)) / 8.0
    check(np.array_equal(hp.read_map(f, nest=True), nest_values), f + ": NESTED values as written")
    check(np.array_equal(hp.read_map(f), hp.reorder(nest_values, n2r=True)), f + ": healpy converts it to RING")
    check("COORDSYS" not in fits.getheader(f, 1), f + ": no COORDSYS when unknown")

    f = os.path.join(DIR, "labels_nside16.fits")
    m = hp.read_map(f)
    check(m.dtype.kind == "i" and m.dtype.itemsize == 8 and np.array_equal(m, (p16 * 7) % 41), f + ": int64 labels identical")
    check(fits.getheader(f, 1)["TFORM1"] == "1024K", f + ": 1024K column as healpy writes labels")


if __name__ == "__main__":
    main()
