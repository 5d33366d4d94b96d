package org.skypatch.gpu;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where a GPU batch's time goes, for the device check: each phase is timed after waiting for the
 * device, so measuring slows the batch a little (one synchronisation per phase).
 */
final class GpuTimings {
    enum Phase { BATCH_UPLOAD, SED, MOMENTS, OUTPUTS, DOWNLOAD, HOST }

    private final Map<Phase, Long> nanos = new EnumMap<>(Phase.class);
    int evaluations;
    long downloadedBytes;

    synchronized void add(Phase phase, long ns) {
        nanos.merge(phase, ns, Long::sum);
    }

    synchronized double seconds(Phase phase) {
        return nanos.getOrDefault(phase, 0L) * 1e-9;
    }
}
