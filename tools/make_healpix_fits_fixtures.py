#!/opt/refpy/bin/python
"""healpy-written FITS maps (and the values healpy reads back from them) for org.skypatch.fits tests.

Writes into udf-kernels/src/test/resources/fits/:
  iqu_float32_nside16.fits   3 float32 columns (healpy default names), TUNIT K_CMB, COORDSYS G, some UNSEEN
  iqu_float32_nside16.csv    pix, I, Q, U as healpy.read_map returns them (%.9g: exact for float32)
  nested_nside8.fits         1 float64 column, ORDERING NESTED, 768 pixels (scalar 'D' column, not 1024D)
  nested_nside8.csv          pix, value in the file (NESTED), value at RING pixel pix (hp.reorder n2r)
  labels_int64_nside16.fits  int64 'K' label column CLUSTER; labels_int32_nside16.fits the same as int32 'J'
  labels_nside16.csv         pix, label
  labels_int64_nside16.fits.gz  the int64 label map written gzipped (write_map to a .gz name)
  partial_nside16.fits       write_map(partial=True): INDXSCHM EXPLICIT, int16 PIXEL column, 2 float64 columns
  partial_nside16.csv        pix, A, B for the stored pixels
  scaled_int16_nside2.fits   an int16 column with TSCAL 0.25 / TZERO 7 (astropy-written); .csv: healpy's values
  nan_nside4.fits            a float64 map holding NaN (skypatch must refuse it)
  image_only.fits            a FITS file with an image and no table (not a HEALPix map)
  cmb_qu_sample.csv          pix, Q, U of /work/shared/fixtures/compsep/cmb_qu.fits (copied next to it) read by healpy
and copies mask.fits, patches_nside8.fits, cmb_qu.fits from /work/shared/fixtures/compsep.

Run: /opt/refpy/bin/python tools/make_healpix_fits_fixtures.py   (healpy 1.20.1; seed fixed)
"""
import gzip
import os
import shutil

import healpy as hp
import numpy as np
from astropy.io import fits

OUT = os.path.join(os.path.dirname(__file__), "..", "udf-kernels", "src", "test", "resources", "fits")
SHARED = "/work/shared/fixtures/compsep"
rng = np.random.default_rng(7)


def path(name):
    return os.path.join(OUT, name)


