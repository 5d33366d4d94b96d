package org.skypatch.fits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Ordering;
import org.skypatch.sphere.ReferenceCsv;

/**
 * Reading healpy-written files (tools/make_healpix_fits_fixtures.py) must give exactly the values healpy
 * reads from them; what skypatch writes must read back exactly here, and in healpy
 * (tools/check_skypatch_fits.py checks the files {@link SkypatchWrittenFiles} leaves in target/).
 */
class HealpixFitsTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) {
        return ReferenceCsv.resource("/fits/" + name);
    }

    @Test
    void readsHealpyFloat32VectorColumnsExactly() {
        HealpixMap map = HealpixFits.read(fixture("iqu_float32_nside16.fits"));
        assertEquals(16, map.nside());
        assertEquals(Ordering.RING, map.ordering());
        assertEquals("G", map.coordsys());
        assertArrayEquals(new String[] {"TEMPERATURE", "Q_POLARISATION", "U_POLARISATION"}, map.names());
        assertArrayEquals(new String[] {"K_CMB", "K_CMB", "K_CMB"}, map.units());
        ReferenceCsv ref = ReferenceCsv.load("/fits/iqu_float32_nside16.csv");
        assertEquals(3072, ref.size());
        int unseen = 0;
        for (int p = 0; p < ref.size(); p++) {
            String[] cols = {"I", "Q", "U"};
            for (int c = 0; c < 3; c++) {
                double expected = (float) ref.real(p, cols[c]);
                double got = map.columns()[c][p];
                if (expected == (float) Healpix.UNSEEN) {
                    assertEquals(Healpix.UNSEEN, got, "UNSEEN becomes exactly the float64 marker");
                    unseen++;
                } else {
                    assertEquals(expected, got, 0.0, "pixel " + p);
                }
            }
        }
        assertEquals(150, unseen);
    }

    @Test
    void readsSharedFixturesExactlyAsHealpy() {
        HealpixMap cmb = HealpixFits.readRing(fixture("cmb_qu.fits"), 64);
        assertArrayEquals(new String[] {"Q", "U"}, cmb.names());
        ReferenceCsv ref = ReferenceCsv.load("/fits/cmb_qu_sample.csv");
        for (int i = 0; i < ref.size(); i++) {
            int p = (int) ref.integer(i, "pix");
            assertEquals(ref.real(i, "Q"), cmb.columns()[0][p], 0.0);
            assertEquals(ref.real(i, "U"), cmb.columns()[1][p], 0.0);
        }
        HealpixMap u = HealpixFits.read(fixture("cmb_qu.fits"), "u");
        assertArrayEquals(cmb.columns()[1], u.columns()[0]);
    }

    @Test
    void sharedMaskIsGalacticLatitudeAboveTwentyDegrees() {
        double[] mask = HealpixFits.readRing(fixture("mask.fits"), 64).columns()[0];
        int inside = 0;
        for (int p = 0; p < mask.length; p++) {
            boolean highLatitude = Math.abs(Healpix.galacticLatitudeDeg(64, Ordering.RING, p)) > 20;
            assertEquals(highLatitude ? 1.0 : 0.0, mask[p], "pixel " + p);
            inside += highLatitude ? 1 : 0;
        }
        assertEquals(32512, inside);
    }

    @Test
    void sharedPatchLabelsAreParentPixelsAtNside8() {
        int[] patch = HealpixFits.readLabels(fixture("patches_nside8.fits"), 64, "PATCH");
        for (int p = 0; p < patch.length; p++) {
            assertEquals(Healpix.parent(64, Ordering.RING, p, 8), patch[p], "pixel " + p);
        }
    }

    @Test
    void readsHealpyIntegerLabelColumns() {
        ReferenceCsv ref = ReferenceCsv.load("/fits/labels_nside16.csv");
        int[] wide = HealpixFits.readLabels(fixture("labels_int64_nside16.fits"), null);
        int[] narrow = HealpixFits.readLabels(fixture("labels_int32_nside16.fits"), 16, "cluster");
        for (int p = 0; p < ref.size(); p++) {
            assertEquals(ref.integer(p, "label"), wide[p]);
        }
        assertEquals(Integer.MAX_VALUE, wide[2]);
        assertArrayEquals(wide, narrow);
    }

    @Test
    void readsGzippedFilesAsTheyAre() throws IOException {
        int[] gz = HealpixFits.readLabels(fixture("labels_int64_nside16.fits.gz"), 16, "CLUSTER");
        assertArrayEquals(HealpixFits.readLabels(fixture("labels_int64_nside16.fits"), null), gz);
        assertEquals(16, HealpixFits.info(fixture("labels_int64_nside16.fits.gz")).nside());
        Path maps = tmp.resolve("iqu.fits.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(maps))) {
            Files.copy(fixture("iqu_float32_nside16.fits"), out);
        }
        assertEquals(HealpixFits.read(fixture("iqu_float32_nside16.fits")), HealpixFits.read(maps));
        Path junk = tmp.resolve("junk.fits.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(junk))) {
            out.write("hello, not FITS".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertMessage(() -> HealpixFits.read(junk), "junk.fits.gz",
                "not a FITS file (it does not start with a SIMPLE card once gunzipped)");
    }

    @Test
    void infoReadsHeaderFacts() {
        HealpixFileInfo iqu = HealpixFits.info(fixture("iqu_float32_nside16.fits"));
        assertEquals(16, iqu.nside());
        assertEquals(Ordering.RING, iqu.ordering());
        assertEquals("G", iqu.coordsys());
        assertEquals(java.util.List.of("TEMPERATURE", "Q_POLARISATION", "U_POLARISATION"), iqu.columns());
        assertEquals("K_CMB", iqu.units().get(2));
        assertTrue(!iqu.partial());
        HealpixFileInfo partial = HealpixFits.info(fixture("partial_nside16.fits"));
        assertEquals(java.util.List.of("A", "B"), partial.columns());
        assertTrue(partial.partial());
        assertNull(partial.units().get(0));
        HealpixFileInfo patches = HealpixFits.info(fixture("patches_nside8.fits"));
        assertEquals(64, patches.nside());
        assertNull(patches.coordsys());
        assertEquals(Ordering.NESTED, HealpixFits.info(fixture("nested_nside8.fits")).ordering());
    }

    @Test
    void appliesColumnScalingAsHealpyDoes() {
        HealpixMap map = HealpixFits.read(fixture("scaled_int16_nside2.fits"));
        ReferenceCsv ref = ReferenceCsv.load("/fits/scaled_int16_nside2.csv");
        for (int p = 0; p < ref.size(); p++) {
            assertEquals(ref.real(p, "value"), map.columns()[0][p], 0.0, "pixel " + p);
        }
    }

    @Test
    void readsNestedMapsAndConvertsToRingOnRequest() {
        ReferenceCsv ref = ReferenceCsv.load("/fits/nested_nside8.csv");
        HealpixMap nested = HealpixFits.read(fixture("nested_nside8.fits"));
        assertEquals(Ordering.NESTED, nested.ordering());
        HealpixMap ring = HealpixFits.readRing(fixture("nested_nside8.fits"), 8, "DUST_BETA");
        assertEquals(Ordering.RING, ring.ordering());
        for (int p = 0; p < ref.size(); p++) {
            assertEquals(ref.real(p, "nested_value"), nested.columns()[0][p], 0.0);
            assertEquals(ref.real(p, "ring_value"), ring.columns()[0][p], 0.0);
        }
    }

    @Test
    void readsHealpyPartialMapsIntoFullSkyWithUnseen() {
        HealpixMap map = HealpixFits.read(fixture("partial_nside16.fits"));
        assertArrayEquals(new String[] {"A", "B"}, map.names());
        ReferenceCsv ref = ReferenceCsv.load("/fits/partial_nside16.csv");
        boolean[] stored = new boolean[(int) map.npix()];
        for (int i = 0; i < ref.size(); i++) {
            int p = (int) ref.integer(i, "pix");
            stored[p] = true;
            assertEquals(ref.real(i, "A"), map.columns()[0][p], 0.0);
            assertEquals(ref.real(i, "B"), map.columns()[1][p], 0.0);
        }
        for (int p = 0; p < stored.length; p++) {
            if (!stored[p]) {
                assertEquals(Healpix.UNSEEN, map.columns()[0][p]);
            }
        }
    }

    @Test
    void writtenMapsReadBackExactly() {
        HealpixMap map = SkypatchWrittenFiles.iqu();
        Path f64 = tmp.resolve("iqu64.fits");
        HealpixFits.write(f64, map);
        HealpixMap back = HealpixFits.read(f64);
        assertEquals(map, back);
        assertEquals(map.nside(), back.nside());
        assertEquals("G", back.coordsys());
        assertArrayEquals(map.names(), back.names());
        assertArrayEquals(map.units(), back.units());
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(map.columns()[c], back.columns()[c], 0.0);
        }
        Path f32 = tmp.resolve("iqu32.fits");
        HealpixFits.write(f32, map, HealpixFits.ColumnType.FLOAT32);
        HealpixMap back32 = HealpixFits.read(f32);
        for (int p = 0; p < map.npix(); p++) {
            double v = map.columns()[1][p];
            assertEquals(v == Healpix.UNSEEN ? v : (double) (float) v, back32.columns()[1][p], 0.0);
        }
        Path partial = tmp.resolve("partial.fits");
        HealpixFits.writePartial(partial, map, HealpixFits.ColumnType.FLOAT64);
        HealpixMap backPartial = HealpixFits.read(partial);
        assertArrayEquals(map.names(), backPartial.names());
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(map.columns()[c], backPartial.columns()[c], 0.0);
        }
    }

    @Test
    void mapColumnsByNameAndResolutionChange() {
        HealpixMap cmb = HealpixFits.readRing(fixture("cmb_qu.fits"), 64);
        assertArrayEquals(cmb.columns()[1], cmb.column("u"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cmb.column("T"));
        assertTrue(e.getMessage().contains("columns: Q, U"), e.getMessage());
        HealpixMap coarse = cmb.udGrade(16, false);
        assertEquals(16, coarse.nside());
        assertArrayEquals(new String[] {"Q", "U"}, coarse.names());
        assertArrayEquals(org.skypatch.sphere.UdGrade.udGrade(cmb.columns()[0], Ordering.RING, 16, false),
                coarse.columns()[0], 0.0);
        assertTrue(cmb.udGrade(64, false) == cmb);
    }

    @Test
    void mapsCompareByValue() {
        assertEquals(SkypatchWrittenFiles.iqu(), SkypatchWrittenFiles.iqu());
        assertEquals(SkypatchWrittenFiles.iqu().hashCode(), SkypatchWrittenFiles.iqu().hashCode());
        assertTrue(!SkypatchWrittenFiles.iqu().equals(SkypatchWrittenFiles.iqu().withOrdering(Ordering.NESTED)));
    }

    @Test
    void writtenNestedAndLabelMapsReadBack() {
        HealpixMap nested = SkypatchWrittenFiles.nestedSmall();
        Path f = tmp.resolve("nested.fits");
        HealpixFits.write(f, nested);
        HealpixMap back = HealpixFits.read(f);
        assertEquals(Ordering.NESTED, back.ordering());
        assertNull(back.coordsys());
        assertArrayEquals(nested.columns()[0], back.columns()[0], 0.0);
        assertArrayEquals(nested.withOrdering(Ordering.RING).columns()[0],
                HealpixFits.readRing(f, 4).columns()[0], 0.0);

        int[] labels = SkypatchWrittenFiles.labels();
        Path l = tmp.resolve("labels.fits");
        HealpixFits.writeLabels(l, 16, Ordering.RING, "G", "CLUSTER", labels);
        assertArrayEquals(labels, HealpixFits.readLabels(l, 16, "CLUSTER"));
    }

    @Test
    void writesTheFilesHealpyChecks() {
        Path dir = SkypatchWrittenFiles.writeAll(Path.of("target", "skypatch-written"));
        assertTrue(Files.isRegularFile(dir.resolve("iqu_float64_nside16.fits")));
    }

    @Test
    void badInputGetsOneLineMessagesNamingFileAndProblem() throws IOException {
        Path missing = tmp.resolve("nope.fits");
        assertMessage(() -> HealpixFits.read(missing), "nope.fits", "no such file");
        Path text = tmp.resolve("text.fits");
        Files.writeString(text, "hello, not FITS");
        assertMessage(() -> HealpixFits.read(text), "text.fits", "not a FITS file");
        assertMessage(() -> HealpixFits.read(fixture("image_only.fits")), "image_only.fits", "not a HEALPix map");
        assertMessage(() -> HealpixFits.read(fixture("nan_nside4.fits")), "nan_nside4.fits", "NaN");
        assertMessage(() -> HealpixFits.readRing(fixture("mask.fits"), 128), "mask.fits", "NSIDE is 64");
        assertMessage(() -> HealpixFits.read(fixture("cmb_qu.fits"), "T"), "cmb_qu.fits", "no column 'T'");
        assertMessage(() -> HealpixFits.readLabels(fixture("cmb_qu.fits"), "Q"), "cmb_qu.fits",
                "not an integer label");
        double[] withNaN = new double[12];
        withNaN[3] = Double.NaN;
        Path out = tmp.resolve("nan.fits");
        assertMessage(() -> HealpixFits.write(out, HealpixMap.of(1, Ordering.RING, null, new String[] {"T"}, withNaN)),
                "nan.fits", "NaN at pixel 3");
        assertTrue(Files.notExists(out));
    }

    private static void assertMessage(Runnable call, String file, String problem) {
        MapFormatException e = assertThrows(MapFormatException.class, call::run);
        String m = e.getMessage();
        assertTrue(m.contains(file) && m.contains(problem) && !m.contains("\n"), m);
    }
}
