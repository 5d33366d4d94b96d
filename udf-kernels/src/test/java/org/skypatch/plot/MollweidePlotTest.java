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

    @Test
    void rejectsBadMaps() {
        assertThrows(IllegalArgumentException.class, () -> MollweidePlot.render(new double[100], "t", "u", 0, 1, 400));
        assertThrows(IllegalArgumentException.class, () -> MollweidePlot.render(new double[12], "t", "u", 1, 0, 400));
    }
}
