package org.skypatch.sphere;

/**
 * Changes the resolution of full-sky maps as healpy's {@code ud_grade} does (power 0): degrading averages
 * the (nside_in / nside_out)^2 children of each coarse pixel, ignoring UNSEEN and non-finite children;
 * upgrading copies each coarse value to its children. Children are visited in NESTED order, so results
 * do not depend on the map's ordering.
 */
public final class UdGrade {
    private UdGrade() {
    }

    /**
     * The map at {@code nsideOut}, in the same ordering as the input.
     *
     * @param pessimistic when degrading, a coarse pixel is UNSEEN unless all its children are valid
     *                    (healpy {@code pess=True}); otherwise only when none is
     */
    public static double[] udGrade(double[] map, Ordering ordering, int nsideOut, boolean pessimistic) {
        int nsideIn = Nside.fromNpix(map.length);
        Nside.check(nsideOut);
        double[] out = new double[(int) Nside.npix(nsideOut)];
        if (nsideOut >= nsideIn) {
            for (int p = 0; p < out.length; p++) {
                out[p] = map[(int) Healpix.parent(nsideOut, ordering, p, nsideIn)];
            }
            return out;
        }
        int children = (nsideIn / nsideOut) * (nsideIn / nsideOut);
        for (int q = 0; q < out.length; q++) {
            long first = Healpix.convert(nsideOut, q, ordering, Ordering.NESTED) * children;
            double sum = 0.0;
            int valid = 0;
            for (int k = 0; k < children; k++) {
                double v = map[(int) Healpix.convert(nsideIn, first + k, Ordering.NESTED, ordering)];
                if (!Healpix.isUnseen(v)) {
                    sum += v;
                    valid++;
                }
            }
            boolean missing = pessimistic ? valid != children : valid == 0;
            out[q] = missing ? Healpix.UNSEEN : sum / valid;
        }
        return out;
    }

    /**
     * A binary mask at the coarser {@code nsideOut}: 1 where every child pixel is inside the input mask
     * (non-zero and not UNSEEN), 0 elsewhere. Use {@link #udGrade} for the fraction of children inside.
     */
    public static double[] maskAllChildrenInside(double[] mask, Ordering ordering, int nsideOut) {
        int nsideIn = Nside.fromNpix(mask.length);
        Nside.check(nsideOut);
        if (nsideOut > nsideIn) {
            throw new IllegalArgumentException("mask degrade to nside " + nsideOut + " from nside " + nsideIn
                    + ": the target must not be finer; use udGrade to upgrade");
        }
        int children = (nsideIn / nsideOut) * (nsideIn / nsideOut);
        double[] out = new double[(int) Nside.npix(nsideOut)];
        for (int q = 0; q < out.length; q++) {
            long first = Healpix.convert(nsideOut, q, ordering, Ordering.NESTED) * children;
            boolean all = true;
            for (int k = 0; k < children && all; k++) {
                double v = mask[(int) Healpix.convert(nsideIn, first + k, Ordering.NESTED, ordering)];
                all = v != 0.0 && !Healpix.isUnseen(v);
            }
            out[q] = all ? 1.0 : 0.0;
        }
        return out;
    }
}
