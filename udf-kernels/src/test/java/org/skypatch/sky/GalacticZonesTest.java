package org.skypatch.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

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
