package io.sessions4j.peers;

import jakarta.servlet.Filter;
import java.util.Optional;

/**
 * What a variant puts in front of the servlet: a filter (none for {@code jetty-none} and {@code jetty-native},
 * whose sessions are the context's own), and what to close when the server stops (connections, pools, a Spring
 * context).
 *
 * @param filter the session filter mapped to every request, if any
 * @param closer closes what the layer opened, after Jetty stopped
 */
record SessionLayer(Optional<Filter> filter, AutoCloseable closer) {
    static SessionLayer none() {
        return new SessionLayer(Optional.empty(), () -> { });
    }

    static SessionLayer of(Filter filter, AutoCloseable closer) {
        return new SessionLayer(Optional.of(filter), closer);
    }
}
