package io.sessions4j.examples;

import io.sessions4j.Session;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * How the pages reach the session, so the same pages run with the session filter and without it
 * ({@code --no-session}, the baseline of the load test).
 */
interface DemoSessions {

    /** The request's session (loaded or new); empty when the server runs without sessions. */
    Optional<Session> of(HttpServletRequest request);

    /** Whether the server runs with the session filter. */
    boolean enabled();

    /** The name of the store that holds the sessions, e.g. {@code MemoryStore}. */
    String storeName();

    /** Sessions from {@link SessionFilter}, kept in the store of this name. */
    static DemoSessions filter(String storeName) {
        return new DemoSessions() {
            @Override
            public Optional<Session> of(HttpServletRequest request) {
                return Optional.of(SessionFilter.session(request));
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String storeName() {
                return storeName;
            }
        };
    }

    /** No sessions at all. */
    static DemoSessions none() {
        return new DemoSessions() {
            @Override
            public Optional<Session> of(HttpServletRequest request) {
                return Optional.empty();
            }

            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public String storeName() {
                return "none";
            }
        };
    }
}
