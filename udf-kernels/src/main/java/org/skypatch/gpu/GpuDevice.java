package org.skypatch.gpu;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether this JVM can run the GPU backend on a CUDA device: the probe opens the device's
 * {@link GpuSession} (driver version, compute capability 8.0+, primary context, the kernels' module
 * compiled by the driver), so a device that would fail at the first batch is found here and
 * {@code backend: auto} falls back to the CPU. Probed once per device and JVM and cached: a failed
 * native load cannot be retried (a second attempt gives NoClassDefFoundError).
 *
 * @param available whether the device is usable
 * @param name the device's description ("NVIDIA H200 (sm_90, ...)"), or "none"
 * @param reason why it is unavailable (one line), or "" when available
 */
public record GpuDevice(boolean available, String name, String reason) {
    private static final Map<Integer, GpuDevice> PROBED = new HashMap<>();
    private static CudaApi api;

    /** Device 0's cached probe; never throws. */
    public static GpuDevice probe() {
        return probe(0);
    }

    /** The cached probe of CUDA device ordinal (as numbered under CUDA_DEVICE_ORDER); never throws. */
    public static synchronized GpuDevice probe(int ordinal) {
        return PROBED.computeIfAbsent(ordinal, GpuDevice::detect);
    }

    private static GpuDevice detect(int ordinal) {
        try {
            return new GpuDevice(true, GpuSession.shared(ordinal).description, "");
        } catch (Throwable t) { // UnsatisfiedLinkError, CudaFailure, NoClassDefFoundError: all mean "not here"
            return new GpuDevice(false, "none", oneLine(t));
        }
    }

    /** The JCuda driver bindings, loaded once. */
    static synchronized CudaApi api() {
        if (api == null) {
            api = new JCudaApi();
        }
        return api;
    }

    /** "libX.so.N: cannot open shared object file ..." inside a native-load failure's message. */
    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("([^\\s:/]+\\.so[.\\d]*: cannot open shared object file[^\\n]*)");

    /** The informative line of a failure (JCuda's native-load messages span many lines). */
    static String oneLine(Throwable t) {
        String message = String.valueOf(t.getMessage());
        Matcher missing = MISSING_LIBRARY.matcher(message);
        String line = missing.find() ? missing.group(1) : message.lines().findFirst().orElse("");
        return t instanceof IllegalStateException ? line.trim() : t.getClass().getSimpleName() + ": " + line.trim();
    }
}
