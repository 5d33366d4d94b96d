package org.skypatch.harmonics;

import org.skypatch.sphere.RingTable;

/**
 * map -&gt; alm as healpy's map2alm: adjoint synthesis with the uniform pixel weight 4 pi / Npix, then
 * {@code iter} Jacobi steps alm += adjoint(map - synthesis(alm)), which drive the residual of a band-limited
 * map towards zero.
 */
final class Analysis {
    private final Synthesis synthesis;
    private final AdjointSynthesis adjoint;
    private final double weight;

    Analysis(RingTable rings, int lmax, int mmax) {
        this.synthesis = new Synthesis(rings, lmax, mmax);
        this.adjoint = new AdjointSynthesis(rings, lmax, mmax);
        this.weight = 4 * Math.PI / (12.0 * rings.nside() * rings.nside());
    }

    /** Fills t (from mapT) and e, b (from mapQ, mapU) where non-null; maps are not modified. */
    void run(double[] mapT, double[] mapQ, double[] mapU, int iter, Alm t, Alm e, Alm b) {
        adjoint.run(mapT, mapQ, mapU, weight, t, e, b);
        if (iter == 0) {
            return;
        }
        int npix = mapT != null ? mapT.length : mapQ.length;
        double[] rT = t == null ? null : new double[npix];
        double[] rQ = e == null ? null : new double[npix];
        double[] rU = e == null ? null : new double[npix];
        Alm dt = t == null ? null : new Alm(t.lmax(), t.mmax());
        Alm de = e == null ? null : new Alm(e.lmax(), e.mmax());
        Alm db = e == null ? null : new Alm(e.lmax(), e.mmax());
        for (int i = 0; i < iter; i++) {
            synthesis.run(t, e, b, rT, rQ, rU);
            residual(mapT, rT);
            residual(mapQ, rQ);
            residual(mapU, rU);
            adjoint.run(rT, rQ, rU, weight, dt, de, db);
            if (t != null) {
                t.addScaled(dt, 1);
            }
            if (e != null) {
                e.addScaled(de, 1);
                b.addScaled(db, 1);
            }
        }
    }

    /** model := map - model. */
    private static void residual(double[] map, double[] model) {
        if (map == null) {
            return;
        }
        for (int p = 0; p < map.length; p++) {
            model[p] = map[p] - model[p];
        }
    }
}
