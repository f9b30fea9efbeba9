package io.sessions4j.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing secret into Boot's start-up report: what is wrong and how to fix it, without a deep trace. */
final class MissingSecretFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecretException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSecretException cause) {
        return new FailureAnalysis(
                "sessions4j has no secret to sign session cookies with: the property sessions4j.secret is not set.",
                "Set sessions4j.secret (e.g. SESSIONS4J_SECRET env var) to a long random string, for example the "
                        + "output of 'openssl rand -base64 32'. Several secrets, comma-separated, rotate keys: the "
                        + "first signs, all verify.",
                cause);
    }
}
