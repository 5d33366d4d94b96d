package org.skypatch.fits;

/**
 * A HEALPix FITS file that skypatch cannot use: missing, not a HEALPix map, the wrong nside, a missing
 * column or invalid values. The message is one line naming the file and the problem.
 */
public class MapFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MapFormatException(String message) {
        super(message);
    }

    public MapFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
