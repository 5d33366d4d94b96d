#!/opt/refpy/bin/python
"""Reference values from healpy for org.skypatch.sphere tests.

Writes CSV files (floats as %.17g, so they round-trip exactly) into
udf-kernels/src/test/resources/healpix/:
  pixels.csv    nside, pix, RING theta/phi/x/y/z, ring2nest, nest2ring, NESTED theta/phi/x/y/z
  angles.csv    nside, theta, phi, ang2pix RING/NESTED, vec2pix RING/NESTED of (x,y,z) = ang2vec * scale
  ringinfo.csv  nside, ring, startpix, ringpix, costheta, sintheta, shifted, theta/phi of the first pixel
  parents.csv   nside, nside_out, RING pix, RING parent, NESTED pix, NESTED parent
  neighbours.csv nside, pix, get_all_neighbours RING r0..r7 and NESTED n0..n7 (SW, W, NW, N, NE, E, SE, S)
  resolution.csv nside, npix, pixel area (sr), resolution (arcmin)
  udgrade.csv   one row per output map: name, nside_in, nside_out, pess, values...
                (inputs: a random RING map at nside 16 with UNSEEN pixels, and a 0/1 mask;
                the upgrade row 4 -> 16 takes the map's pessimistic=0 nside-4 degrade as input)

Run: /opt/refpy/bin/python tools/make_healpix_reference.py   (healpy 1.20.1, numpy 2.x; seed fixed)
"""
import os

import healpy as hp
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "udf-kernels", "src", "test", "resources", "healpix")
rng = np.random.default_rng(20261125)


def fmt(x):
    return "%.17g" % x


