package org.skypatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kubernetes and Docker settings cannot be exercised here (no API server, no Docker daemon): check the
 * images' paths against what conf/kubernetes/submit.sh passes (run against a fake spark-submit) and
 * conf/spark-gpu.conf, and run conf/gpu-discovery.sh against a fake nvidia-smi.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..");
    private static final String JAR = "spark-job/target/skypatch-job.jar";
    private static final String LOG4J_OPTION = "spark.driver.extraJavaOptions=-Dlog4j.configurationFile=";

    @TempDir
    Path tmp;

    @Test
    void podTemplateNamesTheContainerSparkPatches() throws IOException {
        JsonNode pod = podTemplate();
        assertEquals("Pod", pod.get("kind").asText());
        assertEquals("spark-kubernetes-container", pod.get("spec").get("containers").get(0).get("name").asText());
        assertEquals(185, pod.get("spec").get("securityContext").get("runAsUser").asInt());
    }

    @Test
    void imagesAndSubmitScriptsUseSpark401AndTheCli() throws Exception {
        for (String dockerfile : List.of("docker/Dockerfile", "docker/Dockerfile.gpu")) {
            String text = Files.readString(ROOT.resolve(dockerfile));
            assertTrue(text.contains("FROM apache/spark:4.0.1-scala2.13-java17-ubuntu"), dockerfile);
        }
        List<String> args = submit(Map.of(), "https://k8s:6443", "img", "s3a://b/out");
        assertEquals("org.skypatch.job.cli.SkypatchCli", args.get(args.indexOf("--class") + 1));
        String yarn = Files.readString(ROOT.resolve("conf/yarn/submit.sh"));
        assertTrue(yarn.contains("--master yarn --deploy-mode cluster"));
    }

    /** The jar, the default study and the log4j file submit.sh names are where each image puts them. */
    @ParameterizedTest
    @ValueSource(strings = {"docker/Dockerfile", "docker/Dockerfile.gpu"})
    void imageHoldsWhatSubmitScriptNames(String dockerfile) throws Exception {
        List<String> args = submit(Map.of(), "https://k8s:6443", "img", "s3a://b/out");
        Map<String, String> copies = copies(dockerfile);
        String jar = args.stream().filter(a -> a.startsWith("local://")).findFirst().orElseThrow();
        assertEquals(jar.substring("local://".length()), copies.get(JAR), dockerfile + " " + copies);

        String confDir = copies.get("conf/");
        assertNotNull(confDir, dockerfile + " copies no conf/: " + copies);
        String study = args.get(args.indexOf("run") + 1);
        String log4j = args.stream().filter(a -> a.startsWith(LOG4J_OPTION)).findFirst().orElseThrow()
                .substring(LOG4J_OPTION.length());
        for (String inImage : List.of(study, log4j)) {
            assertTrue(inImage.startsWith(confDir), inImage + " is not under " + confDir);
            assertTrue(Files.isRegularFile(ROOT.resolve("conf").resolve(inImage.substring(confDir.length()))), inImage);
        }
        // The pod template mounts an emptyDir where the image's Spark writes scratch files.
        String localDirs = null;
        for (JsonNode setting : podTemplate().get("spec").get("containers").get(0).get("env")) {
            if (setting.get("name").asText().equals("SPARK_LOCAL_DIRS")) {
                localDirs = setting.get("value").asText();
            }
        }
        assertNotNull(localDirs);
        assertEquals(localDirs, env(dockerfile).get("SPARK_LOCAL_DIRS"), dockerfile);
    }

    @Test
    void discoveryScriptIsWhereSparkGpuConfLooksAndKubernetesDoesNotMount() throws IOException {
        String script = sparkGpuConf().getProperty("spark.executor.resource.gpu.discoveryScript");
        assertEquals(script, copies("docker/Dockerfile.gpu").get("conf/gpu-discovery.sh"));
        // Spark on Kubernetes mounts its conf ConfigMap over SPARK_HOME/conf on driver and executors.
        assertFalse(script.startsWith("/opt/spark/conf/"), script);
        assertTrue(instructions("docker/Dockerfile.gpu").stream()
                .anyMatch(i -> i.startsWith("RUN chmod ") && List.of(i.split(" ")).contains(script)),
                "Dockerfile.gpu makes it executable");
        assertTrue(Files.isExecutable(ROOT.resolve("conf/gpu-discovery.sh")));
    }

    @Test
    void cudaNumbersDevicesInPciBusOrderLikeNvidiaSmi() throws IOException {
        assertEquals("PCI_BUS_ID", env("docker/Dockerfile.gpu").get("CUDA_DEVICE_ORDER"));
        assertEquals("PCI_BUS_ID", sparkGpuConf().getProperty("spark.executorEnv.CUDA_DEVICE_ORDER"));
    }

    @Test
    void submitScriptPassesExtraOptionsBeforeTheJar() throws Exception {
        List<String> plain = submit(Map.of(), "https://k8s:6443", "img", "s3a://b/out");
        assertFalse(plain.contains(""), "no empty argument without SKYPATCH_SUBMIT_OPTS: " + plain);
        assertEquals(List.of("local:///opt/spark/work-dir/skypatch-job.jar", "run",
                "/opt/spark/work-dir/conf/validation.yaml", "--output", "s3a://b/out", "--no-report"),
                plain.subList(plain.size() - 6, plain.size()));

        List<String> gpu = submit(Map.of("SKYPATCH_SUBMIT_OPTS", "--verbose  --conf spark.x=1"),
                "https://k8s:6443", "img-gpu", "s3a://b/out", "/opt/spark/work-dir/conf/quickstart.yaml");
        int jar = gpu.indexOf("local:///opt/spark/work-dir/skypatch-job.jar");
        int properties = Collections.indexOfSubList(gpu, List.of("--verbose", "--conf", "spark.x=1"));
        assertTrue(properties >= 0 && properties < jar, gpu.toString());
        assertEquals("/opt/spark/work-dir/conf/quickstart.yaml", gpu.get(jar + 2));
        assertTrue(gpu.contains("spark.kubernetes.container.image=img-gpu"));
    }

    /**
     * Both submit scripts pass conf/spark-defaults.conf with the SKYPATCH_PROPERTIES files layered on it (a
     * later key wins), below their own --conf options; YARN retries a lost driver once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"conf/kubernetes/submit.sh", "conf/yarn/submit.sh"})
    void submitScriptsLoadSparkDefaultsThenTheNamedPropertiesFiles(String script) throws Exception {
        String[] args = script.contains("yarn") ? new String[] {"conf/quickstart.yaml", "hdfs:///out"}
                : new String[] {"https://k8s:6443", "img", "s3a://b/out"};
        List<String> plain = submitWith(script, Map.of(), args);
        assertEquals(properties("conf/spark-defaults.conf"), load(passedProperties()), script);

        List<String> layered = submitWith(script, Map.of("SKYPATCH_PROPERTIES", "conf/s3a.conf conf/spark-gpu.conf"), args);
        Properties expected = properties("conf/spark-defaults.conf");
        expected.putAll(properties("conf/s3a.conf"));
        expected.putAll(properties("conf/spark-gpu.conf"));
        assertEquals(expected, load(passedProperties()), script);
        assertEquals("magic", load(passedProperties()).getProperty("spark.hadoop.fs.s3a.committer.name"));
        String passed = layered.get(layered.indexOf("--properties-file") + 1);
        assertFalse(Files.exists(Path.of(passed)), "the script removes its properties file: " + passed);
        assertEquals(plain.stream().filter(a -> a.startsWith("--") || !a.contains("skypatch-spark.")).toList(),
                layered.stream().filter(a -> a.startsWith("--") || !a.contains("skypatch-spark.")).toList(),
                "only the file's content changes");
        // The script's own options come after the file, so they win over it.
        assertTrue(plain.indexOf("--properties-file") < plain.indexOf("--conf"), plain.toString());
        if (script.contains("yarn")) {
            assertTrue(plain.contains("spark.yarn.maxAppAttempts=2"), plain.toString());
        }
    }

    /**
     * What conf/s3a.conf names is in the images: hadoop-aws of the Hadoop that Spark ships (a mismatch fails at
     * the first s3a:// path), spark-hadoop-cloud of this Spark and Scala, each with its checksum, into the
     * stage whose /opt/spark the image keeps.
     */
    @ParameterizedTest
    @ValueSource(strings = {"docker/Dockerfile", "docker/Dockerfile.gpu"})
    void imagesCarryS3aJarsOfThisSparkAndItsHadoop(String dockerfile) throws IOException {
        List<String> instructions = instructions(dockerfile);
        List<String> sparkStage = instructions.subList(0, instructions.stream().skip(1).filter(i -> i.startsWith("FROM "))
                .findFirst().map(i -> instructions.indexOf(i)).orElse(instructions.size()));
        assertTrue(sparkStage.get(0).startsWith("FROM apache/spark:"), sparkStage.get(0));
        if (sparkStage.size() < instructions.size()) {
            assertTrue(instructions.contains("COPY --from=spark /opt/spark /opt/spark"), dockerfile);
        }
        Map<String, String> jars = new LinkedHashMap<>();
        for (String instruction : sparkStage) {
            if (instruction.startsWith("ADD ")) {
                List<String> words = List.of(instruction.split(" "));
                assertEquals("/opt/spark/jars/", words.get(words.size() - 1), instruction);
                assertTrue(words.stream().anyMatch(w -> w.matches("--checksum=sha256:[0-9a-f]{64}")), instruction);
                String url = words.get(words.size() - 2);
                String[] path = url.split("/");
                jars.put(path[path.length - 3], path[path.length - 2]);
            }
        }
        String scalaVersion = scala.util.Properties.versionNumberString().replaceAll("^(\\d+\\.\\d+).*", "$1");
        assertEquals(org.apache.hadoop.util.VersionInfo.getVersion(), jars.get("hadoop-aws"), dockerfile + " " + jars);
        assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), jars.get("spark-hadoop-cloud_" + scalaVersion),
                dockerfile + " " + jars);
        assertNotNull(jars.get("bundle"), "the AWS SDK v2 bundle hadoop-aws needs: " + jars);

        Properties s3a = properties("conf/s3a.conf");
        for (String className : List.of(s3a.getProperty("spark.sql.sources.commitProtocolClass"),
                s3a.getProperty("spark.sql.parquet.output.committer.class"))) {
            assertTrue(className.startsWith("org.apache.spark.internal.io.cloud."), className);
        }
        assertTrue(s3a.getProperty("spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a")
                .startsWith("org.apache.hadoop.fs.s3a.commit."));
    }

    @Test
    void discoveryScriptListsOnlyNvidiaSmiIndices() throws Exception {
        assertEquals(List.of("0", "1"), discover("printf '0\\n1\\n'"));
        assertEquals(List.of(), discover("echo 'No devices were found'; exit 6"));
        assertEquals(List.of(), discover("echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"; exit 9"));
        assertEquals(List.of(), discover(null));
    }

    /** Runs conf/gpu-discovery.sh with only a fake nvidia-smi (running {@code body}; none if null) on PATH. */
    private List<String> discover(String body) throws Exception {
        Path bin = Files.createTempDirectory(tmp, "bin");
        if (body != null) {
            executable(bin.resolve("nvidia-smi"), "#!/bin/sh\n" + body + "\n");
        }
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("conf/gpu-discovery.sh").toString());
        builder.environment().clear();
        builder.environment().put("PATH", bin.toString());  // also hides a real nvidia-smi on a GPU machine
        String out = run(builder);
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals("gpu", json.get("name").asText(), out);
        List<String> addresses = new ArrayList<>();
        for (JsonNode address : json.get("addresses")) {
            assertTrue(address.isTextual(), out);  // Spark reads addresses as strings
            addresses.add(address.asText());
        }
        return addresses;
    }

    /** The arguments conf/kubernetes/submit.sh hands to spark-submit, one per element. */
    private List<String> submit(Map<String, String> env, String... args) throws Exception {
        return submitWith("conf/kubernetes/submit.sh", env, args);
    }

    /**
     * The arguments a submit script hands to spark-submit, one per element; the properties file it passes is
     * copied to {@link #passedProperties} (the script removes it when spark-submit ends).
     */
    private List<String> submitWith(String script, Map<String, String> env, String... args) throws Exception {
        Path sparkHome = Files.createTempDirectory(tmp, "spark");
        Files.createDirectories(sparkHome.resolve("bin"));
        executable(sparkHome.resolve("bin/spark-submit"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n"
                + "while [ $# -gt 0 ]; do [ \"$1\" = --properties-file ] && cp \"$2\" " + passedProperties() + "; shift; done\n");
        List<String> command = new ArrayList<>(List.of("bash", ROOT.toAbsolutePath().normalize().resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toAbsolutePath().normalize().toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SKYPATCH_"));
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().putAll(env);
        return run(builder).lines().toList();
    }

    private Path passedProperties() {
        return tmp.resolve("passed.properties").toAbsolutePath();
    }

    private String run(ProcessBuilder builder) throws Exception {
        Path stderr = Files.createTempFile(tmp, "stderr", ".txt");
        Process process = builder.redirectError(stderr.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), builder.command() + ": " + Files.readString(stderr));
        return out;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static JsonNode podTemplate() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("conf/kubernetes/pod-template.yaml").toFile());
    }

    private static Properties sparkGpuConf() throws IOException {
        return properties("conf/spark-gpu.conf");
    }

    private static Properties properties(String file) throws IOException {
        return load(ROOT.resolve(file));
    }

    private static Properties load(Path file) throws IOException {
        Properties conf = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            conf.load(reader);
        }
        return conf;
    }

    /** A Dockerfile's instructions, comment lines dropped and continuation lines joined. */
    private static List<String> instructions(String dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(ROOT.resolve(dockerfile))) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            boolean continued = line.endsWith("\\");
            current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                String instruction = current.toString().strip().replaceAll("\\s+", " ");
                if (!instruction.isEmpty()) {
                    instructions.add(instruction);
                }
                current.setLength(0);
            }
        }
        return instructions;
    }

    /** Source to destination of each COPY from the build context (not from another stage). */
    private static Map<String, String> copies(String dockerfile) throws IOException {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String instruction : instructions(dockerfile)) {
            List<String> words = List.of(instruction.split(" "));
            if (!words.get(0).equals("COPY") || instruction.contains("--from=")) {
                continue;
            }
            List<String> paths = words.subList(1, words.size()).stream().filter(w -> !w.startsWith("--")).toList();
            for (String source : paths.subList(0, paths.size() - 1)) {
                copies.put(source, paths.get(paths.size() - 1));
            }
        }
        return copies;
    }

    /** The image's ENV settings (KEY=VALUE form). */
    private static Map<String, String> env(String dockerfile) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : instructions(dockerfile)) {
            if (instruction.startsWith("ENV ")) {
                for (String setting : instruction.substring(4).split(" ")) {
                    int eq = setting.indexOf('=');
                    env.put(setting.substring(0, eq), setting.substring(eq + 1));
                }
            }
        }
        return env;
    }
}
