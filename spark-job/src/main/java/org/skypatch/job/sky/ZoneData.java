package org.skypatch.job.sky;

import java.io.Serializable;
import org.skypatch.job.study.RecordContent;

/**
 * The noiseless sky of one zone, in uK_CMB, as the fits need it.
 *
 * @param name       zone name
 * @param pixels     the zone's RING pixels (ascending) at the study's nside
 * @param signal     [band][stokes Q=0,U=1][zone pixel] CMB + foregrounds
 * @param foreground [band][stokes][zone pixel] foregrounds only
 * @param cmb        [stokes][zone pixel] the true CMB
 * @param noiseScale [zone pixel] the noise sigma over the nominal one, sqrt(mean hits / hits) (null: uniform noise)
 */
public record ZoneData(String name, int[] pixels, double[][][] signal, double[][][] foreground, double[][] cmb,
                       double[] noiseScale) implements Serializable {
    /** A zone with uniform noise. */
    public ZoneData(String name, int[] pixels, double[][][] signal, double[][][] foreground, double[][] cmb) {
        this(name, pixels, signal, foreground, cmb, null);
    }

    /** By content, arrays included ({@link RecordContent}). */
    @Override
    public boolean equals(Object other) {
        return RecordContent.equals(this, other);
    }

    @Override
    public int hashCode() {
        return RecordContent.hashCode(this);
    }
}
