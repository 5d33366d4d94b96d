package org.skypatch.job.error;

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

    /** A study file, option or input file that cannot be used. */
    public static class BadInput extends UserException {
        public BadInput(String message) {
            super(message);
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
