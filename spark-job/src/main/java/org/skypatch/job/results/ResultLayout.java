package org.skypatch.job.results;

/**
 * Where everything of a study lives under its output folder (local path, hdfs:// or s3a:// URI).
 * Each table is a Parquet folder; {@link #TABLES} lists those the {@code sql} command registers.
 */
public record ResultLayout(String root) {
    /** Table names, each a Parquet folder of that name under the root. */
    public static final String[] TABLES = {"units", "zones", "rankings", "best", "spectra", "likelihood", "r_estimates",
        "r_realizations", "halving", "best_realizations", "r_beta_d"};

    public ResultLayout {
        root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String table(String name) {
        return root + "/" + name;
    }

    public String units() {
        return table("units");
    }

    /**
     * Each run's Spark jobs write unit files in a folder of their own under this one; they move into
     * {@link #units()} once the job has succeeded.
     */
    public String staging() {
        return root + "/_staging";
    }

    /** Where damaged files are moved, in the layout they had under the root, rather than deleted. */
    public String quarantine() {
        return root + "/_quarantine";
    }

    /** The lock file of the run that writes the folder ({@link ResultsLock}). */
    public String lock() {
        return root + "/_lock";
    }

    public String studyJson() {
        return root + "/_study.json";
    }

    public String summaryJson() {
        return root + "/summary.json";
    }

    public String pictures() {
        return root + "/pictures";
    }
}
