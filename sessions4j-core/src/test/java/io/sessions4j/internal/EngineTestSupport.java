package io.sessions4j.internal;

import io.sessions4j.MemoryStore;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Shared set-up for engine tests: a controllable clock, a counting memory store, one request at a time. */
abstract class EngineTestSupport {
    static final String SECRET = "keyboard cat";

    final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T19:35:34.893Z"));
    final CountingStore store = new CountingStore(MemoryStore.builder().clock(clock).build());

    SessionManager engine(UnaryOperator<SessionConfig.Builder> custom) {
        return SessionManager.create(custom.apply(SessionConfig.builder()
                .secrets(SECRET)
                .store(store)
                .clock(clock)
                .cookie(c -> c.maxAge(Duration.ofMinutes(1)))).build());
    }

    SessionManager engine() {
        return engine(b -> b);
    }

    /** Runs one request whose handler uses the session. */
    static FakeExchange request(SessionManager engine, FakeExchange exchange, Consumer<Session> handler) {
        try (RequestScope scope = engine.open(exchange)) {
            handler.accept(scope.session());
            scope.finish();
        }
        return exchange;
    }

    /** Runs one request whose handler never looks at the session. */
    static FakeExchange untouched(SessionManager engine, FakeExchange exchange) {
        try (RequestScope scope = engine.open(exchange)) {
            scope.finish();
        }
        return exchange;
    }

    /** A first request that stores a session with {@code views=1}; returns its response. */
    FakeExchange stored(SessionManager engine) {
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        store.reset();
        return first;
    }
}
