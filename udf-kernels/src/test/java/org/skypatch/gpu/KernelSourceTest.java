package org.skypatch.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.nvptxcompiler.JNvPTXCompiler;
import jcuda.nvptxcompiler.nvPTXCompilerHandle;
import jcuda.nvptxcompiler.nvPTXCompileResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The committed kernels without a GPU: the PTX is the one tools/build-ptx.sh makes from the
 * committed .cu, it compiles to A100 (sm_80) and H100 (sm_90) machine code with the PTX compiler
 * bundled in JCuda's natives (no driver needed), and the .cu agrees with the host's layout constants.
 */
class KernelSourceTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = GpuSession.class.getResourceAsStream(name)) {
            assertTrue(in != null, name + " is not on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void ptxIsBuiltFromTheCommittedSource() throws IOException, NoSuchAlgorithmException {
        String cu = resource("spectral_likelihood.cu");
        String ptx = resource("spectral_likelihood.ptx");
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(cu.getBytes(StandardCharsets.UTF_8)));
        String first = ptx.lines().findFirst().orElse("");
        assertEquals("// skypatch-source-sha256: " + hash, first,
                "spectral_likelihood.ptx is stale or edited by hand: run tools/build-ptx.sh and commit both files");
        assertTrue(ptx.contains(".version 8.0"), "PTX ISA 8.0 (NVRTC 12.0), which every CUDA 12 driver loads");
        for (String kernel : GpuSession.KERNELS) {
            assertTrue(ptx.contains(".entry " + kernel + "("), kernel + " is exported with an extern \"C\" name");
        }
    }

    @Test
    void kernelConstantsMatchTheHostLayout() throws IOException {
        String cu = resource("spectral_likelihood.cu");
        assertEquals(TupleLayout.CHUNK, define(cu, "CHUNK"));
        assertEquals(TupleLayout.MOMENTS, define(cu, "MOMENTS"));
        assertEquals(TupleLayout.OUTPUTS, define(cu, "OUTPUTS"));
        assertEquals(TupleLayout.BAND_ROWS, define(cu, "RJ_TO_CMB") + 1, "band table rows");
    }

    private static int define(String cu, String name) {
        Matcher m = Pattern.compile("#define " + name + " (\\d+)").matcher(cu);
        assertTrue(m.find(), "#define " + name + " in spectral_likelihood.cu");
        return Integer.parseInt(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sm_80", "sm_90"})
    void ptxCompilesToMachineCode(String arch) {
        byte[] ptx = GpuSession.ptx();
        nvPTXCompilerHandle handle = new nvPTXCompilerHandle();
        assertEquals(nvPTXCompileResult.NVPTXCOMPILE_SUCCESS,
                JNvPTXCompiler.nvPTXCompilerCreate(handle, ptx.length - 1, ptx));
        try {
            int rc = JNvPTXCompiler.nvPTXCompilerCompile(handle, 2, new String[] {"--gpu-name=" + arch, "--verbose"});
            assertEquals(nvPTXCompileResult.NVPTXCOMPILE_SUCCESS, rc,
                    () -> "ptxas for " + arch + ": " + log(handle, true));
            long[] size = new long[1];
            JNvPTXCompiler.nvPTXCompilerGetCompiledProgramSize(handle, size);
            byte[] cubin = new byte[(int) size[0]];
            JNvPTXCompiler.nvPTXCompilerGetCompiledProgram(handle, cubin);
            String elf = new String(cubin, StandardCharsets.ISO_8859_1);
            assertTrue(elf.startsWith("\u007fELF"), "a cubin is an ELF file");
            for (String kernel : GpuSession.KERNELS) {
                assertTrue(elf.contains(kernel), kernel + " is in the " + arch + " cubin");
            }
            String info = log(handle, false);
            // register spills to local memory would slow every pixel: the kernels must not spill
            assertTrue(!info.matches("(?s).*[1-9]\\d* bytes spill (stores|loads).*"), info);
        } finally {
            JNvPTXCompiler.nvPTXCompilerDestroy(handle);
        }
    }

    @Test
    void launchArgumentsMatchTheKernelSignatures() throws IOException {
        // the batch's launches on the model device, each argument list against the PTX .entry
        String ptx = resource("spectral_likelihood.ptx");
        Map<String, List<String>> launched = new HashMap<>();
        ModelCuda device = new ModelCuda() {
            @Override
            public int launch(jcuda.driver.CUfunction f, String name, int blocks, int threads, KernelArgs args) {
                launched.put(name, args.ptxTypes());
                return super.launch(f, name, blocks, threads, args);
            }
        };
        BatchFixture fx = new BatchFixture();
        try (GpuSession session = new GpuSession(device, 0);
             GpuBatch batch = new GpuBatch(session, fx.problem, fx.engine, fx.batch.subList(0, 1), null)) {
            batch.evaluate(new int[] {0}, 1, fx.point(0), true);
            batch.components(new int[] {0}, 1, fx.point(0));
        }
        assertEquals(Set.of(GpuSession.KERNELS), launched.keySet());
        for (String kernel : GpuSession.KERNELS) {
            assertEquals(entryParameters(ptx, kernel), launched.get(kernel), kernel);
        }
    }

    /** The PTX types of a kernel's parameters, in order. */
    private static List<String> entryParameters(String ptx, String kernel) {
        int start = ptx.indexOf(".entry " + kernel + "(");
        assertTrue(start >= 0, kernel + " in the PTX");
        String params = ptx.substring(start, ptx.indexOf(')', start));
        List<String> types = new ArrayList<>();
        Matcher m = Pattern.compile("\\.param \\.(\\w+) ").matcher(params);
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    @Test
    void theCompilerRejectsBrokenPtx() {
        // the check above is only worth something if a kernel error fails it
        String broken = new String(GpuSession.ptx(), StandardCharsets.US_ASCII).replace("ret;", "rett;");
        byte[] ptx = broken.getBytes(StandardCharsets.US_ASCII);
        nvPTXCompilerHandle handle = new nvPTXCompilerHandle();
        JNvPTXCompiler.nvPTXCompilerCreate(handle, ptx.length - 1, ptx);
        try {
            int rc = JNvPTXCompiler.nvPTXCompilerCompile(handle, 1, new String[] {"--gpu-name=sm_80"});
            assertTrue(rc != nvPTXCompileResult.NVPTXCOMPILE_SUCCESS, "broken PTX compiled");
            assertTrue(log(handle, true).contains("rett"), log(handle, true));
        } finally {
            JNvPTXCompiler.nvPTXCompilerDestroy(handle);
        }
    }

    private static String log(nvPTXCompilerHandle handle, boolean error) {
        long[] size = new long[1];
        if (error) {
            JNvPTXCompiler.nvPTXCompilerGetErrorLogSize(handle, size);
        } else {
            JNvPTXCompiler.nvPTXCompilerGetInfoLogSize(handle, size);
        }
        byte[] text = new byte[(int) Math.max(size[0], 1)];
        if (error) {
            JNvPTXCompiler.nvPTXCompilerGetErrorLog(handle, text);
        } else {
            JNvPTXCompiler.nvPTXCompilerGetInfoLog(handle, text);
        }
        return new String(text, StandardCharsets.UTF_8).trim();
    }
}
