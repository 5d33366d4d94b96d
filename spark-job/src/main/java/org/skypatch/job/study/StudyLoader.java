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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.skypatch.gpu.Backend;
import org.skypatch.job.error.UserException;
import org.skypatch.sky.Foregrounds;
import org.skypatch.sky.PysmTemplates;
import org.skypatch.sphere.Nside;

/** Reads a study YAML file into a checked {@link Study}; every error is one line naming the key. */
public final class StudyLoader {
    /** The embedded default study (the quickstart), used when no file is given. */
    public static final String DEFAULT_RESOURCE = "/org/skypatch/job/study/quickstart.yaml";
    private static final Pattern ZONE = Pattern.compile("GAL0[246]0(_U|_L)?");
    private static final Pattern MASK = Pattern.compile("GAL0[246]0");
    private static final Pattern BASELINE_NAME = Pattern.compile("[a-z0-9_-]+");

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
            sky = new StudyConfig.Sky(sky.nside(), sky.zoneScore(), foregrounds(sky.simulate(), sky.nside()), null);
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
        boolean listForm = c.zones().maskFile() == null;
        String namesKey = listForm ? "zones" : "zones.names";
        List<String> zones = c.zones().names();
        nonEmpty(namesKey, zones);
        distinct(namesKey, zones);
        for (int i = 0; i < zones.size(); i++) {
            if (!ZONE.matcher(zones.get(i)).matches()) {
                throw new ConfigException(namesKey + "[" + i + "]", "'" + zones.get(i)
                        + "' is not a zone: use GAL020, GAL040 or GAL060, optionally with _U or _L");
            }
        }
        if (!listForm && c.zones().maskFile().isBlank()) {
            throw new ConfigException("zones.maskFile", "must not be blank");
        }
        if (sky.simulate() != null && Boolean.TRUE.equals(sky.simulate().piecewisePerZone())) {
            disjointZones(zones);
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
        SelectionRule selection = selection(c);
        StudyConfig.R r = c.r() == null ? new StudyConfig.R(null, null, null, null, null) : c.r();
        double aLens = r.aLens() == null ? 1 : r.aLens();
        if (!(aLens >= 0 && Double.isFinite(aLens))) {
            throw new ConfigException("r.aLens", aLens + " must be a finite number >= 0 (1: no delensing)");
        }
        double rMax = r.rMax() == null ? 0.05 : r.rMax();
        int rPoints = r.points() == null ? 5001 : r.points();
        checkRGrid("r.rMax", rMax, "r.points", rPoints);
        if (c.output().isBlank()) {
            throw new ConfigException("output", "must not be blank");
        }
        Backend backend = c.backend() == null ? Backend.AUTO : backend(c.backend());
        int unitsPerCommit = c.unitsPerCommit() == null ? 0 : positive("unitsPerCommit", c.unitsPerCommit());
        Search search = search(c.search(), realizations, batchSize, selection.metric());
        boolean perRealization = Boolean.TRUE.equals(r.perRealization());
        if (perRealization && (search.halving() || selection.metric().perRealizationColumn() == null)) {
            throw new ConfigException("r.perRealization", "each realization's own choice needs every configuration on "
                    + "every realization and a metric per realization: an exhaustive search ranked by spatial_variance, "
                    + "cl_bb_sum, cl_bb_observed or mean_nll");
        }
        Study study = new Study(c.name(), c.seed(), sky.nside(), sky, inst.csv(), inst.bands(), noiseRatio, inst.hitsMap(),
                List.copyOf(zones), c.zones().maskFile(),
                configurations, maskBaselines(c.grid(), zones, sky.nside()), realizations, batchSize,
                c.clusteringSeed() == null ? 0L : c.clusteringSeed(), fit, selection, rMax, rPoints,
                r.baselines() == null || r.baselines(), perRealization, aLens, c.output(), backend, unitsPerCommit, search, yaml);
        FitSettings.of(study, Backend.CPU);
        return study;
    }

