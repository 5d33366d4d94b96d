package org.skypatch.fits;

import java.util.List;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.Ordering;

/**
 * The header facts of a HEALPix FITS file ({@link HealpixFits#info}): enough to check a study's inputs
 * without reading their pixels.
 *
 * @param nside    resolution parameter
 * @param ordering pixel numbering
 * @param coordsys FITS {@code COORDSYS}, or null when absent
 * @param columns  map column names (without an EXPLICIT file's PIXEL column)
 * @param units    column units, an entry null when absent
 * @param partial  true for EXPLICIT (partial-sky) files
 */
public record HealpixFileInfo(int nside, Ordering ordering, String coordsys, List<String> columns,
                              List<String> units, boolean partial) {

    public long npix() {
        return Nside.npix(nside);
    }
}
