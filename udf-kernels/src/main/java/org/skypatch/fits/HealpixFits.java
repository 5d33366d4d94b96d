package org.skypatch.fits;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.header.Standard;
import org.skypatch.sphere.Healpix;
import org.skypatch.sphere.Nside;
import org.skypatch.sphere.Ordering;

/**
 * Reads and writes HEALPix maps in healpy's FITS convention: a binary table in the first extension with
 * {@code PIXTYPE='HEALPIX'}, {@code ORDERING}, {@code NSIDE}, {@code COORDSYS}, {@code INDXSCHM}, one column
 * per map, stored 1024 values per row ({@code 1024D}, {@code 1024E}, {@code 1024K}) when the map has more
 * than 1024 pixels. Partial maps ({@code INDXSCHM='EXPLICIT'}, a {@code PIXEL} column) are read into full
 * maps holding {@link Healpix#UNSEEN} where the file has no value, as healpy does. Gzipped files
 * ({@code .fits.gz}, as healpy writes them when asked) are read as they are.
 */
public final class HealpixFits {
    /** How map values are stored on disk. */
    public enum ColumnType {
        /** 32-bit IEEE floats (FITS 'E'): half the size, 7 significant digits. */
        FLOAT32,
        /** 64-bit IEEE floats (FITS 'D'): values read back bit for bit. */
        FLOAT64
    }

    /** Label value of pixels absent from a label map (outside a partial map, or UNSEEN). */
    public static final int NO_LABEL = -1;

    private static final System.Logger LOG = System.getLogger(HealpixFits.class.getName());
    private static final int ROW_LENGTH = 1024;
    private static final String PIXEL_COLUMN = "PIXEL";

    private HealpixFits() {
    }

    // ---------------------------------------------------------------- reading

    /** What a HEALPix FITS file holds, from its header alone (no map data is read). */
    public static HealpixFileInfo info(Path file) {
        return withTable(file, RawTable::info);
    }

    /** A numeric keyword of the map table's header (say, a reference frequency), or null when absent. */
    public static Double numericKeyword(Path file, String key) {
        return withTable(file, raw -> raw.header.containsKey(key) ? raw.header.getDoubleValue(key) : null);
    }

    /** All map columns of a HEALPix FITS file, in the file's ordering. */
    public static HealpixMap read(Path file) {
        return read(file, new String[0]);
    }

    /**
     * The named columns (case-insensitive, in the order given; all columns when none are named) of a
     * HEALPix FITS file, in the file's ordering. Only the named columns are read.
     */
    public static HealpixMap read(Path file, String... columns) {
        return withTable(file, raw -> raw.map(columns));
    }

    /**
     * As {@link #read(Path, String...)}, in RING ordering (a NESTED file is converted, and the conversion
     * logged), failing before any data is read unless the file's nside is {@code expectedNside}.
     */
    public static HealpixMap readRing(Path file, int expectedNside, String... columns) {
        HealpixMap map = withTable(file, raw -> {
            checkNside(file, raw.nside, expectedNside);
            return raw.map(columns);
        });
        if (map.ordering() != Ordering.RING) {
            LOG.log(System.Logger.Level.INFO, "{0} is {1}: converting to RING", file, map.ordering());
        }
        return map.withOrdering(Ordering.RING);
    }

    /**
     * An integer label map (e.g. cluster or patch ids) in RING ordering: the named column, or the first
     * one when {@code column} is null. Pixels without data (outside a partial map, or UNSEEN in a float
     * column) get {@link #NO_LABEL}. Float columns must hold whole numbers.
     */
    public static int[] readLabels(Path file, String column) {
        return readLabels(file, 0, column);
    }

