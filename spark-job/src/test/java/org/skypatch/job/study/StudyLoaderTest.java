package org.skypatch.job.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skypatch.gpu.Backend;
import org.skypatch.job.error.UserException;

class StudyLoaderTest {
    private static final String VALID = """
            name: t
            seed: 1
            sky: {nside: 16, simulate: {seed: 2}}
            zones: [GAL020_U, GAL040]
            grid:
              kmeans: {betaDust: [1, 4], tempDust: [2], betaSync: [1, 3]}
              multiResolution: [[4, 2, 1]]
              singlePatch: true
            realizations: 5
            batchSize: 2
            output: out
            """;

    @Test
    void embeddedDefaultIsTheQuickstartOfConf() throws IOException {
        Study s = StudyLoader.loadDefault();
        assertEquals("quickstart", s.name());
        assertTrue(s.zones().size() >= 2);
        assertTrue(s.configurations().size() >= 8);
        assertEquals(4, s.realizations());
        assertTrue(s.nside() == 32 || s.nside() == 64);
        Path conf = Path.of("..", "conf", "quickstart.yaml");
        assertEquals(Files.readString(conf), s.yaml(), "conf/quickstart.yaml must equal the embedded default");
    }

    @Test
    void everyConfFileLoads() throws IOException {
        try (var files = Files.list(Path.of("..", "conf"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Study s = StudyLoader.load(f);
                assertFalse(s.configurations().isEmpty(), f.toString());
            }
        }
    }

    /** conf/paper.yaml is the paper's study: 3200 K-means configurations x 6 zones x 100 realizations = 1.92 million fits. */
    @Test
    void thePapersStudyIsThePapers() throws IOException {
        Study paper = StudyLoader.load(Path.of("..", "conf", "paper.yaml"));
        long kmeans = paper.configurations().stream().filter(c -> c.method() == Configuration.Method.KMEANS).count();
        assertEquals(3200, kmeans);
        assertEquals(List.of("GAL020_U", "GAL020_L", "GAL040_U", "GAL040_L", "GAL060_U", "GAL060_L"), paper.zones());
        assertEquals(1_920_000, kmeans * paper.zones().size() * paper.realizations());
        assertEquals(List.of("GAL020", "GAL040", "GAL060"), paper.maskBaselines().stream().map(MaskBaseline::mask).toList());
        assertEquals(64, paper.nside());
        Study laptop = StudyLoader.load(Path.of("..", "conf", "paper-laptop.yaml"));
        assertEquals(paper.zones(), laptop.zones());
        assertEquals(paper.maskBaselines(), laptop.maskBaselines(), "the same baselines, cut only in grid and realizations");
    }

    @Test
    void gridIsTheProductOfTheListsPlusBaselines() {
        Study s = StudyLoader.parse(VALID, "valid");
        assertEquals(2 * 1 * 2 + 1 + 1, s.configurations().size());
        assertEquals(new Configuration(Configuration.Method.KMEANS, 4, 2, 3), s.configurations().get(3));
        assertEquals("multires_4_2_1", s.configurations().get(4).id());
        assertEquals("single", s.configurations().get(5).id());
        assertEquals(3, s.batchesPerConfiguration());
        assertEquals(Backend.AUTO, s.backend());
        assertEquals(SelectionRule.byMetric(Metric.SPATIAL_VARIANCE), s.selection(), "the default sees foreground leakage");
        assertEquals(0, s.unitsPerCommit(), "absent: the grid sizes its Spark jobs to the cluster");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name: t|name: t\\nsurprise: 1|surprise|unknown key",
        "realizations: 5|realizations: five|realizations|Integer",
        "realizations: 5|realizations: 0|realizations|>= 1",
        "betaDust: [1, 4]|betaDust: []|grid.kmeans.betaDust|non-empty",
        "betaDust: [1, 4]|betaDust: [1, 0]|grid.kmeans.betaDust[1]|>= 1",
        "betaDust: [1, 4]|betaDust: [4, 4]|grid.kmeans.betaDust|repeated",
        "nside: 16|nside: 12|sky.nside|power of two",
        "[GAL020_U, GAL040]|[GAL020_U, GAL050]|zones[1]|not a zone",
        "[[4, 2, 1]]|[[4, 2]]|grid.multiResolution[0]|triple",
        "[[4, 2, 1]]|[[4, 32, 1]]|grid.multiResolution[0][1]|power of two",
        "[[4, 2, 1]]|[[4, -1, 1]]|grid.multiResolution[0][1]|neither 0",
        "[[4, 2, 1]]|[{nside: [4, 0, 2], mask: GAL030}]|grid.multiResolution[0].mask|not a mask",
        "[[4, 2, 1]]|[{nside: [4, 0, 2], mask: GAL040}]|grid.multiResolution[0].mask|both its halves",
        "[[4, 2, 1]]|[{nside: [4, 0, 2], name: x}]|grid.multiResolution[0].name|give its mask",
        "output: out|backend: tpu\\noutput: out|backend|cpu, gpu or auto",
        "output: out|metric: speed\\noutput: out|metric|not a metric",
        "seed: 1|seed: 1\\nfit: {maxIterations: 1.5}|fit.maxIterations|Integer",
        "sky: {nside: 16, simulate: {seed: 2}}|sky: {nside: 16}|sky|exactly one",
        "seed: 1|seed: 1\\ninstrument: {bands: []}|instrument.bands|non-empty",
        "name: t\\n|\\n|name|required key is missing",
        "seed: 1|seed: 1\\nfit: {start: [1.5, 20]}|fit.start|three numbers",
        "seed: 1|seed: 1\\nfit: {lower: [0.5, 50, -7]}|fit|lower <= upper",
        "simulate: {seed: 2}|simulate: {seed: 2, piecewisePerZone: true}|sky.simulate.piecewisePerZone|needs sky.simulate.piecewise",
        "simulate: {seed: 2}|simulate: {seed: 2, foregrounds: d2s2}|sky.simulate.foregrounds|d1s1, d0s0, gaussian",
        "simulate: {seed: 2}|simulate: {seed: 2, foregrounds: gaussian, templates: t.fits}|sky.simulate.templates|no templates",
        "nside: 16|nside: 128|sky.nside|sky.simulate.templates",
        "output: out|metric: cl_bb_sum\\nselection: {topN: 3}\\noutput: out|metric|not both",
        "output: out|selection: {topN: 0}\\noutput: out|selection.topN|>= 1",
        "output: out|selection: {metric: cl_bb_sum}\\noutput: out|selection.topN|required key is missing",
        "output: out|selection: {topN: 3, systematicMax: -1}\\noutput: out|selection.systematicMax|>= 0",
        "output: out|r: {perRealization: true}\\nmetric: sigma2_cmb\\noutput: out|r.perRealization|exhaustive search ranked by",
        "output: out|r: {perRealization: true}\\nsearch: {method: halving}\\noutput: out|r.perRealization|exhaustive search",
        "output: out|search: {method: random}\\noutput: out|search.method|exhaustive or halving",
        "output: out|search: {rungs: [2, 5]}\\noutput: out|search|method: halving",
        "output: out|metric: sigma2_cmb\\nsearch: {method: halving}\\noutput: out|search.method|not sigma2_cmb",
        "output: out|search: {method: halving, keep: 1}\\noutput: out|search.keep|(0, 1)",
        "output: out|search: {method: halving, sigmas: -1}\\noutput: out|search.sigmas|>= 0",
        "output: out|search: {method: halving, rungs: [3, 5]}\\noutput: out|search.rungs[0]|multiple of batchSize 2",
        "output: out|search: {method: halving, rungs: [4, 2, 5]}\\noutput: out|search.rungs[1]|above the rung",
        "output: out|search: {method: halving, rungs: [2, 4]}\\noutput: out|search.rungs|end at realizations (5)",
        "simulate: {seed: 2}}\\nzones: [GAL020_U, GAL040]|simulate: {seed: 2, piecewise: [2, 1, 1], piecewisePerZone: true}}\\nzones: [GAL020_U, GAL020]|zones|disjoint",
    })
    void badValuesGiveOneLineErrorsNamingTheKey(String from, String to, String key, String words) {
        String yaml = VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertFalse(yaml.equals(VALID), "the test edit must apply: " + from);
        ConfigException e = assertThrows(ConfigException.class, () -> StudyLoader.parse(yaml, "study.yaml"));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().startsWith("study.yaml: study key '" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void foregroundsDefaultToPysmD1s1AndEnterTheFitIdentity() {
        Study d1 = StudyLoader.parse(VALID, "valid");
        assertEquals("d1s1", d1.sky().simulate().foregrounds());
        Study toy = StudyLoader.parse(VALID.replace("simulate: {seed: 2}", "simulate: {seed: 2, foregrounds: gaussian}"), "t");
        assertFalse(d1.fitIdentity().equals(toy.fitIdentity()), "another sky makes other units");
        // above nside 64 the user's own templates are accepted
        Study big = StudyLoader.parse(VALID.replace("nside: 16", "nside: 128")
                .replace("simulate: {seed: 2}", "simulate: {seed: 2, templates: mine.fits}"), "t");
        assertEquals("mine.fits", big.sky().simulate().templates());
    }

    /** The paper's Table 4: nside 0 is one patch; mask entries are fitted on whole masks, one per mask and name. */
    @Test
    void multiResolutionTakesZeroAndWholeMaskBaselines() {
        String table4 = VALID.replace("zones: [GAL020_U, GAL040]", "zones: [GAL020_U, GAL020_L, GAL040_U, GAL040_L]")
                .replace("multiResolution: [[4, 2, 1]]", "multiResolution: [[4, 0, 1], {nside: [16, 0, 2], mask: GAL020}, "
                        + "{nside: [16, 4, 2], mask: GAL040}, {nside: [8, 0, 0], mask: GAL020, name: coarse}, "
                        + "{nside: [8, 2, 0], mask: GAL040, name: coarse}]");
        Study s = StudyLoader.parse(table4, "t");
        assertTrue(s.configurations().contains(new Configuration(Configuration.Method.MULTIRES, 4, 0, 1)));
        assertEquals(List.of("GAL020_U", "GAL020_L", "GAL040_U", "GAL040_L", "GAL020", "GAL040"), s.unitZones());
        assertEquals(List.of("multires_16_0_2", "multires_8_0_0"),
                s.zoneConfigurations().get("GAL020").stream().map(Configuration::id).toList());
        assertEquals(4 * s.configurations().size() * 3 + 4 * 3, s.unitIds().size());
        ConfigException e = assertThrows(ConfigException.class, () -> StudyLoader.parse(table4
                .replace(", {nside: [8, 2, 0], mask: GAL040, name: coarse}", ""), "t"));
        assertEquals("grid.multiResolution", e.key());
        assertTrue(e.getMessage().contains("baseline coarse covers [GAL020] but the zones lie in [GAL020, GAL040]"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> StudyLoader.parse(table4.replace("name: coarse}]", "name: coarse}, "
                + "{nside: [4, 4, 4], mask: GAL040}]"), "t"));
        assertTrue(e.getMessage().contains("two entries for GAL040"), e.getMessage());
    }

    @Test
    void selectionIsTheSection6Rule() {
        Study s = StudyLoader.parse(VALID.replace("output: out", "selection: {topN: 4, systematicMax: 0.05}\noutput: out"), "t");
        assertEquals(new SelectionRule(Metric.SPATIAL_VARIANCE, 4, 0.05), s.selection());
        assertEquals("lowest systematic_over_lensing <= 0.0500000 among the 4 best by spatial_variance",
                s.selection().describe());
        assertEquals(Metric.CL_BB_SUM, StudyLoader.parse(VALID.replace("output: out", "metric: cl_bb_sum\noutput: out"),
                "t").metric());
    }

    @Test
    void halvingHasRungsEndingAtTheRealizationsAndItsOwnUnitIdentity() {
        String halving = VALID.replace("realizations: 5", "realizations: 40").replace("output: out",
                "search: {method: halving}\noutput: out");
        Study s = StudyLoader.parse(halving, "t");
        assertTrue(s.search().halving());
        // the batch size, then four times more (keep 0.25) in whole batches, then all
        assertEquals(List.of(2, 8, 32, 40), s.search().rungs());
        assertEquals(0.25, s.search().keep());
        assertEquals(1.0, s.search().sigmas());
        Study exhaustive = StudyLoader.parse(VALID.replace("realizations: 5", "realizations: 40"), "t");
        assertFalse(exhaustive.search().halving());
        assertFalse(exhaustive.fitIdentity().equals(s.fitIdentity()), "halving's batch 0 has no systematic fit");
        Study otherCut = StudyLoader.parse(halving.replace("{method: halving}", "{method: halving, keep: 0.5, sigmas: 2}"), "t");
        assertEquals(s.fitIdentity(), otherCut.fitIdentity(), "rungs and keep only decide which units exist");
        // every batch of every configuration, and one systematic unit per configuration of a study zone
        assertEquals(exhaustive.unitIds().size() + 2 * s.configurations().size(), s.unitIds().size());
        assertTrue(s.unitIds().contains("GAL040/single/sys"));
    }

    @Test
    void anEmptyFileSaysSo() {
        for (String empty : new String[] {"", "# only a comment\n\n"}) {
            UserException e = assertThrows(UserException.class, () -> StudyLoader.parse(empty, "empty.yaml"));
            assertEquals("empty.yaml: the study file is empty: start from conf/quickstart.yaml", e.getMessage());
        }
    }

    @Test
    void brokenYamlNamesTheLine() {
        UserException e = assertThrows(UserException.class,
                () -> StudyLoader.parse("name: 'unterminated\nseed: 1\n", "bad.yaml"));
        assertTrue(e.getMessage().startsWith("bad.yaml: not valid YAML at line"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