def main():
    os.makedirs(OUT, exist_ok=True)

    npix = hp.nside2npix(16)
    iqu = rng.normal(scale=[[1e-4], [3e-6], [3e-6]], size=(3, npix)).astype(np.float32)
    iqu[:, rng.choice(npix, 50, replace=False)] = hp.UNSEEN
    hp.write_map(path("iqu_float32_nside16.fits"), iqu, coord="G", column_units="K_CMB", overwrite=True)
    back = hp.read_map(path("iqu_float32_nside16.fits"), field=None)
    assert back.dtype == np.float32
    with open(path("iqu_float32_nside16.csv"), "w") as f:
        f.write("pix,I,Q,U\n")
        for p in range(npix):
            f.write("%d,%.9g,%.9g,%.9g\n" % (p, back[0][p], back[1][p], back[2][p]))

    ring = rng.uniform(-1, 1, hp.nside2npix(8))
    nest = hp.reorder(ring, r2n=True)
    hp.write_map(path("nested_nside8.fits"), nest, nest=True, coord="G", column_names=["DUST_BETA"],
                 overwrite=True)
    back_ring = hp.read_map(path("nested_nside8.fits"), nest=False)
    back_nest = hp.read_map(path("nested_nside8.fits"), nest=True)
    with open(path("nested_nside8.csv"), "w") as f:
        f.write("pix,nested_value,ring_value\n")
        for p in range(ring.size):
            f.write("%d,%.17g,%.17g\n" % (p, back_nest[p], back_ring[p]))

    labels = rng.integers(0, 40, npix).astype(np.int64)
    labels[:5] = [0, 1, 2**31 - 1, 7, 39]
    hp.write_map(path("labels_int64_nside16.fits"), labels, column_names=["CLUSTER"], overwrite=True)
    hp.write_map(path("labels_int32_nside16.fits"), labels.astype(np.int32), column_names=["CLUSTER"],
                 overwrite=True)
    assert fits.getheader(path("labels_int64_nside16.fits"), 1)["TFORM1"] == "1024K"
    assert fits.getheader(path("labels_int32_nside16.fits"), 1)["TFORM1"] == "1024J"
    with open(path("labels_nside16.csv"), "w") as f:
        f.write("pix,label\n")
        for p in range(npix):
            f.write("%d,%d\n" % (p, labels[p]))
    assert np.array_equal(hp.read_map(path("labels_int64_nside16.fits")), labels)
    # gzipped as healpy (astropy) writes a .gz name, with mtime 0 for reproducible bytes
    with open(path("labels_int64_nside16.fits"), "rb") as raw, gzip.GzipFile(
            path("labels_int64_nside16.fits.gz"), "wb", mtime=0) as gz:
        gz.write(raw.read())
    assert np.array_equal(hp.read_map(path("labels_int64_nside16.fits.gz")), labels)

    npix16 = hp.nside2npix(16)
    ab = rng.normal(size=(2, npix16))
    theta, _ = hp.pix2ang(16, np.arange(npix16))
    ab[:, np.abs(90 - np.degrees(theta)) < 30] = hp.UNSEEN
    hp.write_map(path("partial_nside16.fits"), ab, partial=True, column_names=["A", "B"], coord="G",
                 overwrite=True)
    back = hp.read_map(path("partial_nside16.fits"), field=None, partial=False)
    with open(path("partial_nside16.csv"), "w") as f:
        f.write("pix,A,B\n")
        for p in np.where(back[0] != hp.UNSEEN)[0]:
            f.write("%d,%.17g,%.17g\n" % (p, back[0][p], back[1][p]))

    # an int16 column with TSCAL/TZERO, which healpy (astropy) applies when reading
    stored = np.arange(hp.nside2npix(2), dtype=np.int16) * 3 - 50
    hdu = fits.BinTableHDU.from_columns([fits.Column(name="SCALED", format="I", array=stored)])
    for key, val in [("TSCAL1", 0.25), ("TZERO1", 7.0), ("PIXTYPE", "HEALPIX"), ("ORDERING", "RING"), ("NSIDE", 2),
                     ("INDXSCHM", "IMPLICIT")]:
        hdu.header[key] = val
    hdu.writeto(path("scaled_int16_nside2.fits"), overwrite=True)
    with fits.open(path("scaled_int16_nside2.fits")) as f:
        raw = np.frombuffer(f[1].data.tobytes(), dtype=">i2")
    assert np.array_equal(raw, stored), "the file stores the unscaled int16 values"
    scaled = hp.read_map(path("scaled_int16_nside2.fits"))
    assert np.array_equal(scaled, stored * 0.25 + 7.0)
    with open(path("scaled_int16_nside2.csv"), "w") as f:
        f.write("pix,value\n")
        for p, v in enumerate(scaled):
            f.write("%d,%.17g\n" % (p, v))

    bad = np.ones(hp.nside2npix(4))
    bad[17] = np.nan
    hp.write_map(path("nan_nside4.fits"), bad, overwrite=True)
    fits.PrimaryHDU(np.zeros((4, 4))).writeto(path("image_only.fits"), overwrite=True)

    for name in ["mask.fits", "patches_nside8.fits", "cmb_qu.fits"]:
        shutil.copyfile(os.path.join(SHARED, name), path(name))
    q, u = hp.read_map(path("cmb_qu.fits"), field=None)
    with open(path("cmb_qu_sample.csv"), "w") as f:
        f.write("pix,Q,U\n")
        for p in np.unique(np.concatenate([[0, q.size - 1], rng.integers(0, q.size, 300)])):
            f.write("%d,%.17g,%.17g\n" % (p, q[p], u[p]))


if __name__ == "__main__":
    main()
