package org.skypatch.sky;

import java.util.Arrays;
import java.util.Locale;

/** The foreground models a simulated sky can have. */
public enum Foregrounds {
    /** PySM's d1 dust and s1 synchrotron: template amplitudes with per-pixel beta_d, T_d, beta_s (the paper's sky). */
    D1S1,
    /** The same template amplitudes with PySM's constant d0/s0 parameters: beta_d 1.54, T_d 20 K, beta_s -3. */
    D0S0,
    /** The isotropic Gaussian toy sky: power-law fields under a Galactic-latitude envelope, smooth parameter fields. */
    GAUSSIAN;

    /** PySM d0 and s0's constant parameters. */
    public static final double D0_BETA = 1.54;
    public static final double D0_TEMPERATURE = 20;
    public static final double S0_BETA = -3;

    /** The study-file spelling: d1s1, d0s0, gaussian. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Foregrounds parse(String value) {
        for (Foregrounds f : values()) {
            if (f.label().equalsIgnoreCase(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a foreground model: use one of "
                + Arrays.stream(values()).map(Foregrounds::label).toList());
    }

    /**
     * The templates of this model at the sky's nside, from the given PySM-style templates (d1s1's own; d0s0 with
     * constant parameters); null for the Gaussian sky, which has none.
     */
    public PysmTemplates templates(PysmTemplates source, int nside) {
        return switch (this) {
            case GAUSSIAN -> null;
            case D1S1 -> source.atNside(nside);
            case D0S0 -> source.atNside(nside).withConstantParameters(D0_BETA, D0_TEMPERATURE, S0_BETA);
        };
    }
}
