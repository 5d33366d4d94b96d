package org.skypatch.fits;

import java.util.Arrays;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.Ordering;
import org.skypatch.sphere.UdGrade;

/**
 * One or more full-sky HEALPix maps sharing a pixelisation, as stored in one FITS binary table.
 * Pixels without data hold {@link Healpix#UNSEEN}.
 *
 * @param nside    resolution parameter (power of two, 1..8192)
 * @param ordering pixel numbering of every column
 * @param coordsys FITS {@code COORDSYS} ("G" Galactic, "E" Ecliptic, "C" equatorial) or null when unknown
 * @param names    column names ({@code TTYPEn}), one per column
 * @param units    column units ({@code TUNITn}), one per column, an entry null when absent
 * @param columns  the maps, each of 12 nside^2 values in {@code ordering}
 */
public record HealpixMap(int nside, Ordering ordering, String coordsys, String[] names, String[] units,
                         double[][] columns) implements java.io.Serializable {

    public HealpixMap {
        Nside.check(nside);
        if (ordering == null) {
            throw new IllegalArgumentException("HEALPix map ordering is null: pass Ordering.RING or Ordering.NESTED");
        }
        if (columns.length == 0 || names.length != columns.length || units.length != columns.length) {
            throw new IllegalArgumentException("HEALPix map has " + columns.length + " columns, " + names.length
                    + " names and " + units.length + " units: give one name and one unit (or null) per column");
        }
        long npix = Nside.npix(nside);
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].length != npix) {
                throw new IllegalArgumentException("HEALPix map column " + names[c] + " has " + columns[c].length
                        + " values, nside " + nside + " needs " + npix);
            }
        }
    }

    /** A map with unnamed units, e.g. {@code of(64, RING, "G", new String[]{"Q", "U"}, q, u)}. */
    public static HealpixMap of(int nside, Ordering ordering, String coordsys, String[] names, double[]... columns) {
        return new HealpixMap(nside, ordering, coordsys, names, new String[names.length], columns);
    }

    public int columnCount() {
        return columns.length;
    }

    public long npix() {
        return Nside.npix(nside);
    }

    /** Index of the column of this name (case-insensitive), or -1. */
    public int indexOf(String name) {
        for (int c = 0; c < names.length; c++) {
            if (names[c].equalsIgnoreCase(name)) {
                return c;
            }
        }
        return -1;
    }

    /** The values of the named column (case-insensitive). */
    public double[] column(String name) {
        int c = indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("HEALPix map has no column '" + name + "' (columns: "
                    + String.join(", ", names) + ")");
        }
        return columns[c];
    }

    /**
     * Every column at {@code nsideOut} as healpy's {@code ud_grade} makes it (see {@link UdGrade#udGrade}),
     * in this map's ordering; this map when the nside is already {@code nsideOut}.
     */
    public HealpixMap udGrade(int nsideOut, boolean pessimistic) {
        if (nsideOut == nside) {
            return this;
        }
        double[][] out = new double[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            out[c] = UdGrade.udGrade(columns[c], ordering, nsideOut, pessimistic);
        }
        return new HealpixMap(nsideOut, ordering, coordsys, names, units, out);
    }

    /** The same maps in the other ordering when {@code target} differs (new arrays), else this map. */
    public HealpixMap withOrdering(Ordering target) {
        if (target == ordering) {
            return this;
        }
        double[][] converted = new double[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            converted[c] = Healpix.reorder(columns[c], ordering, target);
        }
        return new HealpixMap(nside, target, coordsys, names, units, converted);
    }

    /** Equal when the pixelisation, coordinate system, names, units and every value are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HealpixMap m && nside == m.nside && ordering == m.ordering
                && java.util.Objects.equals(coordsys, m.coordsys) && Arrays.equals(names, m.names)
                && Arrays.equals(units, m.units) && Arrays.deepEquals(columns, m.columns);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(nside, ordering, coordsys, Arrays.hashCode(names), Arrays.hashCode(units),
                Arrays.deepHashCode(columns));
    }

    @Override
    public String toString() {
        return "HealpixMap[nside=" + nside + ", ordering=" + ordering + ", coordsys=" + coordsys
                + ", names=" + Arrays.toString(names) + ", units=" + Arrays.toString(units) + "]";
    }
}
