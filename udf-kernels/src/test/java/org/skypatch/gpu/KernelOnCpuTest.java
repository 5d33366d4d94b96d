package org.skypatch.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skypatch.likelihood.FitOptions;

/**
 * The real spectral_likelihood.cu, compiled for the CPU by g++ (tools/cu-on-cpu/harness.cpp, one
 * loop iteration per CUDA thread, -ffp-contract=off as the PTX's -fmad=false), run on the very
 * launches a lockstep fit makes on the model device, against {@link KernelModel}: the kernels after
 * sed_tables give identical bits, sed_tables agrees to the libm's last bits. This is what makes a
 * first run on a GPU test only the GPU. Skipped without g++.
 */
class KernelOnCpuTest {
    private static final Path GPU_RESOURCES = Path.of("src/main/resources/org/skypatch/gpu");
    private static final Path HARNESS = Path.of("../tools/cu-on-cpu/harness.cpp");

    /** One launch as recorded: its argument file and the model's output. */
    private record Launch(String kernel, Path file, byte[] modelOutput) {
    }

    @Test
    void theRealKernelsOnTheCpuGiveTheModelsResults(@TempDir Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("g++"), "no g++ on PATH: the .cu cannot be compiled for the CPU here");
        Path exe = dir.resolve("harness");
        run(dir, "g++", "-std=c++17", "-O2", "-ffp-contract=off", "-I", GPU_RESOURCES.toAbsolutePath().toString(),
                HARNESS.toAbsolutePath().toString(), "-o", exe.toString());
        List<Launch> launches = new ArrayList<>();
        ModelCuda device = new ModelCuda() {
            @Override
            public int launch(CUfunction f, String name, int blocks, int threads, KernelArgs args) {
                // the first evaluations (full, then tuple gradients only) and the components: every kernel
                if (launches.size() >= 6 && !name.equals("reconstruct_components")) {
                    return super.launch(f, name, blocks, threads, args);
                }
                Path file = dir.resolve("launch-" + launches.size() + "-" + name + ".bin");
                write(file, name, blocks, threads, args);
                int rc = super.launch(f, name, blocks, threads, args);
                launches.add(new Launch(name, file, bytes(args.bufferAt(args.ptxTypes().size() - 1))));
                return rc;
            }

            private void write(Path file, String name, int blocks, int threads, KernelArgs args) {
                try (OutputStream raw = Files.newOutputStream(file);
                     DataOutputStream out = new DataOutputStream(raw)) {
                    List<String> types = args.ptxTypes();
                    ByteBuffer header = ByteBuffer.allocate(4 + name.length() + 12).order(ByteOrder.LITTLE_ENDIAN);
                    header.putInt(name.length()).put(name.getBytes()).putInt(blocks).putInt(threads).putInt(types.size());
                    out.write(header.array());
                    for (int i = 0; i < types.size(); i++) {
                        ByteBuffer v = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
                        switch (types.get(i)) {
                            case "u32" -> out.write(v.put((byte) 'i').putInt(args.intAt(i)).array(), 0, 5);
                            case "f64" -> out.write(v.put((byte) 'd').putDouble(args.doubleAt(i)).array(), 0, 9);
                            default -> {
                                byte[] b = bytes(args.bufferAt(i));
                                out.write(v.put((byte) 'b').putLong(b.length).array(), 0, 9);
                                out.write(b);
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        BatchFixture fx = new BatchFixture();
        try (GpuSession session = new GpuSession(device, 0)) {
            Backend.fitOnGpu(session, fx.engine, fx.problem, fx.batch, FitOptions.defaults(), null);
        }
        List<String> files = new ArrayList<>();
        files.add(exe.toString());
        launches.forEach(l -> files.add(l.file().toString()));
        run(dir, files.toArray(new String[0]));
        Map<String, Integer> kernels = new LinkedHashMap<>();
        for (Launch l : launches) {
            byte[] cpu = Files.readAllBytes(Path.of(l.file() + ".out"));
            kernels.merge(l.kernel(), 1, Integer::sum);
            if (l.kernel().equals("sed_tables")) {
                double worst = worstRelative(l.modelOutput(), cpu);
                assertTrue(worst < 1e-14, "sed_tables: g++'s libm against Java's, worst relative difference " + worst);
            } else {
                assertArrayEquals(l.modelOutput(), cpu, l.kernel() + " (" + l.file().getFileName() + ") bit for bit");
            }
        }
        assertEquals(4, kernels.size(), "every kernel was run: " + kernels);
    }

    private static double worstRelative(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        java.nio.DoubleBuffer x = ByteBuffer.wrap(a).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        java.nio.DoubleBuffer y = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        double worst = 0;
        for (int i = 0; i < x.capacity(); i++) {
            double d = Math.abs(x.get(i) - y.get(i));
            worst = Math.max(worst, d == 0 ? 0 : d / Math.max(Math.abs(x.get(i)), 1e-300));
        }
        return worst;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
    }
}
