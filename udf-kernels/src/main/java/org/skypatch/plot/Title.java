package org.skypatch.plot;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A picture's title fitted to its box: the bold font shrinks from its starting size, and a title still too wide breaks
 * after commas into lines (a long list of configurations stays readable instead of running off the picture).
 */
public final class Title {
    private static final int SMALLEST = 9;

    private Title() {
    }

    /**
     * Draws the title in the box [left, left + width) x [top, bottom), its last line's baseline near bottom.
     *
     * @param centred centre each line in the box, else start it at left
     */
    public static void draw(Graphics2D g, String title, int left, int width, int top, int bottom, int startSize,
                            boolean centred) {
        List<String> lines = List.of(title);
        for (int size = startSize; size >= SMALLEST; size--) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            lines = wrap(g.getFontMetrics(), title, width);
            if (lines.size() * g.getFontMetrics().getHeight() <= bottom - top) {
                break;
            }
        }
        FontMetrics fm = g.getFontMetrics();
        int y = bottom - fm.getDescent() - 2 - (lines.size() - 1) * fm.getHeight();
        for (String line : lines) {
            g.drawString(line, centred ? left + (width - fm.stringWidth(line)) / 2 : left, y);
            y += fm.getHeight();
        }
    }

    /** Greedy lines no wider than width, broken after commas (a piece wider than width stays whole). */
    static List<String> wrap(FontMetrics fm, String title, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String piece : title.split("(?<=,)")) {
            if (line.length() > 0 && fm.stringWidth(line + piece) > width) {
                lines.add(line.toString().strip());
                line.setLength(0);
            }
            line.append(piece);
        }
        lines.add(line.toString().strip());
        return lines;
    }
}
