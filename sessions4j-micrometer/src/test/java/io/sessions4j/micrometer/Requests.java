package io.sessions4j.micrometer;

import io.sessions4j.spi.HttpExchange;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One request at a time through the adapter SPI, as the servlet filter drives it, with the cookie it set. */
final class Requests {
    private final SessionManager engine;

    Requests(SessionManager engine) {
        this.engine = engine;
    }

    /** Stores a session and returns the {@code name=value} pair of its cookie. */
    String login() {
        Exchange ex = new Exchange(null);
        try (RequestScope scope = engine.open(ex)) {
            scope.session().put("user", "alice");
            scope.finish();
        }
        String header = ex.setCookies.get(0);
        return header.substring(0, header.indexOf(';'));
    }

    void read(String cookie) {
        try (RequestScope scope = engine.open(new Exchange(cookie))) {
            scope.session().get("user");
            scope.finish();
        }
    }

    void change(String cookie) {
        try (RequestScope scope = engine.open(new Exchange(cookie))) {
            scope.session().put("views", 2);
            scope.finish();
        }
    }

    /** A request carrying {@code cookie}, for a test that drives the scope itself. */
    HttpExchange exchange(String cookie) {
        return new Exchange(cookie);
    }

    private static final class Exchange implements HttpExchange {
        private final String cookie;
        final List<String> setCookies = new ArrayList<>();

        Exchange(String cookie) {
            this.cookie = cookie;
        }

        @Override
        public String path() {
            return "/";
        }

        @Override
        public List<String> headers(String name) {
            return name.equalsIgnoreCase("Cookie") && cookie != null ? List.of(cookie) : List.of();
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public boolean isTlsConnection() {
            return false;
        }

        @Override
        public <T> Optional<T> unwrap(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public void addHeader(String name, String value) {
            if (name.equalsIgnoreCase("Set-Cookie")) {
                setCookies.add(value);
            }
        }
    }
}
