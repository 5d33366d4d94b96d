package org.skypatch.job.config;

/** Where the fits run. Only the CPU engine exists; auto resolves to it. */
public enum Backend {
    CPU, GPU, AUTO;

    public static Backend parse(String key, String value) {
        return switch (value) {
            case "cpu" -> CPU;
            case "gpu" -> GPU;
            case "auto" -> AUTO;
            default -> throw new ConfigException(key, "'" + value + "' is not a backend: use cpu, gpu or auto");
        };
    }
}
