package org.skypatch.job.error;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An error in what the user gave or where the results go, not in skypatch: the command line prints its
 * message as one line, without a stack trace, and exits with code 2. Every message names the fix. Anything
 * else that escapes a command is a bug and is printed with its trace (as GATK separates UserException
 * from the rest).
 */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first line of a message that is not blank ("" for none): Spark's messages go on with plans and carets. */
    static String firstLine(String message) {
        return String.valueOf(message).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    /** A study file, option or input file that cannot be used. */
    public static class BadInput extends UserException {
        public BadInput(String message) {
            super(message);
        }
    }

    /** No space left where the results go (a full disk, an HDFS quota): found in the causes of any failure. */
    public static final class DiskFull extends UserException {
        private static final Pattern SIGNS = Pattern.compile("No space left on device|QuotaExceeded|DiskOutOfSpace");

        private DiskFull(Throwable cause) {
            super("no space left for the results (" + cause.getClass().getSimpleName() + ": "
                    + firstLine(cause.getMessage()) + "): free some space or choose another output "
                    + "folder, then run the same command again; what it committed is kept", cause);
        }

        /** The disk-full error among the causes of a failure, if one is there. */
        public static Optional<DiskFull> in(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (SIGNS.matcher(t.getClass().getSimpleName() + " " + t.getMessage()).find()) {
                    return Optional.of(new DiskFull(t));
                }
            }
            return Optional.empty();
        }
    }

    /** A query that Spark SQL rejects (a typo, an unknown table or column, a failed cast). */
    public static final class BadSql extends UserException {
        /** @param sparkError Spark's error, whose first line names its condition and the place in the query */
        public BadSql(Throwable sparkError, String tables) {
            super("the query failed: " + firstLine(sparkError.getMessage()) + " (tables: " + tables + ")", sparkError);
        }
    }

    /** A results folder that cannot be written, is in use by another run, or holds other results. */
    public static final class BadOutput extends UserException {
        public BadOutput(String message) {
            super(message);
        }

        public BadOutput(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
