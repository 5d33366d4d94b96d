package org.skypatch.job.results;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A labelled heat map (PNG): values[row][column] to 4 digits, dark = low (better), NaN cells left grey; as wide as its title. */
public final class HeatMap {
    private HeatMap() {
    }

    public static void write(Path png, String title, String rowLabel, String[] rows, String columnLabel,
                             String[] columns, double[][] values) {
        int cell = 70;
        int left = 110;
        int top = 60;
        int w = left + cell * columns.length + 40;
        int h = top + cell * rows.length + 70;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] r : values) {
            for (double v : r) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        Graphics2D scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int titleWidth = scratch.getFontMetrics(titleFont).stringWidth(title);
        scratch.dispose();
        BufferedImage img = new BufferedImage(Math.max(Math.max(w, 420), titleWidth + 20), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), h);
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        g.drawString(title, 10, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < rows.length; i++) {
            g.setColor(Color.BLACK);
            g.drawString(rows[i], left - 8 - 6 * rows[i].length(), top + i * cell + cell / 2 + 4);
            for (int j = 0; j < columns.length; j++) {
                double v = values[i][j];
                double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
                g.setColor(Double.isFinite(v) ? viridis(t) : Color.LIGHT_GRAY);
                g.fillRect(left + j * cell, top + i * cell, cell - 2, cell - 2);
                if (Double.isFinite(v)) {
                    g.setColor(t < 0.6 ? Color.WHITE : Color.BLACK);
                    String s = String.format(Locale.ROOT, "%.4g", v);
                    g.drawString(s, left + j * cell + cell / 2 - 3 * s.length(), top + i * cell + cell / 2 + 4);
                }
            }
        }
        g.setColor(Color.BLACK);
        for (int j = 0; j < columns.length; j++) {
            g.drawString(columns[j], left + j * cell + cell / 2 - 3 * columns[j].length(), top + rows.length * cell + 15);
        }
        g.drawString(columnLabel, left, top + rows.length * cell + 40);
        g.drawString(rowLabel, 10, top - 10);
        g.dispose();
        try {
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    /** A compact viridis-like ramp from dark purple (0) to yellow (1). */
    private static Color viridis(double t) {
        double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min((int) x, stops.length - 2);
        double f = x - i;
        return new Color((int) (stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
                (int) (stops[i][1] + f * (stops[i + 1][1] - stops[i][1])),
                (int) (stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
    }
}
