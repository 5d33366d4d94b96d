package org.skypatch.job.cli;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints the first rows of a query result as an aligned text table on a Java stream. */
final class TextTable {
    private TextTable() {
    }

    static void print(Dataset<Row> result, int maxRows, PrintStream out) {
        String[] names = result.columns();
        List<Row> rows = result.limit(maxRows + 1).collectAsList();
        int shown = Math.min(rows.size(), maxRows);
        String[][] cells = new String[shown][names.length];
        int[] width = new int[names.length];
        for (int c = 0; c < names.length; c++) {
            width[c] = names[c].length();
        }
        for (int r = 0; r < shown; r++) {
            for (int c = 0; c < names.length; c++) {
                Object v = rows.get(r).get(c);
                cells[r][c] = v == null ? "null" : v instanceof scala.collection.Seq<?> s ? s.mkString("[", ", ", "]") : v.toString();
                width[c] = Math.max(width[c], Math.min(cells[r][c].length(), 80));
            }
        }
        out.println(line(names, width));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < names.length; c++) {
            rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
        }
        out.println(rule);
        for (String[] row : cells) {
            out.println(line(row, width));
        }
        if (rows.size() > maxRows) {
            out.println("(only the first " + maxRows + " rows shown)");
        }
    }

    private static String line(String[] values, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < values.length; c++) {
            String v = values[c].length() > 80 ? values[c].substring(0, 77) + "..." : values[c];
            b.append(c == 0 ? "" : " | ").append(String.format("%-" + width[c] + "s", v));
        }
        return b.toString().stripTrailing();
    }
}
