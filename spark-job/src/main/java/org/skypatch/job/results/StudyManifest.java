package org.skypatch.job.results;

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
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.skypatch.job.error.UserException;
import org.skypatch.job.study.Study;

/**
 * {@code _study.json} beside the tables: the study file and its hash, the units schema version and the
 * layout, so a reader (or a re-run) knows what produced the folder. A re-run of a different study, or
 * by a skypatch whose units table has another version, into the same folder is refused: its units would
 * not be comparable.
 */
public final class StudyManifest {
    private StudyManifest() {
    }

    public static String hash(Study study) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(study.yaml().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The manifest of a results folder as a map (keys as written by {@link #writeOrCheck}). */
    public static Map<?, ?> read(SparkSession spark, ResultLayout layout) {
        Path path = new Path(layout.studyJson());
        try (InputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
            return new ObjectMapper().readValue(in, Map.class);
        } catch (IOException e) {
            throw new UserException.BadInput(layout.root() + " is not a skypatch results folder (no readable _study.json): "
                    + e.getMessage());
        }
    }

    /** Writes the manifest, or checks that the folder's manifest is of the same study. */
    public static void writeOrCheck(SparkSession spark, ResultLayout layout, Study study, String version) {
        Path path = new Path(layout.studyJson());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(path)) {
                Map<?, ?> old;
                try (InputStream in = fs.open(path)) {
                    old = json.readValue(in, Map.class);
                }
                if (!hash(study).equals(old.get("study_sha256"))) {
                    throw new UserException.BadOutput("output " + layout.root() + " holds results of another study ("
                            + old.get("name") + "): choose another output folder or delete it");
                }
                if (!Integer.valueOf(UnitsTable.VERSION).equals(old.get("units_schema_version"))) {
                    throw new UserException.BadOutput("output " + layout.root() + " holds units of schema version "
                            + old.get("units_schema_version") + ", this skypatch writes version " + UnitsTable.VERSION
                            + ": choose another output folder or delete it");
                }
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", study.name());
            m.put("skypatch_version", version);
            m.put("study_sha256", hash(study));
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
}
