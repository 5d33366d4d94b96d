package org.skypatch.job.sky;

import java.nio.file.Path;
import java.util.List;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.job.study.ConfigException;
import org.skypatch.job.study.StudyConfig;
import org.skypatch.sky.Instrument;
import org.skypatch.sky.SimulatedSky;

/**
 * Reads a FITS sky on the driver: one file of Q,U (or T,Q,U) per band for the noiseless frequency
 * maps and for the foreground-only maps, and the true CMB; RING or NESTED (converted), K_CMB.
 */
public final class FitsSkyReader implements SkyMapReader {
    @Override
    public SimulatedSky read(StudyConfig.Fits fits, int nside, Instrument instrument) {
        int bands = instrument.bandCount();
        double[][][] freq = bandMaps("sky.fits.frequencyMaps", fits.frequencyMaps(), nside, bands);
        double[][][] fg = bandMaps("sky.fits.foregroundMaps", fits.foregroundMaps(), nside, bands);
        double[][] cmb = qu("sky.fits.cmb", fits.cmb(), nside);
        return new SimulatedSky(nside, instrument, freq, fg, cmb, null, null, null, null, null, null, null);
    }

    private static double[][][] bandMaps(String key, List<String> files, int nside, int bands) {
        if (files.size() != bands) {
            throw new ConfigException(key, files.size() + " files for " + bands + " bands: give one file per band, in band order");
        }
        double[][][] out = new double[bands][][];
        for (int b = 0; b < bands; b++) {
            out[b] = qu(key + "[" + b + "]", files.get(b), nside);
        }
        return out;
    }

    private static double[][] qu(String key, String file, int nside) {
        HealpixMap map;
        try {
            map = HealpixFits.readRing(Path.of(file), nside);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
        int c = map.columnCount();
        if (c != 2 && c != 3) {
            throw new ConfigException(key, file + " has " + c + " columns: need Q,U or T,Q,U");
        }
        return new double[][] {map.columns()[c - 2], map.columns()[c - 1]};
    }
}
