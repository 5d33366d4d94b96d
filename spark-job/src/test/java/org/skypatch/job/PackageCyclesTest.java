package org.skypatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * spark-job's packages follow the pipeline (error, study, sky, fit, results, grid and estimate, run, cli): each
 * imports only packages below it, so no two packages import each other, directly or through others. The
 * dependencies are read from the sources: imports, static imports and fully qualified names.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "org", "skypatch", "job");
    private static final Pattern REFERENCE = Pattern.compile("org\\.skypatch\\.job\\.([a-z]+)\\.");

    @Test
    void sparkJobHasNoPackageCycle() {
        Map<String, Set<String>> graph = dependencies(SOURCES);
        assertTrue(graph.keySet().containsAll(List.of("error", "study", "sky", "fit", "results", "grid", "estimate", "run", "cli")),
                "packages found: " + graph.keySet());
        assertEquals(List.of(), cycle(graph), "a package cycle in spark-job (each imports the next): " + graph);
        assertEquals(Set.of(), graph.get("error"), "error is the bottom floor");
        assertEquals(Set.of("error"), graph.get("study"), "study is the floor above it");
    }

    @Test
    void theScanFindsACycleWhereThereIsOne() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
                "d", Set.of("a")));
        assertEquals(List.of("a", "b", "c", "a"), cycle(graph));
        graph.put("c", Set.of());
        assertEquals(List.of(), cycle(graph));
    }

    /** Package -> the other skypatch.job packages its sources name. */
    static Map<String, Set<String>> dependencies(Path root) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(f).replaceFirst("package [\\w.]+;", ""));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** A cycle as its packages in order (first repeated at the end), or an empty list when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            List<String> found = cycleFrom(start, graph, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> cycleFrom(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done) {
        int at = path.indexOf(node);
        if (at >= 0) {
            List<String> loop = new ArrayList<>(path.subList(at, path.size()));
            loop.add(node);
            return loop;
        }
        if (done.contains(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> found = cycleFrom(next, graph, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        done.add(node);
        return List.of();
    }
}