    /** The simulation with its foreground model spelled out (absent: d1s1); the shipped templates stop at nside 64. */
    private static StudyConfig.Simulate foregrounds(StudyConfig.Simulate sim, int nside) {
        Foregrounds f;
        try {
            f = sim.foregrounds() == null ? Foregrounds.D1S1 : Foregrounds.parse(sim.foregrounds());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sky.simulate.foregrounds", e.getMessage());
        }
        if (f == Foregrounds.GAUSSIAN && sim.templates() != null) {
            throw new ConfigException("sky.simulate.templates", "the gaussian sky has no templates: remove the key or "
                    + "use foregrounds: d1s1 or d0s0");
        }
        if (f != Foregrounds.GAUSSIAN && sim.templates() == null && nside > PysmTemplates.SHIPPED_NSIDE) {
            throw new ConfigException("sky.nside", "the shipped " + f.label() + " templates are nside "
                    + PysmTemplates.SHIPPED_NSIDE + ": for nside " + nside + " give your own in sky.simulate.templates "
                    + "(PySM maps at 30, 100, 353 GHz through tools/make_pysm_templates.py)");
        }
        return new StudyConfig.Simulate(sim.seed(), sim.r(), sim.piecewise(), sim.piecewisePerZone(), f.label(),
                sim.templates());
    }

    /** metric (rank 1) or selection (the section 6 rule); absent both: rank 1 by spatial_variance. */
    private static SelectionRule selection(StudyConfig c) {
        if (c.selection() == null) {
            return SelectionRule.byMetric(c.metric() == null ? Metric.SPATIAL_VARIANCE : Metric.parse("metric", c.metric()));
        }
        if (c.metric() != null) {
            throw new ConfigException("metric", "give either metric or selection (which names its own metric), not both");
        }
        StudyConfig.Selection s = c.selection();
        Metric m = s.metric() == null ? Metric.SPATIAL_VARIANCE : Metric.parse("selection.metric", s.metric());
        return checkSelection(m, s.topN(), s.systematicMax(), "selection.topN", "selection.systematicMax");
    }

    /** The section 6 rule, checked as the study file is; keys as the user gave them. */
    public static SelectionRule checkSelection(Metric m, Integer topN, Double systematicMax, String topNKey,
                                               String maxKey) {
        positive(topNKey, topN);
        if (systematicMax != null && !(systematicMax >= 0 && Double.isFinite(systematicMax))) {
            throw new ConfigException(maxKey, systematicMax + " must be a finite number >= 0");
        }
        return new SelectionRule(m, topN, systematicMax);
    }

