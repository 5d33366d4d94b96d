package org.skypatch.job.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import org.skypatch.job.error.UserException;
import org.skypatch.job.study.Metric;
import org.skypatch.job.study.Study;
import org.skypatch.job.study.StudyLoader;

/**
 * {@code _study.json} beside the tables: the study file, the units schema version and the layout, so a reader
 * (or a re-run) knows what produced the folder, and the metric the rankings follow. A run may resume a folder
 * whose units its study would write alike ({@link Study#fitIdentity}, hashed as {@code fits_sha256}): a study
 * edited in its name, metric, r grid, backend or commit size keeps its results, and the manifest takes the new
 * text. A study that would fit otherwise, or a skypatch whose units table has another version, is refused.
 */
public final class StudyManifest {
    private static final Logger LOG = LogManager.getLogger(StudyManifest.class);

    private StudyManifest() {
    }

    /** SHA-256 of the study file's text. */
    static String yamlHash(Study study) {
        return sha256(study.yaml().getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of what the study's units depend on. */
    public static String fitsHash(Study study) {
        try {
            return sha256(new ObjectMapper().writeValueAsBytes(study.fitIdentity()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the study's identity", e);
        }
    }

    /** The fits hash of a manifest written before fits_sha256, from its study file; null if that no longer parses. */
    private static String fitsHashOf(String yaml) {
        try {
            return yaml == null ? null : fitsHash(StudyLoader.parse(yaml, "_study.json"));
        } catch (UserException e) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The manifest of a results folder as a map (keys as written by {@link #writeOrCheck}). */
    public static Map<?, ?> read(SparkSession spark, ResultLayout layout) {
        Path path = new Path(layout.studyJson());
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                throw new UserException.BadInput(layout.root() + " is not a skypatch results folder (it has no "
                        + "_study.json): give the output folder of a study");
            }
            return parse(fs, path);
        } catch (Damaged e) {
            throw new UserException.BadInput(path + " is damaged (" + e.getMessage() + "): delete it and run the study "
                    + "again into " + layout.root() + " (its units are kept)");
        } catch (IOException e) {
            throw new UserException.BadInput("cannot read " + path + " (" + e.getMessage() + ")");
        }
    }

    /** A manifest that cannot be what {@link #writeOrCheck} wrote: empty, cut short, not JSON. */
    private static final class Damaged extends Exception {
        Damaged(String problem) {
            super(problem);
        }
    }

    private static Map<?, ?> parse(FileSystem fs, Path path) throws IOException, Damaged {
        byte[] bytes;
        try (InputStream in = fs.open(path)) {
            bytes = in.readAllBytes();
        } catch (ChecksumException e) {
            throw new Damaged("it does not match its checksum: edited or cut short");
        }
        if (bytes.length == 0) {
            throw new Damaged("0 bytes");
        }
        Map<?, ?> m;
        try {
            m = new ObjectMapper().readValue(bytes, Map.class);
        } catch (JsonProcessingException e) {
            throw new Damaged("not JSON: " + e.getOriginalMessage().lines().findFirst().orElse("?"));
        }
        if (!(m.get("study_sha256") instanceof String)) {
            throw new Damaged("no study_sha256");
        }
        return m;
    }

    /**
     * Writes the manifest, or checks that the folder's manifest is of the same study. A damaged manifest
     * (a full disk at the first start could leave one empty before manifests were written by rename) is
     * moved to {@code _quarantine} when the folder has no units yet, else the user decides.
     */
    public static void writeOrCheck(SparkSession spark, ResultLayout layout, Study study, String version) {
        Path path = new Path(layout.studyJson());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Map<?, ?> old = null;
            if (fs.exists(path)) {
                try {
                    old = parse(fs, path);
                } catch (Damaged e) {
                    quarantine(spark, layout, fs, path, e);
                }
            }
            if (old != null) {
                boolean same = fitsHash(study).equals(old.containsKey("fits_sha256") ? old.get("fits_sha256")
                        : fitsHashOf((String) old.get("study_yaml")));
                if (!same) {
                    throw new UserException.BadOutput("output " + layout.root() + " holds results of another study ("
                            + old.get("name") + ", whose sky, instrument, zones, grid, realizations, seeds or fit "
                            + "differ): choose another output folder or delete it");
                }
                if (!Integer.valueOf(UnitsTable.VERSION).equals(old.get("units_schema_version"))) {
                    throw new UserException.BadOutput("output " + layout.root() + " holds units of schema version "
                            + old.get("units_schema_version") + ", this skypatch writes version " + UnitsTable.VERSION
                            + ": choose another output folder or delete it");
                }
                if (!study.yaml().equals(old.get("study_yaml"))) {
                    LOG.info("{}: the study file changed in keys that do not change the fits: rewritten", path);
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", study.name());
            m.put("skypatch_version", version);
            m.put("fits_sha256", fitsHash(study));
            m.put("study_sha256", yamlHash(study));
            m.put("units_schema_version", UnitsTable.VERSION);
            m.put("nside", study.nside());
            m.put("zones", study.zones());
            m.put("configurations", study.configurations().stream().map(c -> c.id()).toList());
            m.put("realizations", study.realizations());
            m.put("clustering_seed", study.clusteringSeed());
            m.put("batch_size", study.batchSize());
            m.put("metric", study.metric().column());
            m.put("units_partitioned_by", "zone");
            m.put("tables", ResultLayout.TABLES);
            m.put("units_per_pixel_arrays_follow", "zones.pixels");
            m.put("study_yaml", study.yaml());
            HadoopFiles.writeAtomically(fs, path, json.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Records the metric the rankings and best tables now follow ({@code skypatch rank}), which report uses. */
    public static void recordMetric(SparkSession spark, ResultLayout layout, Metric metric) {
        Path path = new Path(layout.studyJson());
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Map<Object, Object> m = new LinkedHashMap<>(parse(fs, path));
            m.put("metric", metric.column());
            HadoopFiles.writeAtomically(fs, path, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(m));
        } catch (IOException | Damaged e) {
            throw new IllegalStateException("cannot update " + path + ": " + e.getMessage(), e);
        }
    }

    private static void quarantine(SparkSession spark, ResultLayout layout, FileSystem fs, Path path, Damaged problem)
            throws IOException {
        if (!new UnitStore(spark, layout).isEmpty()) {
            throw new UserException.BadOutput(path + " is damaged (" + problem.getMessage() + ") and " + layout.units()
                    + " holds units: if they are this study's, delete " + path.getName() + " and run again; else "
                    + "choose another output folder");
        }
        Path to = new Path(layout.quarantine(), path.getName());
        fs.mkdirs(to.getParent());
        fs.delete(to, false);
        if (!fs.rename(path, to)) {
            throw new IOException("rename " + path + " -> " + to + " failed");
        }
        LOG.warn("{} was damaged ({}) and the folder holds no units yet: moved to {}, written anew", path,
                problem.getMessage(), to);
    }
}
