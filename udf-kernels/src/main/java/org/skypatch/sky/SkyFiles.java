package org.skypatch.sky;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.skypatch.fits.HealpixFits;
import org.skypatch.fits.HealpixMap;
import org.skypatch.sphere.Ordering;

/**
 * Writes a sky's products as healpy-readable FITS maps (RING, Galactic, float64, units in TUNITn),
 * with the names of the shared compsep fixture, so {@link SkyInputs#read} reads them back:
 * <ul>
 * <li>{@code freq_maps_noiseless_<band>.fits}: Q, U of CMB + foregrounds, K_CMB</li>
 * <li>{@code foreground_maps_<band>.fits}: Q, U of the foregrounds alone, K_CMB</li>
 * <li>{@code freq_maps_<band>.fits}: noisy maps of one noise realization (optional)</li>
 * <li>{@code cmb_qu.fits}, {@code dust_qu_<nu>GHz.fits}, {@code sync_qu_<nu>GHz.fits}: true amplitudes, K_CMB</li>
 * <li>{@code cmb_t.fits}: the true CMB temperature, K_CMB (when the sky has it)</li>
 * <li>{@code params_true.fits}: BETA_D, TEMP_D (K), BETA_S</li>
 * <li>{@code clusters_true.fits}: piecewise skies' cluster labels of BETA_D, TEMP_D, BETA_S</li>
 * <li>{@code foreground_i_353GHz.fits}: templated skies' foreground total intensity at 353 GHz, uK_RJ (the map
 * Galactic masks rank)</li>
 * </ul>
 */
public final class SkyFiles {
    public static final String K_CMB = "K_CMB";
    public static final String CMB = "cmb_qu.fits";
    public static final String CMB_T = "cmb_t.fits";
    public static final String PARAMS = "params_true.fits";
    public static final String CLUSTERS = "clusters_true.fits";
    public static final String FOREGROUND_INTENSITY = "foreground_i_353GHz.fits";
    private static final String[] QU = {"Q", "U"};
    private static final String[] PARAM_NAMES = {"BETA_D", "TEMP_D", "BETA_S"};

    private SkyFiles() {
    }

    public static String noiseless(String band) {
        return "freq_maps_noiseless_" + band + ".fits";
    }

    public static String noisy(String band) {
        return "freq_maps_" + band + ".fits";
    }

    public static String foregrounds(String band) {
        return "foreground_maps_" + band + ".fits";
    }

    public static String dust(ForegroundModel model) {
        return String.format(Locale.ROOT, "dust_qu_%sGHz.fits", ghz(model.dustReferenceGhz()));
    }

    public static String sync(ForegroundModel model) {
        return String.format(Locale.ROOT, "sync_qu_%sGHz.fits", ghz(model.syncReferenceGhz()));
    }

    /** Writes every product of the sky into dir (created if needed); returns the files written. */
    public static List<Path> write(SimulatedSky sky, ForegroundModel model, Path dir) {
        List<Path> written = new ArrayList<>();
        String[] bands = sky.instrument().names();
        for (int b = 0; b < bands.length; b++) {
            written.add(writeQu(dir.resolve(noiseless(bands[b])), sky.nside(), sky.frequencyMaps()[b]));
            written.add(writeQu(dir.resolve(foregrounds(bands[b])), sky.nside(), sky.foregroundMaps()[b]));
        }
        written.add(writeQu(dir.resolve(CMB), sky.nside(), sky.cmb()));
        if (sky.cmbTemperature() != null) {
            Path t = dir.resolve(CMB_T);
            HealpixFits.write(t, new HealpixMap(sky.nside(), Ordering.RING, "G", new String[] {"T"}, new String[] {K_CMB},
                    new double[][] {sky.cmbTemperature()}));
            written.add(t);
        }
        written.add(writeQu(dir.resolve(dust(model)), sky.nside(), sky.dust()));
        written.add(writeQu(dir.resolve(sync(model)), sky.nside(), sky.sync()));
        Path params = dir.resolve(PARAMS);
        HealpixFits.write(params, new HealpixMap(sky.nside(), Ordering.RING, "G", PARAM_NAMES, new String[] {"", "K", ""},
                new double[][] {sky.betaDust(), sky.tempDust(), sky.betaSync()}));
        written.add(params);
        if (sky.clusters() != null) {
            Path clusters = dir.resolve(CLUSTERS);
            double[][] labels = new double[3][];
            for (int i = 0; i < 3; i++) {
                labels[i] = java.util.Arrays.stream(sky.clusters()[i]).asDoubleStream().toArray();
            }
            HealpixFits.write(clusters, HealpixMap.of(sky.nside(), Ordering.RING, "G", PARAM_NAMES, labels));
            written.add(clusters);
        }
        if (sky.foregroundIntensity() != null) {
            Path intensity = dir.resolve(FOREGROUND_INTENSITY);
            HealpixFits.write(intensity, new HealpixMap(sky.nside(), Ordering.RING, "G", new String[] {"I"},
                    new String[] {"uK_RJ"}, new double[][] {sky.foregroundIntensity()}));
            written.add(intensity);
        }
        return written;
    }

    /** Writes the frequency maps plus noise realization r ({@code freq_maps_<band>.fits}); returns the files. */
    public static List<Path> writeNoisy(SimulatedSky sky, WhiteNoise noise, int realization, Path dir) {
        List<Path> written = new ArrayList<>();
        double[][][] maps = sky.noisy(noise, realization);
        for (int b = 0; b < maps.length; b++) {
            written.add(writeQu(dir.resolve(noisy(sky.instrument().names()[b])), sky.nside(), maps[b]));
        }
        return written;
    }

    /** Writes nested masks as one file of 0/1 float columns named after the masks (as Planck's mask files). */
    public static void writeMasks(Path file, int nside, boolean[][] masks, String[] names) {
        double[][] cols = new double[masks.length][];
        for (int i = 0; i < masks.length; i++) {
            cols[i] = new double[masks[i].length];
            for (int p = 0; p < cols[i].length; p++) {
                cols[i][p] = masks[i][p] ? 1 : 0;
            }
        }
        HealpixFits.write(file, HealpixMap.of(nside, Ordering.RING, "G", names, cols));
    }

    /** Writes a zone map: zone index from 1 in its pixels (names in the file's column ZONE order), 0 elsewhere. */
    public static void writeZones(Path file, int nside, List<Zone> zones) {
        HealpixFits.write(file, HealpixMap.of(nside, Ordering.RING, "G", new String[] {"ZONE"},
                GalacticZones.zoneIndexMap(zones, nside)));
    }

    private static Path writeQu(Path file, int nside, double[][] qu) {
        HealpixFits.write(file, new HealpixMap(nside, Ordering.RING, "G", QU, new String[] {K_CMB, K_CMB}, qu));
        return file;
    }

    private static String ghz(double nu) {
        return nu == Math.rint(nu) ? String.valueOf((long) nu) : String.valueOf(nu);
    }
}
