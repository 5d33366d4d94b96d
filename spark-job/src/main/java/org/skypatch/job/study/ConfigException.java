package org.skypatch.job.study;

import org.skypatch.job.error.UserException;

/** A study file error, with a one-line message naming the key (e.g. {@code grid.kmeans.betaDust[1]}). */
public final class ConfigException extends UserException.BadInput {
    private final String key;

    public ConfigException(String key, String problem) {
        super("study key '" + key + "': " + problem);
        this.key = key;
    }

    /** The same error, prefixed with the file it is in. */
    public ConfigException(String source, ConfigException e) {
        super(source + ": " + e.getMessage());
        this.key = e.key;
    }

    public String key() {
        return key;
    }
}
