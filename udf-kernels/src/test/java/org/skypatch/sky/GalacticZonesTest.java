package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalacticZonesTest {
    private static final int NSIDE = 16;
    private static final int NPIX = 12 * NSIDE * NSIDE;

    @Test
    void masksByLatitudeAreNestedAndKeepTheHighLatitudes() {
        boolean[][] m = GalacticZones.masks(GalacticZones.latitudeScore(NSIDE), GalacticZones.PAPER_FRACTIONS);
        double[] b = GalacticZones.latitudeDegrees(NSIDE);
        for (int i = 0; i < 3; i++) {
            int count = 0;
            double minIn = 90;
            double maxOut = 0;
            for (int p = 0; p < NPIX; p++) {
                if (m[i][p]) {
                    count++;
                    minIn = Math.min(minIn, Math.abs(b[p]));
                } else {
                    maxOut = Math.max(maxOut, Math.abs(b[p]));
                }
                assertTrue(i == 0 || !m[i - 1][p] || m[i][p], "nested at pixel " + p);
            }
            assertEquals(Math.round(GalacticZones.PAPER_FRACTIONS[i] * NPIX), count);
            assertTrue(minIn >= maxOut, "GAL mask " + i + ": kept |b| >= " + minIn + " but left out " + maxOut);
            // a fraction f of the sky above |b| = asin(1 - f), to within one ring (3.6 deg at nside 16)
            double edge = Math.toDegrees(Math.asin(1 - GalacticZones.PAPER_FRACTIONS[i]));
            assertEquals(edge, 0.5 * (minIn + maxOut), 3.6);
        }
    }

    @Test
    void paperZonesAreDisjointAndCoverGal060() {
        List<Zone> zones = GalacticZones.paperZonesByLatitude(NSIDE);
        assertEquals(List.of("GAL020_U", "GAL020_L", "GAL040_U", "GAL040_L", "GAL060_U", "GAL060_L"),
                zones.stream().map(Zone::name).toList());
        double[] b = GalacticZones.latitudeDegrees(NSIDE);
        int[] owner = new int[NPIX];
        int total = 0;
        for (int z = 0; z < zones.size(); z++) {
            for (int p : zones.get(z).pixels()) {
                assertEquals(0, owner[p], "pixel " + p + " in two zones");
                owner[p] = z + 1;
                assertTrue(zones.get(z).name().endsWith("_U") == b[p] > 0, zones.get(z).name() + " pixel " + p);
            }
            total += zones.get(z).size();
        }
        assertEquals(Math.round(0.6 * NPIX), total);
        double[] indexMap = GalacticZones.zoneIndexMap(zones, NSIDE);
        for (int p = 0; p < NPIX; p++) {
            assertEquals(owner[p], indexMap[p], 0);
        }
        // symmetric score: north and south halves differ by at most the partial ring that ties split
        for (int z = 0; z < 6; z += 2) {
            assertEquals(zones.get(z).size(), zones.get(z + 1).size(), 4 * NSIDE);
        }
    }

    /** An enveloped foreground ranks like |b|: the masks by smoothed intensity agree with those by latitude. */
    @Test
    void intensityMasksFollowTheGalacticEnvelope() {
        double[] b = GalacticZones.latitudeDegrees(NSIDE);
        double[] q = new double[NPIX];
        double[] u = new double[NPIX];
        for (int p = 0; p < NPIX; p++) {
            double env = 1 + 10 * Math.exp(-Math.abs(b[p]) / 8);
            q[p] = env * Math.cos(p);
            u[p] = env * Math.sin(p);
        }
        double[] score = GalacticZones.polarizedIntensityScore(q, u, 5);
        boolean[][] byIntensity = GalacticZones.masks(score, GalacticZones.PAPER_FRACTIONS);
        boolean[][] byLatitude = GalacticZones.masks(GalacticZones.latitudeScore(NSIDE), GalacticZones.PAPER_FRACTIONS);
        for (int i = 0; i < 3; i++) {
            int agree = 0;
            for (int p = 0; p < NPIX; p++) {
                agree += byIntensity[i][p] == byLatitude[i][p] ? 1 : 0;
            }
            assertTrue(agree > 0.97 * NPIX, "mask " + i + " agrees on " + agree + " of " + NPIX);
        }
        assertEquals(13, GalacticZones.referenceBand(Instrument.liteBird())); // 337 GHz
    }

    /**
     * Planck-like zones on PySM's d1s1 at nside 64: the smoothed 353 GHz intensity cut at 20/40/60% of the sky gives
     * nested masks of those fractions, zones that are differences of consecutive masks split by the sign of b, and
     * a GAL020 that keeps to high latitudes. A mask file written from them and read at nside 32 keeps the fractions.
     */
    @Test
    void d1IntensityZonesHaveThePaperFractionsAndSurviveAMaskFile(@TempDir Path dir) {
        int nside = 64;
        int npix = 12 * nside * nside;
        double[] score = GalacticZones.intensityScore(PysmTemplates.shipped().intensity(353),
                GalacticZones.PLANCK_MASK_FWHM_DEG);
        boolean[][] masks = GalacticZones.masks(score, GalacticZones.PAPER_FRACTIONS);
        assertFractions(masks, npix);
        List<Zone> zones = GalacticZones.paperZones(score);
        double[] b = GalacticZones.latitudeDegrees(nside);
        double[] meanAbsB = new double[3];
        for (int z = 0; z < 6; z++) {
            for (int p : zones.get(z).pixels()) {
                assertTrue(z % 2 == 0 ? b[p] > 0 : b[p] <= 0, zones.get(z).name() + " pixel " + p + " at b = " + b[p]);
                assertTrue(masks[z / 2][p] && (z < 2 || !masks[z / 2 - 1][p]), zones.get(z).name() + " pixel " + p);
                meanAbsB[z / 2] += Math.abs(b[p]) / (zones.get(z).size() + zones.get(z ^ 1).size());
            }
        }
        assertTrue(meanAbsB[0] > 45 && meanAbsB[0] > meanAbsB[1] + 10 && meanAbsB[1] > meanAbsB[2],
                "mean |b| of GAL020, GAL040 - GAL020, GAL060 - GAL040: " + java.util.Arrays.toString(meanAbsB));
        Path file = dir.resolve("masks.fits");
        SkyFiles.writeMasks(file, nside, masks, new String[] {"GAL020", "GAL040", "GAL060"});
        boolean[][] coarse = new boolean[3][];
        for (int i = 0; i < 3; i++) {
            coarse[i] = SkyInputs.readMask(file, GalacticZones.maskName(GalacticZones.PAPER_FRACTIONS[i]), 32);
        }
        assertFractions(coarse, 12 * 32 * 32);
    }

    /**
     * Harmonic smoothing multiplies each multipole by the Gaussian beam: a dipole keeps its shape, times
     * b_1 = exp(-sigma^2) (away from the poles, where HEALPix quadrature at nside 16 is exact to 1e-4).
     */
    @Test
    void intensityScoreSmoothsByTheBeam() {
        double[] z = new double[NPIX];
        double[] b = GalacticZones.latitudeDegrees(NSIDE);
        for (int p = 0; p < NPIX; p++) {
            z[p] = 3 + Math.sin(Math.toRadians(b[p]));
        }
        double sigma = Math.toRadians(20) / Math.sqrt(8 * Math.log(2));
        double[] s = GalacticZones.intensityScore(z, 20);
        for (int p = 0; p < NPIX; p++) {
            if (Math.abs(b[p]) < 45) {
                assertEquals(3 + Math.exp(-sigma * sigma) * Math.sin(Math.toRadians(b[p])), s[p], 1e-4, "pixel " + p);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> GalacticZones.intensityScore(z, 0));
    }

    private static void assertFractions(boolean[][] masks, int npix) {
        for (int i = 0; i < 3; i++) {
            long kept = 0;
            for (int p = 0; p < npix; p++) {
                kept += masks[i][p] ? 1 : 0;
                assertTrue(i == 0 || !masks[i - 1][p] || masks[i][p], "nested at pixel " + p);
            }
            assertEquals(GalacticZones.PAPER_FRACTIONS[i], (double) kept / npix, 0.01, "mask " + i);
        }
    }

    @Test
    void rankingUsesTheScore() {
        double[] score = new double[NPIX];
        for (int p = 0; p < NPIX; p++) {
            score[p] = (p * 7919L) % NPIX; // a permutation of 0..NPIX-1
        }
        boolean[][] m = GalacticZones.masks(score, 0.25);
        for (int p = 0; p < NPIX; p++) {
            assertEquals(score[p] < NPIX / 4, m[0][p], "pixel " + p);
        }
    }

    @Test
    void badInputsAreRejectedOrCapped() {
        double[] score = GalacticZones.latitudeScore(NSIDE);
        score[10] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> GalacticZones.masks(score, 0.2));
        assertThrows(IllegalArgumentException.class, () -> GalacticZones.masks(GalacticZones.latitudeScore(NSIDE), 1.5));
        boolean[][] notNested = GalacticZones.masks(GalacticZones.latitudeScore(NSIDE), 0.4, 0.2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GalacticZones.zones(notNested, new String[] {"A", "B"}, false));
        assertTrue(e.getMessage().contains("not nested"), e.getMessage());
        boolean[][] same = GalacticZones.masks(GalacticZones.latitudeScore(NSIDE), 0.2, 0.2);
        e = assertThrows(IllegalArgumentException.class, () -> GalacticZones.zones(same, new String[] {"A", "B"}, false));
        assertTrue(e.getMessage().contains("zone B is empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Zone("Z", new int[] {3, 2}));
        Zone z = new Zone("Z", new int[] {1, 5, 9});
        assertEquals(2, z.cappedClusterCount(2));
        assertEquals(3, z.cappedClusterCount(50));
        assertThrows(IllegalArgumentException.class, () -> z.cappedClusterCount(0));
    }
}
