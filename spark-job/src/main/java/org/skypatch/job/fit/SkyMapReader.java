package org.skypatch.job.fit;

import org.skypatch.job.config.StudyConfig;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.SimulatedSky;

/** Reads a sky given as FITS files (RING, Q and U in K_CMB) into full-sky maps. */
@FunctionalInterface
public interface SkyMapReader {
    SimulatedSky read(StudyConfig.Fits fits, int nside, Instrument instrument);
}
