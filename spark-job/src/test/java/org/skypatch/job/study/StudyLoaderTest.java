package org.skypatch.job.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void gridIsTheProductOfTheListsPlusBaselines() {
        Study s = StudyLoader.parse(VALID, "valid");
        assertEquals(2 * 1 * 2 + 1 + 1, s.configurations().size());
        assertEquals(new Configuration(Configuration.Method.KMEANS, 4, 2, 3), s.configurations().get(3));
        assertEquals("multires_4_2_1", s.configurations().get(4).id());
        assertEquals("single", s.configurations().get(5).id());
        assertEquals(3, s.batchesPerConfiguration());
        assertEquals(Backend.AUTO, s.backend());
        assertEquals(Metric.SIGMA2_CMB, s.metric());
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
        "output: out|backend: tpu\\noutput: out|backend|cpu, gpu or auto",
        "output: out|metric: speed\\noutput: out|metric|not a metric",
        "seed: 1|seed: 1\\nfit: {maxIterations: 1.5}|fit.maxIterations|Integer",
        "sky: {nside: 16, simulate: {seed: 2}}|sky: {nside: 16}|sky|exactly one",
        "seed: 1|seed: 1\\ninstrument: {bands: []}|instrument.bands|non-empty",
        "name: t\\n|\\n|name|required key is missing",
        "seed: 1|seed: 1\\nfit: {start: [1.5, 20]}|fit.start|three numbers",
        "seed: 1|seed: 1\\nfit: {lower: [0.5, 50, -7]}|fit|lower <= upper",
        "simulate: {seed: 2}|simulate: {seed: 2, piecewisePerZone: true}|sky.simulate.piecewisePerZone|needs sky.simulate.piecewise",
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
