package org.skypatch.sphere;

/** HEALPix pixel numbering schemes (the FITS keyword {@code ORDERING}). */
public enum Ordering {
    /** Pixels numbered along iso-latitude rings from north to south: what harmonic transforms need. */
    RING,
    /** Hierarchical numbering: the four children of pixel p at twice the nside are 4p..4p+3. */
    NESTED;

    /** The ordering named by a FITS {@code ORDERING} value ("RING", "NESTED" or "NEST"), or null if unknown. */
    public static Ordering fromFits(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "RING" -> RING;
            case "NESTED", "NEST" -> NESTED;
            default -> null;
        };
    }
}
