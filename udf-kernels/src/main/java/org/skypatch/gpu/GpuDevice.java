package org.skypatch.gpu;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * Whether this JVM can run the GPU backend: CUDA device 0 through the driver API (libcuda.so.1),
 * compute capability 8.0 or newer (the kernels are PTX for compute_80). Probed once per JVM and
 * cached: a failed native load cannot be retried (a second attempt gives NoClassDefFoundError).
 *
 * @param available whether device 0 is usable
 * @param name the device's name and compute capability, or "none"
 * @param reason why it is unavailable (one line), or "" when available
 */
public record GpuDevice(boolean available, String name, String reason) {
    /** Oldest compute capability the PTX (compute_80) runs on, as major * 10 + minor. */
    static final int MIN_COMPUTE_CAPABILITY = 80;
    private static GpuDevice probed;

    /** The cached probe; never throws. */
    public static synchronized GpuDevice probe() {
        if (probed == null) {
            probed = detect();
        }
        return probed;
    }

    private static GpuDevice detect() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            if (count[0] == 0) {
                return unavailable("the CUDA driver reports no device");
            }
            CUdevice device = new CUdevice();
            JCudaDriver.cuDeviceGet(device, 0);
            byte[] raw = new byte[256];
            JCudaDriver.cuDeviceGetName(raw, raw.length, device);
            int[] major = new int[1];
            int[] minor = new int[1];
            JCudaDriver.cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
            JCudaDriver.cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
            String name = cString(raw) + " (sm_" + major[0] + minor[0] + ")";
            if (major[0] * 10 + minor[0] < MIN_COMPUTE_CAPABILITY) {
                return new GpuDevice(false, name, "device 0 is " + name + ": the kernels need compute capability 8.0+");
            }
            return new GpuDevice(true, name, "");
        } catch (Throwable t) { // UnsatisfiedLinkError, CudaException, NoClassDefFoundError: all mean "no GPU here"
            return unavailable(oneLine(t));
        }
    }

    private static GpuDevice unavailable(String reason) {
        return new GpuDevice(false, "none", reason);
    }

    /** "libX.so.N: cannot open shared object file ..." inside a native-load failure's message. */
    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("([^\\s:/]+\\.so[.\\d]*: cannot open shared object file[^\\n]*)");

    /** The informative line of a failure (JCuda's native-load messages span many lines). */
    static String oneLine(Throwable t) {
        String message = String.valueOf(t.getMessage());
        Matcher missing = MISSING_LIBRARY.matcher(message);
        String line = missing.find() ? missing.group(1) : message.lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + ": " + line.trim();
    }

    private static String cString(byte[] raw) {
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.US_ASCII);
    }
}
