package io.sessions4j.micrometer;

import io.sessions4j.spi.HttpExchange;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.tck.TckExchange;

/** One request at a time through the adapter SPI, as the servlet filter drives it, with the cookie it set. */
final class Requests {
    private final SessionManager engine;

    Requests(SessionManager engine) {
        this.engine = engine;
    }

    /** Stores a session and returns the {@code name=value} pair of its cookie. */
    String login() {
        TckExchange ex = TckExchange.request();
        try (RequestScope scope = engine.open(ex)) {
            scope.session().put("user", "alice");
            scope.finish();
        }
        String header = ex.setCookie().orElseThrow(() -> new AssertionError("the login set no cookie"));
        return header.substring(0, header.indexOf(';'));
    }

    void read(String cookie) {
        try (RequestScope scope = engine.open(exchange(cookie))) {
            scope.session().get("user");
            scope.finish();
        }
    }

    void change(String cookie) {
        try (RequestScope scope = engine.open(exchange(cookie))) {
            scope.session().put("views", 2);
            scope.finish();
        }
    }

    /** A request carrying {@code cookie} ({@code name=value}, or none when null), for a test that drives the scope itself. */
    HttpExchange exchange(String cookie) {
        return cookie == null ? TckExchange.request() : TckExchange.withCookieHeader(cookie);
    }
}
