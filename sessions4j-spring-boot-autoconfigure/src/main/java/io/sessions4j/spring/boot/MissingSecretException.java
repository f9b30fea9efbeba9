package io.sessions4j.spring.boot;

/** No {@code sessions4j.secret}: the context cannot start; {@link MissingSecretFailureAnalyzer} explains it. */
final class MissingSecretException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingSecretException() {
        super("sessions4j.secret is not set: sessions4j needs a secret to sign session cookies");
    }
}
