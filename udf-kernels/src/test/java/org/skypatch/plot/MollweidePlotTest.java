package org.skypatch.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.sky.GalacticZones;

class MollweidePlotTest {
    @TempDir
    Path dir;

    @Test
    void drawsGalacticPlaneAcrossTheMiddleAndMissingInGrey() throws Exception {
        int nside = 32;
        double[] map = GalacticZones.latitudeDegrees(nside);
        for (int p = 0; p < map.length; p++) {
            map[p] = Math.abs(map[p]);
        }
        map[0] = MollweidePlot.UNSEEN; // a north polar-cap pixel
        Path png = dir.resolve("sub/lat.png");
        MollweidePlot.write(png, map, "|b|", "deg");
        BufferedImage img = ImageIO.read(png.toFile());
        int w = img.getWidth();
        assertEquals(800, w);
        int top = w / 16;
        int mid = top + w / 4;
        // |b| = 0 along the centre row: the bottom of viridis; high latitudes bright
        assertEquals(MollweidePlot.viridis(0), img.getRGB(w / 2, mid) & 0xFFFFFF, 0x050505);
        assertEquals(MollweidePlot.viridis(0), img.getRGB(w / 8, mid) & 0xFFFFFF, 0x050505);
        int nearPole = img.getRGB(w / 2, top + 3) & 0xFFFFFF;
        assertTrue(nearPole == 0x808080 || ((nearPole >> 8) & 255) > 0xC0, Integer.toHexString(nearPole));
        assertEquals(0xFFFFFF, img.getRGB(2, top + 2) & 0xFFFFFF); // outside the ellipse
        assertTrue(Files.size(png) > 1000);
        double[] range = MollweidePlot.finiteRange(map);
        assertTrue(range[0] < 1 && range[1] > 85, range[0] + " " + range[1]);
    }

    /** Categories: north and south halves in tab10's first two colours, missing pixels grey, a legend below. */
    @Test
    void categoriesGetDistinctColoursAndALegend() throws Exception {
        int nside = 16;
        double[] b = GalacticZones.latitudeDegrees(nside);
        int[] labels = new int[b.length];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = Math.abs(b[p]) < 20 ? -1 : b[p] > 0 ? 0 : 1;
        }
        Path png = dir.resolve("zones.png");
        MollweidePlot.writeCategories(png, labels, "zones", new String[] {"north", "south"});
        BufferedImage img = ImageIO.read(png.toFile());
        int w = img.getWidth();
        int top = w / 16;
        assertEquals(0x1f77b4, img.getRGB(w / 2, top + w / 16) & 0xFFFFFF, "north in tab10 blue");
        assertEquals(0xff7f0e, img.getRGB(w / 2, top + w / 2 - w / 16) & 0xFFFFFF, "south in tab10 orange");
        assertEquals(0x808080, img.getRGB(w / 2, top + w / 4) & 0xFFFFFF, "the plane is missing: grey");
        // the legend's first box, in the north's colour, somewhere in the band below the map
        boolean legend = false;
        for (int x = 0; x < w && !legend; x++) {
            legend = (img.getRGB(x, top + w / 2 + w / 30 + 3) & 0xFFFFFF) == 0x1f77b4;
        }
        assertTrue(legend, "legend box");
        // beyond tab10, neighbouring labels still differ
        for (int k = 10; k < 2000; k++) {
            assertTrue(MollweidePlot.categoryColour(k) != MollweidePlot.categoryColour(k + 1), "labels " + k);
        }
    }

    @Test
    void rejectsBadMaps() {
        assertThrows(IllegalArgumentException.class, () -> MollweidePlot.render(new double[100], "t", "u", 0, 1, 400));
        assertThrows(IllegalArgumentException.class, () -> MollweidePlot.render(new double[12], "t", "u", 1, 0, 400));
    }
}
