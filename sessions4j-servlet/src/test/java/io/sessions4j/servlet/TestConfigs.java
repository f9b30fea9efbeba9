package io.sessions4j.servlet;

import io.sessions4j.SessionConfig;
import io.sessions4j.spi.SessionStore;

/** Configurations the servlet tests share. */
final class TestConfigs {
    static final String SECRET = "a test secret that is long enough to sign cookies";

    private TestConfigs() {
    }

    static SessionConfig.Builder with(SessionStore store) {
        return SessionConfig.builder().secrets(SECRET).store(store);
    }
}
