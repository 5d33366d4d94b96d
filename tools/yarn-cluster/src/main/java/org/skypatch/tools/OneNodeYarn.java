package org.skypatch.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A one-node YARN cluster (ResourceManager + one NodeManager in this JVM, bound to 127.0.0.1) for
 * tools/yarn-cluster-check.sh. Writes the client configuration to {@code DIR/yarn-site.xml} and
 * {@code DIR/core-site.xml} (point HADOOP_CONF_DIR at DIR), prints one line starting with "YARN ready",
 * and runs until killed. Start with {@code --add-opens=java.base/java.lang=ALL-UNNAMED} (Guice in the
 * ResourceManager's web app). Containers inherit this JVM's environment, JAVA_HOME included; their work
 * and log folders land in {@code target/test/data/} under the working directory.
 *
 * <p>Usage: {@code OneNodeYarn CONF_DIR [NODEMANAGER_MB]} (default 6144 MB offered to containers).
 */
public final class OneNodeYarn {

    private OneNodeYarn() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: OneNodeYarn CONF_DIR [NODEMANAGER_MB]");
            System.exit(2);
        }
        // A failed start leaves non-daemon threads behind and the JVM hanging: always leave with an exit code.
        try {
            Path confDir = Path.of(args[0]);
            int nodeManagerMb = args.length == 2 ? Integer.parseInt(args[1]) : 6144;
            MiniYARNCluster cluster = start(nodeManagerMb);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "stop-yarn"));
            writeClientConf(cluster.getConfig(), confDir);
            System.out.println("YARN ready: resourcemanager " + cluster.getConfig().get(YarnConfiguration.RM_ADDRESS)
                    + ", " + nodeManagerMb + " MB on 1 nodemanager, HADOOP_CONF_DIR=" + confDir.toAbsolutePath());
            System.out.flush();
            Thread.currentThread().join();
        } catch (Throwable e) {
            System.out.println("YARN failed to start: " + e);
            System.exit(1);
        }
    }

    private static MiniYARNCluster start(int nodeManagerMb) throws Exception {
        YarnConfiguration conf = new YarnConfiguration();
        // The capacity scheduler has no queue unless told: "missing child queue names for root".
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        // JVMs reserve far more virtual memory than they use; the virtual-memory check would kill executors.
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeManagerMb);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        conf.set(YarnConfiguration.RM_BIND_HOST, "127.0.0.1");
        conf.set(YarnConfiguration.NM_BIND_HOST, "127.0.0.1");
        MiniYARNCluster cluster = new MiniYARNCluster("skypatch", 1, 1, 1);
        cluster.init(conf);
        cluster.start();
        if (!cluster.waitForNodeManagersToConnect(60_000)) {
            throw new IllegalStateException("the nodemanager did not register with the resourcemanager in 60 s");
        }
        return cluster;
    }

    private static void writeClientConf(Configuration conf, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {"yarn-site.xml", "core-site.xml"}) {
            try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
                conf.writeXml(out);
            }
        }
    }
}
