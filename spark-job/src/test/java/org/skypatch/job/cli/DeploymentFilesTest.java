package org.skypatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Kubernetes and Docker settings cannot be exercised here (no API server, no Docker daemon): check them as files. */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void podTemplateNamesTheContainerSparkPatches() throws IOException {
        JsonNode pod = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("conf/kubernetes/pod-template.yaml").toFile());
        assertEquals("Pod", pod.get("kind").asText());
        assertEquals("spark-kubernetes-container", pod.get("spec").get("containers").get(0).get("name").asText());
        assertEquals(185, pod.get("spec").get("securityContext").get("runAsUser").asInt());
    }

    @Test
    void imageAndSubmitScriptAgreeOnTheJarPath() throws IOException {
        String docker = Files.readString(ROOT.resolve("docker/Dockerfile"));
        assertTrue(docker.contains("FROM apache/spark:4.0.1-scala2.13-java17-ubuntu"), docker);
        assertTrue(docker.contains("/opt/spark/work-dir/skypatch-job.jar"));
        String submit = Files.readString(ROOT.resolve("conf/kubernetes/submit.sh"));
        assertTrue(submit.contains("local:///opt/spark/work-dir/skypatch-job.jar run"), submit);
        assertTrue(submit.contains("--class org.skypatch.job.cli.SkypatchCli"));
        String yarn = Files.readString(ROOT.resolve("conf/yarn/submit.sh"));
        assertTrue(yarn.contains("--master yarn --deploy-mode cluster"));
    }
}
