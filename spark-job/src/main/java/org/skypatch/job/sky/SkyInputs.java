package org.skypatch.job.sky;

import java.io.Serializable;
import java.util.Map;
import org.skypatch.job.study.RecordContent;
import org.skypatch.sky.Bandpass;

/**
 * Everything an executor needs to fit any unit of a study: the instrument and the noiseless sky of
 * every zone. Maps are in uK_CMB.
 *
 * @param nside          HEALPix resolution
 * @param bandNames      band names in use
 * @param frequenciesGHz band centres, GHz
 * @param bandpasses     per band, its bandpass or null for a delta band (the fit averages its mixing matrix over them)
 * @param sigma          per band, white-noise sigma per pixel for Q and for U at nominal depth, uK_CMB
 *                       (the fit's noise weights)
 * @param noiseRatio     scale of the noise added to the data (0 = noiseless)
 * @param noiseSeed      the study seed
 * @param dustRefGHz     dust reference frequency, GHz
 * @param syncRefGHz     synchrotron reference frequency, GHz
 * @param zones          zone name -> its data
 */
public record SkyInputs(int nside, String[] bandNames, double[] frequenciesGHz, Bandpass[] bandpasses, double[] sigma, double noiseRatio,
                        long noiseSeed, double dustRefGHz, double syncRefGHz, Map<String, ZoneData> zones)
        implements Serializable {
    public ZoneData zone(String name) {
        ZoneData z = zones.get(name);
        if (z == null) {
            throw new IllegalArgumentException("zone " + name + " is not in the sky inputs " + zones.keySet());
        }
        return z;
    }

    /** Rough in-memory size, bytes: decides between broadcast and shared files. */
    public long sizeBytes() {
        long doubles = 0;
        for (ZoneData z : zones.values()) {
            doubles += (long) z.pixels().length * (4L * bandNames.length + 3);
        }
        return doubles * Double.BYTES;
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
