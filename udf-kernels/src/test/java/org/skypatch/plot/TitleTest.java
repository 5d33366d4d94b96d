package org.skypatch.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TitleTest {
    /** Six zones' configurations break after commas into lines that each fit, and nothing is lost. */
    @Test
    void aLongTitleBreaksAfterCommasIntoLinesThatFit() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics fm = g.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        String title = "beta_d clusters of GAL020_L kmeans_100_5_5, GAL020_U kmeans_100_20_20, GAL040_L kmeans_300_20_20, "
                + "GAL040_U kmeans_300_5_1, GAL060_L kmeans_1000_5_20, GAL060_U kmeans_300_1_1";
        List<String> lines = Title.wrap(fm, title, 400);
        assertTrue(lines.size() >= 3, lines.toString());
        for (String line : lines) {
            assertTrue(fm.stringWidth(line) <= 400, line);
        }
        assertEquals(title.replace(" ", ""), String.join("", lines).replace(" ", ""));
        assertEquals(List.of("short"), Title.wrap(fm, "short", 400));
    }
}
