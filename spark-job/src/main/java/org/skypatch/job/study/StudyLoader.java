package org.skypatch.job.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.skypatch.gpu.Backend;
import org.skypatch.job.error.UserException;
import org.skypatch.sphere.Nside;

/** Reads a study YAML file into a checked {@link Study}; every error is one line naming the key. */
public final class StudyLoader {
    /** The embedded default study (the quickstart), used when no file is given. */
    public static final String DEFAULT_RESOURCE = "/org/skypatch/job/study/quickstart.yaml";
    private static final Pattern ZONE = Pattern.compile("GAL0[246]0(_U|_L)?");

    private StudyLoader() {
    }

    public static Study load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UserException.BadInput("cannot read study file " + file + " (" + e.getClass().getSimpleName()
                    + "): give an existing YAML file, or no file for the quickstart");
        }
        return parse(text, file.toString());
    }

    public static Study loadDefault() {
        try (InputStream in = StudyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "embedded quickstart");
        } catch (IOException e) {
            throw new IllegalStateException("embedded study " + DEFAULT_RESOURCE + " is unreadable", e);
        }
    }

    /** Parses and checks YAML text; {@code source} names the file in error messages. */
    public static Study parse(String yaml, String source) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // a file of comments only is empty too (Jackson would name the missing top-level object)
        if (yaml.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"))) {
            throw new UserException.BadInput(source + ": the study file is empty: start from conf/quickstart.yaml");
        }
        StudyConfig c;
        try {
            c = mapper.readValue(yaml, StudyConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(source, new ConfigException(path(e), problem(e)));
        } catch (JsonProcessingException e) {
            throw new UserException.BadInput(source + ": not valid YAML at line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage().lines().findFirst().orElse("syntax error"));
        }
        if (c == null) {
            throw new UserException.BadInput(source + ": the study file is empty: start from conf/quickstart.yaml");
        }
        try {
            return check(c, yaml);
        } catch (ConfigException e) {
            throw new ConfigException(source, e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        if (e instanceof MismatchedInputException m && m.getMessage().startsWith("Missing required creator property")) {
            String missing = m.getMessage().replaceAll("(?s)Missing required creator property '([^']*)'.*", "$1");
            if (b.length() == 0 || b.toString().equals(missing) || b.toString().endsWith("." + missing)) {
                return b.length() == 0 ? missing : b.toString();
            }
            return b + "." + missing;
        }
        return b.length() == 0 ? "(top level)" : b.toString();
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key; known keys here: " + u.getKnownPropertyIds();
        }
        if (e instanceof InvalidFormatException f) {
            return "'" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName();
        }
        if (e instanceof MismatchedInputException m) {
            if (m.getMessage().startsWith("Missing required creator property")) {
                return "required key is missing";
            }
            return m.getTargetType() == null ? "wrong type" : "expected a value of type " + m.getTargetType().getSimpleName();
        }
        return e.getOriginalMessage().lines().findFirst().orElse("invalid value");
    }

    private static Study check(StudyConfig c, String yaml) {
        if (c.name().isBlank()) {
            throw new ConfigException("name", "must not be blank");
        }
        StudyConfig.Sky sky = c.sky();
        try {
            Nside.check(sky.nside());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sky.nside", e.getMessage());
        }
        if ((sky.simulate() == null) == (sky.fits() == null)) {
            throw new ConfigException("sky", "give exactly one of 'simulate' and 'fits'");
        }
        if (sky.zoneScore() != null && !sky.zoneScore().equals("foreground") && !sky.zoneScore().equals("latitude")) {
            throw new ConfigException("sky.zoneScore", "'" + sky.zoneScore() + "' is not a zone score: use foreground or latitude");
        }
        if (sky.simulate() != null) {
            Double r = sky.simulate().r();
            if (r != null && !(r >= 0 && Double.isFinite(r))) {
                throw new ConfigException("sky.simulate.r", r + " must be a finite number >= 0");
            }
            List<Integer> pw = sky.simulate().piecewise();
            if (pw != null) {
                if (pw.size() != 3) {
                    throw new ConfigException("sky.simulate.piecewise", "must be three cluster counts [beta_d, T_d, beta_s]");
                }
                counts("sky.simulate.piecewise", pw);
            }
            if (Boolean.TRUE.equals(sky.simulate().piecewisePerZone())) {
                if (pw == null) {
                    throw new ConfigException("sky.simulate.piecewisePerZone", "needs sky.simulate.piecewise (the cluster counts of every zone)");
                }
            }
        }
        if (sky.fits() != null) {
            StudyConfig.Fits fits = sky.fits();
            nonEmpty("sky.fits.frequencyMaps", fits.frequencyMaps());
            nonEmpty("sky.fits.foregroundMaps", fits.foregroundMaps());
            if (fits.cmb() == null) {
                throw new ConfigException("sky.fits.cmb", "required key is missing");
            }
            double maxUnseen = fits.maxUnseenFraction() == null ? 0.1 : fits.maxUnseenFraction();
            if (!(maxUnseen >= 0 && maxUnseen < 1)) {
                throw new ConfigException("sky.fits.maxUnseenFraction", maxUnseen + " must be a fraction in [0, 1)");
            }
            sky = new StudyConfig.Sky(sky.nside(), sky.zoneScore(), null,
                    new StudyConfig.Fits(fits.frequencyMaps(), fits.foregroundMaps(), fits.cmb(), maxUnseen));
        }
        StudyConfig.Instrument inst = c.instrument() == null ? new StudyConfig.Instrument(null, null, null, null, null) : c.instrument();
        if (inst.name() != null && inst.csv() != null) {
            throw new ConfigException("instrument", "give either 'name' or 'csv', not both");
        }
        if (inst.name() != null && !inst.name().equals("litebird")) {
            throw new ConfigException("instrument.name", "'" + inst.name() + "' is not a built-in instrument: use litebird");
        }
        if (inst.bands() != null) {
            nonEmpty("instrument.bands", inst.bands());
            distinct("instrument.bands", inst.bands());
        }
        double noiseRatio = inst.noiseRatio() == null ? 1.0 : inst.noiseRatio();
        if (!(noiseRatio >= 0) || Double.isInfinite(noiseRatio)) {
            throw new ConfigException("instrument.noiseRatio", noiseRatio + " must be a finite number >= 0");
        }
        nonEmpty("zones", c.zones());
        distinct("zones", c.zones());
        for (int i = 0; i < c.zones().size(); i++) {
            if (!ZONE.matcher(c.zones().get(i)).matches()) {
                throw new ConfigException("zones[" + i + "]", "'" + c.zones().get(i)
                        + "' is not a zone: use GAL020, GAL040 or GAL060, optionally with _U or _L");
            }
        }
        if (sky.simulate() != null && Boolean.TRUE.equals(sky.simulate().piecewisePerZone())) {
            disjointZones(c.zones());
        }
        List<Configuration> configurations = configurations(c.grid(), sky.nside());
        int realizations = positive("realizations", c.realizations());
        int batchSize = c.batchSize() == null ? Math.min(realizations, 4) : positive("batchSize", c.batchSize());
        StudyConfig.Fit fit = c.fit() == null ? new StudyConfig.Fit(null, null, null, null, null, null) : c.fit();
        for (String k : new String[] {"start", "lower", "upper"}) {
            List<Double> v = k.equals("start") ? fit.start() : k.equals("lower") ? fit.lower() : fit.upper();
            if (v != null && (v.size() != 3 || v.contains(null))) {
                throw new ConfigException("fit." + k, "must be three numbers [beta_d, T_d, beta_s]");
            }
        }
        if (fit.maxIterations() != null) {
            positive("fit.maxIterations", fit.maxIterations());
        }
        positiveReal("fit.nllTolerance", fit.nllTolerance());
        positiveReal("fit.projectedGradientTolerance", fit.projectedGradientTolerance());
        Metric metric = c.metric() == null ? Metric.SIGMA2_CMB : Metric.parse("metric", c.metric());
        StudyConfig.R r = c.r() == null ? new StudyConfig.R(null, null, null) : c.r();
        double rMax = r.rMax() == null ? 0.05 : r.rMax();
        int rPoints = r.points() == null ? 5001 : r.points();
        checkRGrid("r.rMax", rMax, "r.points", rPoints);
        if (c.output().isBlank()) {
            throw new ConfigException("output", "must not be blank");
        }
        Backend backend = c.backend() == null ? Backend.AUTO : backend(c.backend());
        int unitsPerCommit = c.unitsPerCommit() == null ? 0 : positive("unitsPerCommit", c.unitsPerCommit());
        Study study = new Study(c.name(), c.seed(), sky.nside(), sky, inst.csv(), inst.bands(), noiseRatio, inst.hitsMap(),
                List.copyOf(c.zones()),
                configurations, realizations, batchSize,
                c.clusteringSeed() == null ? 0L : c.clusteringSeed(), fit, metric, rMax, rPoints,
                r.baselines() == null || r.baselines(), c.output(), backend, unitsPerCommit, yaml);
        FitSettings.of(study, Backend.CPU);
        return study;
    }

    /** The r grid's upper end must be a finite number > 0, and its points at least 3; keys as the user gave them. */
    static void checkRGrid(String maxKey, double rMax, String pointsKey, int points) {
        positiveReal(maxKey, rMax);
        if (points < 3) {
            throw new ConfigException(pointsKey, points + " is too few: use at least 3");
        }
    }

    private static List<Configuration> configurations(StudyConfig.Grid grid, int nside) {
        LinkedHashSet<Configuration> out = new LinkedHashSet<>();
        if (grid.kmeans() != null) {
            StudyConfig.KMeans k = grid.kmeans();
            List<Integer> bd = counts("grid.kmeans.betaDust", k.betaDust());
            List<Integer> td = counts("grid.kmeans.tempDust", k.tempDust());
            List<Integer> bs = counts("grid.kmeans.betaSync", k.betaSync());
            distinct("grid.kmeans.betaDust", bd);
            distinct("grid.kmeans.tempDust", td);
            distinct("grid.kmeans.betaSync", bs);
            for (int a : bd) {
                for (int b : td) {
                    for (int s : bs) {
                        out.add(new Configuration(Configuration.Method.KMEANS, a, b, s));
                    }
                }
            }
        }
        if (grid.multiResolution() != null) {
            nonEmpty("grid.multiResolution", grid.multiResolution());
            for (int i = 0; i < grid.multiResolution().size(); i++) {
                String key = "grid.multiResolution[" + i + "]";
                List<Integer> t = grid.multiResolution().get(i);
                if (t == null || t.size() != 3) {
                    throw new ConfigException(key, "must be a triple [nside beta_d, nside T_d, nside beta_s]");
                }
                for (int j = 0; j < 3; j++) {
                    Integer n = t.get(j);
                    if (n == null || n < 1 || Integer.bitCount(n) != 1 || n > nside) {
                        throw new ConfigException(key + "[" + j + "]", n + " is not a power of two in 1.." + nside + " (the sky nside)");
                    }
                }
                out.add(new Configuration(Configuration.Method.MULTIRES, t.get(0), t.get(1), t.get(2)));
            }
        }
        if (Boolean.TRUE.equals(grid.singlePatch())) {
            out.add(Configuration.single());
        }
        if (out.isEmpty()) {
            throw new ConfigException("grid", "defines no configuration: give kmeans, multiResolution or singlePatch: true");
        }
        return new ArrayList<>(out);
    }

    /** Per-zone truth clusters each zone on its own: a whole ring (GAL020) and one of its halves (GAL020_U) overlap. */
    private static void disjointZones(List<String> zones) {
        for (String z : zones) {
            if (z.length() > 6 && zones.contains(z.substring(0, 6))) {
                throw new ConfigException("zones", z + " lies inside " + z.substring(0, 6)
                        + ": sky.simulate.piecewisePerZone needs disjoint zones, keep one of them");
            }
        }
    }

    private static List<Integer> counts(String key, List<Integer> values) {
        nonEmpty(key, values);
        for (int i = 0; i < values.size(); i++) {
            Integer v = values.get(i);
            if (v == null || v < 1) {
                throw new ConfigException(key + "[" + i + "]", "cluster count " + v + " must be an integer >= 1");
            }
        }
        return values;
    }

    private static void nonEmpty(String key, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw new ConfigException(key, "must be a non-empty list");
        }
    }

    private static void distinct(String key, List<?> values) {
        if (new LinkedHashSet<>(values).size() != values.size()) {
            throw new ConfigException(key, "has repeated values " + values);
        }
    }

    private static int positive(String key, Integer v) {
        if (v == null || v < 1) {
            throw new ConfigException(key, v + " must be an integer >= 1");
        }
        return v;
    }

    private static void positiveReal(String key, Double v) {
        if (v != null && !(v > 0 && Double.isFinite(v))) {
            throw new ConfigException(key, v + " must be a finite number > 0");
        }
    }

    private static Backend backend(String value) {
        try {
            return Backend.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("backend", "'" + value + "' is not a backend: use cpu, gpu or auto");
        }
    }
}
