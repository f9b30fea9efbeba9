package io.sessions4j.examples;

/** A command line or environment value the demo cannot use; the message says which and why. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