    /**
     * As {@link #readLabels(Path, String)}, failing before any data is read unless the file's nside is
     * {@code expectedNside} (0 accepts any nside).
     */
    public static int[] readLabels(Path file, int expectedNside, String column) {
        return withTable(file, raw -> {
            if (expectedNside != 0) {
                checkNside(file, raw.nside, expectedNside);
            }
            int c = raw.select(column == null ? new String[0] : new String[] {column})[0];
            int[] labels = raw.fullSkyLabels(c);
            if (raw.ordering != Ordering.RING) {
                LOG.log(System.Logger.Level.INFO, "{0} is {1}: converting labels to RING", file, raw.ordering);
                labels = Healpix.reorder(labels, raw.ordering, Ordering.RING);
            }
            return labels;
        });
    }

    private static void checkNside(Path file, int nside, int expectedNside) {
        if (nside != expectedNside) {
            throw new MapFormatException(file + ": NSIDE is " + nside + " but the study uses nside " + expectedNside
                    + "; ud_grade the map or change the study's nside");
        }
    }

    // ---------------------------------------------------------------- writing

    /** Writes a full-sky map as float64 columns, replacing any existing file. */
    public static void write(Path file, HealpixMap map) {
        write(file, map, ColumnType.FLOAT64);
    }

    /** Writes a full-sky map with columns of the given type, replacing any existing file. */
    public static void write(Path file, HealpixMap map, ColumnType type) {
        checkNoNaN(file, map);
        Object[] columns = new Object[map.columnCount()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = rows(type == ColumnType.FLOAT32 ? toFloats(map.columns()[c]) : map.columns()[c]);
        }
        writeTable(file, map.nside(), map.ordering(), map.coordsys(), map.names(), map.units(), columns, null);
    }

    /**
     * Writes the pixels where the first column is not UNSEEN as a partial map (healpy
     * {@code write_map(partial=True)}: {@code INDXSCHM='EXPLICIT'}, a {@code PIXEL} column), replacing any
     * existing file.
     */
    public static void writePartial(Path file, HealpixMap map, ColumnType type) {
        checkNoNaN(file, map);
        double[] first = map.columns()[0];
        int count = 0;
        for (double v : first) {
            if (!Healpix.isUnseen(v)) {
                count++;
            }
        }
        if (count == 0) {
            throw new MapFormatException(file + ": partial map to write has no pixel with data (all UNSEEN)");
        }
        int[] pixels = new int[count];
        for (int p = 0, i = 0; p < first.length; p++) {
            if (!Healpix.isUnseen(first[p])) {
                pixels[i++] = p;
            }
        }
        Object[] columns = new Object[map.columnCount()];
        for (int c = 0; c < columns.length; c++) {
            double[] values = new double[count];
            for (int i = 0; i < count; i++) {
                values[i] = map.columns()[c][pixels[i]];
            }
            columns[c] = type == ColumnType.FLOAT32 ? toFloats(values) : values;
        }
        writeTable(file, map.nside(), map.ordering(), map.coordsys(), map.names(), map.units(), columns, pixels);
    }

    /** Writes an integer label map as an int64 ('K') column as healpy does, replacing any existing file. */
    public static void writeLabels(Path file, int nside, Ordering ordering, String coordsys, String name,
                                   int[] labels) {
        if (labels.length != Nside.npix(Nside.check(nside))) {
            throw new IllegalArgumentException(file + ": label map has " + labels.length + " values, nside "
                    + nside + " needs " + Nside.npix(nside));
        }
        long[] wide = new long[labels.length];
        for (int p = 0; p < labels.length; p++) {
            wide[p] = labels[p];
        }
        writeTable(file, nside, ordering, coordsys, new String[] {name}, new String[1], new Object[] {rows(wide)},
                null);
    }