def sample_pixels(nside, n_random):
    npix = hp.nside2npix(nside)
    if npix <= 3 * n_random:
        return np.arange(npix)
    ncap = 2 * nside * (nside - 1)
    edges = [np.arange(0, 40), np.arange(npix - 40, npix), np.arange(ncap - 20, ncap + 20),
             np.arange(npix - ncap - 20, npix - ncap + 20), np.arange(npix // 2 - 20, npix // 2 + 20)]
    pix = np.concatenate(edges + [rng.integers(0, npix, n_random)])
    return np.unique(pix)


NSIDES = [1, 2, 4, 64, 1024, 8192]


def pixels():
    with open(os.path.join(OUT, "pixels.csv"), "w") as f:
        f.write("nside,pix,theta_r,phi_r,x_r,y_r,z_r,ring2nest,nest2ring,theta_n,phi_n,x_n,y_n,z_n\n")
        for nside in NSIDES:
            pix = sample_pixels(nside, 250)
            tr, pr = hp.pix2ang(nside, pix)
            vr = hp.pix2vec(nside, pix)
            tn, pn = hp.pix2ang(nside, pix, nest=True)
            vn = hp.pix2vec(nside, pix, nest=True)
            r2n = hp.ring2nest(nside, pix)
            n2r = hp.nest2ring(nside, pix)
            for i, p in enumerate(pix):
                f.write(",".join([str(nside), str(p), fmt(tr[i]), fmt(pr[i]), fmt(vr[0][i]), fmt(vr[1][i]),
                                  fmt(vr[2][i]), str(r2n[i]), str(n2r[i]), fmt(tn[i]), fmt(pn[i]),
                                  fmt(vn[0][i]), fmt(vn[1][i]), fmt(vn[2][i])]) + "\n")


def angles():
    with open(os.path.join(OUT, "angles.csv"), "w") as f:
        f.write("nside,theta,phi,ring,nest,x,y,z,vring,vnest\n")
        for nside in NSIDES:
            n = 300
            z = rng.uniform(-1, 1, n)
            theta = np.arccos(z)
            phi = rng.uniform(-4 * np.pi, 4 * np.pi, n)  # healpy accepts any phi
            # near and at the poles, the cap/belt boundary z = 2/3 and phi = 0, pi/2
            special_t = np.array([0.0, 1e-9, 1e-4, 0.0099, 0.0101, np.arccos(2 / 3), np.arccos(2 / 3) + 1e-12,
                                  np.pi / 2, np.pi - 0.0101, np.pi - 1e-4, np.pi - 1e-9, np.pi])
            special_p = np.array([0.0, 1.0, np.pi / 2, 2 * np.pi - 1e-12, 0.3, 0.0, 3.0, 0.0, 1.0, 4.0, 5.0, 0.0])
            theta = np.concatenate([theta, special_t])
            phi = np.concatenate([phi, special_p])
            ring = hp.ang2pix(nside, theta, phi)
            nest = hp.ang2pix(nside, theta, phi, nest=True)
            scale = rng.uniform(0.1, 10.0, theta.size)
            v = hp.ang2vec(theta, phi) * scale[:, None]
            vring = hp.vec2pix(nside, v[:, 0], v[:, 1], v[:, 2])
            vnest = hp.vec2pix(nside, v[:, 0], v[:, 1], v[:, 2], nest=True)
            for i in range(theta.size):
                f.write(",".join([str(nside), fmt(theta[i]), fmt(phi[i]), str(ring[i]), str(nest[i]),
                                  fmt(v[i, 0]), fmt(v[i, 1]), fmt(v[i, 2]), str(vring[i]), str(vnest[i])]) + "\n")


def ringinfo():
    with open(os.path.join(OUT, "ringinfo.csv"), "w") as f:
        f.write("nside,ring,startpix,ringpix,costheta,sintheta,shifted,theta,phi0\n")
        for nside in [1, 2, 4, 8, 64, 8192]:
            nring = 4 * nside - 1
            rings = np.arange(1, nring + 1) if nring < 600 else np.unique(np.concatenate(
                [np.arange(1, 40), np.arange(nside - 5, nside + 5), np.arange(2 * nside - 3, 2 * nside + 3),
                 np.arange(3 * nside - 5, 3 * nside + 5), np.arange(nring - 40, nring + 1),
                 rng.integers(1, nring + 1, 200)]))
            start, count, cos, sin, shifted = hp.ringinfo(nside, rings)
            theta, phi = hp.pix2ang(nside, start)
            for i, r in enumerate(rings):
                f.write(",".join([str(nside), str(r), str(start[i]), str(count[i]), fmt(cos[i]), fmt(sin[i]),
                                  str(int(shifted[i])), fmt(theta[i]), fmt(phi[i])]) + "\n")


def parents():
    with open(os.path.join(OUT, "parents.csv"), "w") as f:
        f.write("nside,nside_out,pix_ring,parent_ring,pix_nest,parent_nest\n")
        for nside, nside_out in [(2, 1), (8, 2), (64, 8), (64, 64), (8192, 4), (8192, 4096)]:
            pix = sample_pixels(nside, 300)
            shift = 2 * (int(np.log2(nside)) - int(np.log2(nside_out)))
            parent_nest = pix >> shift
            parent_ring = hp.nest2ring(nside_out, hp.ring2nest(nside, pix) >> shift)
            # the definition agrees with geometry: the pixel centre lies in its parent
            t, p = hp.pix2ang(nside, pix)
            assert np.all(hp.ang2pix(nside_out, t, p) == parent_ring)
            for i in range(pix.size):
                f.write(",".join(str(v) for v in [nside, nside_out, pix[i], parent_ring[i], pix[i], parent_nest[i]])
                        + "\n")


def neighbours():
    with open(os.path.join(OUT, "neighbours.csv"), "w") as f:
        f.write("nside,pix," + ",".join("r%d" % k for k in range(8)) + "," + ",".join("n%d" % k for k in range(8))
                + "\n")
        for nside in [1, 2, 4, 64, 8192]:
            pix = sample_pixels(nside, 150)
            ring = hp.get_all_neighbours(nside, pix)
            nest = hp.get_all_neighbours(nside, pix, nest=True)
            for i, p in enumerate(pix):
                f.write(",".join([str(nside), str(p)] + [str(v) for v in ring[:, i]] + [str(v) for v in nest[:, i]])
                        + "\n")


def resolution():
    with open(os.path.join(OUT, "resolution.csv"), "w") as f:
        f.write("nside,npix,area_sr,resol_arcmin\n")
        for k in range(14):
            nside = 2 ** k
            f.write(",".join([str(nside), str(hp.nside2npix(nside)), fmt(hp.nside2pixarea(nside)),
                              fmt(hp.nside2resol(nside, arcmin=True))]) + "\n")


def udgrade():
    nside = 16
    npix = hp.nside2npix(nside)
    m = rng.normal(size=npix)
    m[rng.choice(npix, 300, replace=False)] = hp.UNSEEN
    # a whole nside-4 parent unseen, so the optimistic degrade has an UNSEEN output too
    m[hp.nest2ring(nside, np.arange(16 * 5, 16 * 6))] = hp.UNSEEN
    t, _ = hp.pix2ang(nside, np.arange(npix))
    mask = (np.abs(90 - np.degrees(t)) > 20).astype(float)
    rows = [("map", nside, nside, False, m),
            ("map", nside, 4, False, hp.ud_grade(m, 4)),
            ("map", nside, 4, True, hp.ud_grade(m, 4, pess=True)),
            ("map", nside, 1, False, hp.ud_grade(m, 1)),
            ("map", 4, nside, False, hp.ud_grade(hp.ud_grade(m, 4), nside)),  # upgrade of the row above
            ("mask", nside, nside, False, mask),
            ("mask", nside, 4, False, hp.ud_grade(mask, 4)),
            # low-resolution pixel kept only when all children are inside the mask
            ("mask", nside, 4, True, (hp.ud_grade(mask, 4) == 1).astype(float)),
            ("map_nest", nside, 4, False, hp.ud_grade(hp.reorder(m, r2n=True), 4, order_in="NESTED"))]
    with open(os.path.join(OUT, "udgrade.csv"), "w") as f:
        f.write("name,nside_in,nside_out,pess_or_all,values...\n")
        for name, nin, nout, flag, values in rows:
            f.write(",".join([name, str(nin), str(nout), str(int(flag))] + [fmt(v) for v in values]) + "\n")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    pixels()
    angles()
    ringinfo()
    parents()
    neighbours()
    resolution()
    udgrade()
