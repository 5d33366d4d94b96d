package org.skypatch.sphere;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A CSV test resource written by a tools/ script: a header line, then comma-separated rows. */
public final class ReferenceCsv {
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    private ReferenceCsv(String text) {
        String[] lines = text.split("\n");
        String[] header = lines[0].split(",");
        for (int i = 0; i < header.length; i++) {
            columns.put(header[i].trim(), i);
        }
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(lines[i].split(","));
            }
        }
    }

    /** Reads classpath resource {@code name}, e.g. "/healpix/pixels.csv". */
    public static ReferenceCsv load(String name) {
        try (InputStream in = ReferenceCsv.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name + ": run the tools/ script");
            }
            return new ReferenceCsv(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file system path of a classpath resource. */
    public static Path resource(String name) {
        try {
            return Path.of(ReferenceCsv.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    public int size() {
        return rows.size();
    }

    public List<String[]> rows() {
        return rows;
    }

    public String text(int row, String column) {
        return rows.get(row)[columns.get(column)];
    }

    public double real(int row, String column) {
        return Double.parseDouble(text(row, column));
    }

    public long integer(int row, String column) {
        return Long.parseLong(text(row, column));
    }

    /** The numbers of a row from column index {@code from} on. */
    public static double[] reals(String[] row, int from) {
        double[] out = new double[row.length - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(row[from + i]);
        }
        return out;
    }
}