    /** search: exhaustive (absent) or halving, whose rungs must end at realizations in whole batches. */
    private static Search search(StudyConfig.SearchKeys keys, int realizations, int batchSize, Metric metric) {
        if (keys == null || keys.method() == null || keys.method().equals("exhaustive")) {
            if (keys != null && (keys.rungs() != null || keys.keep() != null || keys.sigmas() != null)) {
                throw new ConfigException("search", "rungs, keep and sigmas belong to method: halving");
            }
            return Search.exhaustive(realizations);
        }
        if (!keys.method().equals("halving")) {
            throw new ConfigException("search.method", "'" + keys.method() + "' is not a search: use exhaustive or halving");
        }
        if (metric.perRealizationColumn() == null) {
            throw new ConfigException("search.method", "halving compares configurations realization by realization: "
                    + "rank by spatial_variance, cl_bb_sum, cl_bb_observed or mean_nll, not " + metric.column());
        }
        double keep = keys.keep() == null ? 0.25 : keys.keep();
        if (!(keep > 0 && keep < 1)) {
            throw new ConfigException("search.keep", keep + " must be a fraction in (0, 1)");
        }
        double sigmas = keys.sigmas() == null ? 1 : keys.sigmas();
        if (!(sigmas >= 0 && Double.isFinite(sigmas))) {
            throw new ConfigException("search.sigmas", sigmas + " must be a finite number >= 0");
        }
        List<Integer> rungs = keys.rungs() == null ? Search.defaultRungs(batchSize, realizations, keep) : keys.rungs();
        nonEmpty("search.rungs", rungs);
        for (int i = 0; i < rungs.size(); i++) {
            Integer n = rungs.get(i);
            if (n == null || n < 1 || (n % batchSize != 0 && n != realizations) || (i > 0 && n <= rungs.get(i - 1))) {
                throw new ConfigException("search.rungs[" + i + "]", n + " must be a multiple of batchSize " + batchSize
                        + ", above the rung before it");
            }
        }
        if (rungs.get(rungs.size() - 1) != realizations) {
            throw new ConfigException("search.rungs", rungs + " must end at realizations (" + realizations + ")");
        }
        return new Search(true, List.copyOf(rungs), keep, sigmas);
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
                StudyConfig.MultiResolution entry = grid.multiResolution().get(i);
                if (entry == null || entry.mask() == null) {
                    out.add(multiResolution("grid.multiResolution[" + i + "]", entry == null ? null : entry.nside(), nside));
                }
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

    /** A multi-resolution triple of patch nside, each 0 (one patch) or a power of two up to the sky's nside. */
    private static Configuration multiResolution(String key, List<Integer> t, int nside) {
        if (t == null || t.size() != 3) {
            throw new ConfigException(key, "must be a triple [nside beta_d, nside T_d, nside beta_s]");
        }
        for (int j = 0; j < 3; j++) {
            Integer n = t.get(j);
            if (n == null || n < 0 || (n > 0 && Integer.bitCount(n) != 1) || n > nside) {
                throw new ConfigException(key + "[" + j + "]", n + " is neither 0 (one patch) nor a power of two in 1.."
                        + nside + " (the sky nside)");
            }
        }
        return new Configuration(Configuration.Method.MULTIRES, t.get(0), t.get(1), t.get(2));
    }

    /**
     * The whole-mask multi-resolution entries (the paper's Table 4): each mask's two halves must be zones of the
     * study (its zones then hold the same pixels as the baseline), and the entries of one name must give every mask
     * the study's zones lie in exactly one configuration, so that the baseline's r covers the chosen one's sky.
     */
    private static List<MaskBaseline> maskBaselines(StudyConfig.Grid grid, List<String> zones, int nside) {
        List<MaskBaseline> out = new ArrayList<>();
        if (grid.multiResolution() == null) {
            return out;
        }
        Set<String> masksOfZones = new TreeSet<>();
        zones.forEach(z -> masksOfZones.add(z.substring(0, 6)));
        for (int i = 0; i < grid.multiResolution().size(); i++) {
            StudyConfig.MultiResolution entry = grid.multiResolution().get(i);
            String key = "grid.multiResolution[" + i + "]";
            if (entry == null || entry.mask() == null) {
                if (entry != null && entry.name() != null) {
                    throw new ConfigException(key + ".name", "names a whole-mask baseline: give its mask too");
                }
                continue;
            }
            Configuration c = multiResolution(key + ".nside", entry.nside(), nside);
            String mask = entry.mask();
            if (!MASK.matcher(mask).matches()) {
                throw new ConfigException(key + ".mask", "'" + mask + "' is not a mask: use GAL020, GAL040 or GAL060");
            }
            if (!zones.contains(mask + "_U") || !zones.contains(mask + "_L")) {
                throw new ConfigException(key + ".mask", "a baseline on the whole of " + mask + " needs both its halves, "
                        + mask + "_U and " + mask + "_L, in zones");
            }
            String name = entry.name() == null ? "multires" : entry.name();
            if (!BASELINE_NAME.matcher(name).matches() || name.equals("chosen")) {
                throw new ConfigException(key + ".name", "'" + name + "' is not a baseline name: use lower-case "
                        + "letters, digits, - and _, not 'chosen'");
            }
            if (out.stream().anyMatch(b -> b.name().equals(name) && b.mask().equals(mask))) {
                throw new ConfigException(key, "baseline " + name + " has two entries for " + mask
                        + ": give each its own name");
            }
            out.add(new MaskBaseline(name, mask, c));
        }
        for (String name : out.stream().map(MaskBaseline::name).distinct().toList()) {
            Set<String> covered = new TreeSet<>();
            out.stream().filter(b -> b.name().equals(name)).forEach(b -> covered.add(b.mask()));
            if (!covered.equals(masksOfZones)) {
                throw new ConfigException("grid.multiResolution", "baseline " + name + " covers " + covered
                        + " but the zones lie in " + masksOfZones + ": give it one entry per mask");
            }
        }
        return out;
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