    private static void writeTable(Path file, int nside, Ordering ordering, String coordsys, String[] names,
                                   String[] units, Object[] columns, int[] explicitPixels) {
        boolean partial = explicitPixels != null;
        Object[] all = columns;
        if (partial) {
            all = new Object[columns.length + 1];
            all[0] = explicitPixels;
            System.arraycopy(columns, 0, all, 1, columns.length);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BinaryTableHDU hdu = BinaryTable.fromColumnMajor(all).toHDU();
            int offset = partial ? 1 : 0;
            if (partial) {
                hdu.setColumnName(0, PIXEL_COLUMN, null);
            }
            for (int c = 0; c < names.length; c++) {
                hdu.setColumnName(c + offset, names[c], null);
                if (units[c] != null) {
                    hdu.setColumnMeta(c + offset, Standard.TUNITn, units[c], "physical unit", true);
                }
            }
            Header h = hdu.getHeader();
            h.addValue("PIXTYPE", "HEALPIX", "HEALPIX pixelisation");
            h.addValue("ORDERING", ordering == Ordering.RING ? "RING" : "NESTED",
                    "Pixel ordering scheme, either RING or NESTED");
            if (coordsys != null) {
                h.addValue("COORDSYS", coordsys, "Ecliptic, Galactic or Celestial (equatorial)");
            }
            h.addValue("EXTNAME", "xtension", "name of this binary table extension");
            h.addValue("NSIDE", nside, "Resolution parameter of HEALPIX");
            if (!partial) {
                h.addValue("FIRSTPIX", 0, "First pixel # (0 based)");
                h.addValue("LASTPIX", Nside.npix(nside) - 1, "Last pixel # (0 based)");
            }
            h.addValue("INDXSCHM", partial ? "EXPLICIT" : "IMPLICIT", "Indexing: IMPLICIT or EXPLICIT");
            h.addValue("OBJECT", partial ? "PARTIAL" : "FULLSKY", "Sky coverage, either FULLSKY or PARTIAL");
            // write beside the target, then rename: readers never see a half-written map
            Path tmpFile = file.resolveSibling(file.getFileName() + ".writing");
            try (Fits fits = new Fits()) {
                fits.addHDU(hdu);
                Files.deleteIfExists(tmpFile);
                fits.write(tmpFile.toFile());
            }
            Files.move(tmpFile, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | FitsException e) {
            throw new MapFormatException(file + ": cannot write HEALPix map (" + oneLine(e) + ")", e);
        }
    }

    /** Refuses to write NaN, which {@link #read} refuses too: missing pixels are UNSEEN in healpy maps. */
    private static void checkNoNaN(Path file, HealpixMap map) {
        for (int c = 0; c < map.columnCount(); c++) {
            double[] values = map.columns()[c];
            for (int p = 0; p < values.length; p++) {
                if (Double.isNaN(values[p])) {
                    throw new MapFormatException(file + ": column " + map.names()[c] + " holds NaN at pixel " + p
                            + "; mark missing pixels with Healpix.UNSEEN before writing");
                }
            }
        }
    }

    /** A full-sky column as rows of 1024 values (healpy's layout), or as one value per row when short. */
    private static Object rows(Object flat) {
        int n = Array.getLength(flat);
        if (n <= ROW_LENGTH) {
            return flat;
        }
        int nrows = n / ROW_LENGTH; // 12 nside^2 is a multiple of 1024 whenever it exceeds 1024
        Object rows = Array.newInstance(flat.getClass().getComponentType(), nrows, ROW_LENGTH);
        for (int r = 0; r < nrows; r++) {
            System.arraycopy(flat, r * ROW_LENGTH, Array.get(rows, r), 0, ROW_LENGTH);
        }
        return rows;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    // ---------------------------------------------------------------- the table as found in the file

    /** Opens the first binary table of a HEALPix file and applies {@code action} while the file is open. */
    private static <T> T withTable(Path file, Function<RawTable, T> action) {
        if (!Files.isRegularFile(file)) {
            throw new MapFormatException(file + ": no such file; check the path");
        }
        if (!startsWithSimpleCard(file)) {
            throw new MapFormatException(file + ": not a FITS file (it does not start with a SIMPLE card"
                    + (isGzip(file) ? " once gunzipped)" : ")"));
        }
        try (Fits fits = new Fits(file.toFile())) {
            BinaryTableHDU table = null;
            for (BasicHDU<?> hdu = fits.readHDU(); hdu != null; hdu = fits.readHDU()) {
                if (hdu instanceof BinaryTableHDU bt) {
                    table = bt;
                    break;
                }
            }
            if (table == null) {
                throw new MapFormatException(file + ": not a HEALPix map (no FITS binary table extension)");
            }
            return action.apply(new RawTable(file, table));
        } catch (FitsException | IOException e) {
            throw new MapFormatException(file + ": not a readable FITS file (" + oneLine(e) + ")", e);
        } catch (UncheckedFitsException e) {
            throw new MapFormatException(file + ": cannot read the HEALPix table (" + oneLine(e.getCause()) + ")",
                    e.getCause());
        }
    }

    /** Whether the file starts with a SIMPLE card, read through gzip when it is gzipped (nom-tam-fits reads both). */
    private static boolean startsWithSimpleCard(Path file) {
        byte[] head = new byte[9];
        boolean gzip = isGzip(file);
        try (java.io.InputStream raw = Files.newInputStream(file);
             java.io.InputStream in = gzip ? new java.util.zip.GZIPInputStream(raw) : raw) {
            return in.readNBytes(head, 0, head.length) == head.length
                    && new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("SIMPLE  =");
        } catch (IOException e) {
            throw new MapFormatException(file + ": cannot read (" + oneLine(e) + ")", e);
        }
    }

    /** Whether the file starts with gzip's magic number (as healpy's {@code .fits.gz} files do). */
    private static boolean isGzip(Path file) {
        byte[] magic = new byte[2];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(magic, 0, 2) == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        } catch (IOException e) {
            throw new MapFormatException(file + ": cannot read (" + oneLine(e) + ")", e);
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }

    /** A FitsException raised while reading column data inside a {@link Function}. */
    private static final class UncheckedFitsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedFitsException(FitsException cause) {
            super(cause);
        }

        @Override
        public synchronized FitsException getCause() {
            return (FitsException) super.getCause();
        }
    }

    /**
     * The binary table of a HEALPix file: facts from the header, and the map columns (all but an EXPLICIT
     * file's PIXEL column), whose data are read only when asked for.
     */
    private static final class RawTable {
        final Path file;
        final BinaryTable table;
        final Header header;
        final int nside;
        final Ordering ordering;
        final String coordsys;
        /** Per map column: its index in the FITS table, name, unit, and TSCALn/TZEROn (1 and 0 when absent). */
        final List<Integer> tableColumn = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> units = new ArrayList<>();
        final List<double[]> scaling = new ArrayList<>();
        /** Index in the FITS table of an EXPLICIT file's pixel column, -1 for IMPLICIT files. */
        final int pixelColumn;

        RawTable(Path file, BinaryTableHDU hdu) throws FitsException {
            this.file = file;
            this.table = hdu.getData();
            Header h = hdu.getHeader();
            this.header = h;
            String pixtype = h.getStringValue("PIXTYPE");
            if (pixtype != null && !pixtype.trim().equalsIgnoreCase("HEALPIX")) {
                throw new MapFormatException(file + ": not a HEALPix map (PIXTYPE='" + pixtype.trim() + "')");
            }
            if (pixtype == null && !h.containsKey("NSIDE")) {
                throw new MapFormatException(file + ": not a HEALPix map (no PIXTYPE or NSIDE keyword)");
            }
            String orderingValue = h.getStringValue("ORDERING");
            if (orderingValue == null) {
                LOG.log(System.Logger.Level.WARNING, "{0}: no ORDERING keyword, assuming RING as healpy does", file);
                ordering = Ordering.RING;
            } else {
                ordering = Ordering.fromFits(orderingValue);
                if (ordering == null) {
                    throw new MapFormatException(file + ": ORDERING='" + orderingValue.trim()
                            + "' is neither RING nor NESTED");
                }
            }
            String cs = h.getStringValue("COORDSYS");
            coordsys = cs == null ? null : cs.trim();
            boolean explicit = "EXPLICIT".equalsIgnoreCase(trimmed(h.getStringValue("INDXSCHM")))
                    || "PARTIAL".equalsIgnoreCase(trimmed(h.getStringValue("OBJECT")));
            int pixelIndex = -1;
            for (int c = 0; c < table.getNCols(); c++) {
                String name = hdu.getColumnName(c);
                name = name == null ? "COLUMN_" + (c + 1) : name.trim();
                if (explicit && name.equalsIgnoreCase(PIXEL_COLUMN)) {
                    pixelIndex = c;
                    continue;
                }
                if (table.getDescriptor(c).isVariableSize() || !table.getDescriptor(c).isNumeric()) {
                    throw new MapFormatException(file + ": column " + name + " is not a fixed-size numeric column");
                }
                tableColumn.add(c);
                names.add(name);
                String unit = h.getStringValue("TUNIT" + (c + 1));
                units.add(unit == null || unit.isBlank() ? null : unit.trim());
                scaling.add(new double[] {h.getDoubleValue("TSCAL" + (c + 1), 1.0),
                    h.getDoubleValue("TZERO" + (c + 1), 0.0)});
            }
            if (explicit && pixelIndex < 0 && !tableColumn.isEmpty()) { // healpy takes the first column
                pixelIndex = tableColumn.remove(0);
                names.remove(0);
                units.remove(0);
                scaling.remove(0);
            }
            pixelColumn = pixelIndex;
            if (tableColumn.isEmpty()) {
                throw new MapFormatException(file + ": HEALPix table has no map column");
            }
            long stored = storedLength(tableColumn.get(0));
            if (explicit) {
                if (!h.containsKey("NSIDE")) {
                    throw new MapFormatException(file + ": partial HEALPix map without an NSIDE keyword");
                }
                nside = checkedNside(h.getIntValue("NSIDE"));
                if (storedLength(pixelColumn) != stored) {
                    throw new MapFormatException(file + ": PIXEL column has " + storedLength(pixelColumn)
                            + " values, column " + names.get(0) + " has " + stored);
                }
            } else {
                int fromSize;
                try {
                    fromSize = Nside.fromNpix(stored);
                } catch (IllegalArgumentException e) {
                    throw new MapFormatException(file + ": column " + names.get(0) + " has " + stored
                            + " values, not 12 nside^2 (a cut-sky IMPLICIT map is not supported)");
                }
                nside = h.containsKey("NSIDE") ? checkedNside(h.getIntValue("NSIDE")) : fromSize;
                if (nside != fromSize) {
                    throw new MapFormatException(file + ": NSIDE=" + nside + " but the columns hold " + stored
                            + " values (nside " + fromSize + ")");
                }
            }
            for (int i = 1; i < tableColumn.size(); i++) {
                if (storedLength(tableColumn.get(i)) != stored) {
                    throw new MapFormatException(file + ": column " + names.get(i) + " has "
                            + storedLength(tableColumn.get(i)) + " values, column " + names.get(0) + " has " + stored);
                }
            }
        }

        private long storedLength(int c) {
            return (long) table.getNRows() * table.getDescriptor(c).getElementCount();
        }

        private Object stored(int c) {
            try {
                return table.getFlattenedColumn(c);
            } catch (FitsException e) {
                throw new UncheckedFitsException(e);
            }
        }

        HealpixMap map(String[] columns) {
            int[] selected = select(columns);
            double[][] data = new double[selected.length][];
            String[] selectedNames = new String[selected.length];
            String[] selectedUnits = new String[selected.length];
            for (int i = 0; i < selected.length; i++) {
                selectedNames[i] = names.get(selected[i]);
                selectedUnits[i] = units.get(selected[i]);
                data[i] = fullSkyDoubles(selected[i]);
            }
            return new HealpixMap(nside, ordering, coordsys, selectedNames, selectedUnits, data);
        }

        HealpixFileInfo info() {
            // units may hold nulls, which List.copyOf refuses
            return new HealpixFileInfo(nside, ordering, coordsys, List.copyOf(names),
                    Collections.unmodifiableList(new ArrayList<>(units)), pixelColumn >= 0);
        }

        private int checkedNside(int value) {
            try {
                return Nside.check(value);
            } catch (IllegalArgumentException e) {
                throw new MapFormatException(file + ": NSIDE=" + value + " is not a power of two in 1.." + Nside.MAX);
            }
        }

        /** The full-sky pixel of each stored value of an EXPLICIT file, checked against nside. */
        private int[] pixelIndices() {
            Object column = stored(pixelColumn);
            long npix = Nside.npix(nside);
            int[] out = new int[Array.getLength(column)];
            for (int i = 0; i < out.length; i++) {
                double v = Array.getDouble(column, i);
                if (v != Math.rint(v) || v < 0 || v >= npix) {
                    throw new MapFormatException(file + ": PIXEL value " + v + " is not a pixel of NSIDE=" + nside
                            + " (0.." + (npix - 1) + ")");
                }
                out[i] = (int) v;
            }
            return out;
        }

        int indexOf(String name) {
            for (int c = 0; c < names.size(); c++) {
                if (names.get(c).equalsIgnoreCase(name)) {
                    return c;
                }
            }
            return -1;
        }

        int[] select(String[] wanted) {
            if (wanted.length == 0) {
                int[] all = new int[names.size()];
                for (int c = 0; c < all.length; c++) {
                    all[c] = c;
                }
                return all;
            }
            int[] out = new int[wanted.length];
            for (int i = 0; i < wanted.length; i++) {
                out[i] = indexOf(wanted[i]);
                if (out[i] < 0) {
                    throw new MapFormatException(file + ": no column '" + wanted[i] + "' (columns: "
                            + String.join(", ", names) + ")");
                }
            }
            return out;
        }

        /**
         * Column c as physical doubles over the full sky (TSCALn/TZEROn applied); float32 UNSEEN becomes
         * exactly {@link Healpix#UNSEEN}.
         */
        double[] fullSkyDoubles(int c) {
            Object column = stored(tableColumn.get(c));
            int n = Array.getLength(column);
            double[] values = new double[n];
            if (column instanceof double[] d) {
                System.arraycopy(d, 0, values, 0, n);
            } else if (column instanceof float[] f) {
                for (int i = 0; i < n; i++) {
                    values[i] = f[i] == (float) Healpix.UNSEEN ? Healpix.UNSEEN : f[i];
                }
            } else if (column instanceof long[] || column instanceof int[] || column instanceof short[]
                    || column instanceof byte[]) {
                for (int i = 0; i < n; i++) {
                    values[i] = Array.getLong(column, i);
                }
            } else {
                throw new MapFormatException(file + ": column " + names.get(c) + " is not numeric ("
                        + column.getClass().getComponentType() + ")");
            }
            double scale = scaling.get(c)[0];
            double zero = scaling.get(c)[1];
            if (scale != 1.0 || zero != 0.0) {
                for (int i = 0; i < n; i++) {
                    values[i] = values[i] == Healpix.UNSEEN ? Healpix.UNSEEN : values[i] * scale + zero;
                }
            }
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(values[i])) {
                    throw new MapFormatException(file + ": column " + names.get(c) + " holds NaN at stored value "
                            + i + "; mark missing pixels with UNSEEN (-1.6375e30) instead");
                }
            }
            return expand(values, Healpix.UNSEEN);
        }

        /** Column c as integer labels over the full sky; no data gives {@link #NO_LABEL}. */
        int[] fullSkyLabels(int c) {
            double[] values = fullSkyDoubles(c);
            int[] labels = new int[values.length];
            for (int p = 0; p < values.length; p++) {
                double v = values[p];
                if (v == Healpix.UNSEEN) {
                    labels[p] = NO_LABEL;
                } else if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new MapFormatException(file + ": column " + names.get(c) + " holds " + v + " at pixel " + p
                            + ", not an integer label");
                } else {
                    labels[p] = (int) v;
                }
            }
            return labels;
        }

        private double[] expand(double[] values, double fill) {
            if (pixelColumn < 0) {
                return values;
            }
            int[] pixels = pixelIndices();
            double[] full = new double[(int) Nside.npix(nside)];
            Arrays.fill(full, fill);
            for (int i = 0; i < pixels.length; i++) {
                full[pixels[i]] = values[i];
            }
            return full;
        }
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
    }
}
