package org.skypatch.job.sky;

import org.skypatch.job.study.StudyConfig;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.SimulatedSky;

/** Reads a sky given as FITS files (RING, Q and U in K_CMB) into full-sky maps. */
@FunctionalInterface
public interface SkyMapReader {
    SimulatedSky read(StudyConfig.Fits fits, int nside, Instrument instrument);
}
