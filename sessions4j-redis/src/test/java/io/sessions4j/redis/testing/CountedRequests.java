package io.sessions4j.redis.testing;

import io.sessions4j.SessionConfig;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.tck.TckExchange;
import java.time.Duration;
import java.util.Map;

/** Requests through the real engine over one store, each with the Redis commands it cost the server. */
public final class CountedRequests {
    private final CommandStats stats;
    private final SessionStore store;

    public CountedRequests(CommandStats stats, SessionStore store) {
        this.stats = stats;
        this.store = store;
    }

    /** An engine over the store, with a 30-minute cookie and the given {@code touchAfter}. */
    public SessionManager engine(Duration touchAfter) {
        return SessionManager.create(SessionConfig.builder()
                .secrets("round trip secret, long enough to be a real one")
                .cookie(c -> c.maxAge(Duration.ofMinutes(30)))
                .touchAfter(touchAfter)
                .store(store)
                .build());
    }

    /**
     * Runs one request with the cookie of {@code from}, reading the counter and, when {@code write}, incrementing it.
     *
     * @return the commands the server ran for it, by name
     */
    public Map<String, Long> request(SessionManager engine, TckExchange from, boolean write) {
        Map<String, Long> before = stats.snapshot();
        try (RequestScope scope = engine.open(TckExchange.withCookieFrom(from))) {
            int views = scope.session().get("views", Integer.class).orElse(0);
            if (write) {
                scope.session().put("views", views + 1);
            }
            scope.commit();
        }
        return CommandStats.delta(before, stats.snapshot());
    }

    /** {@return the first request of a new session holding a counter, whose cookie the next requests send} */
    public static TckExchange newSession(SessionManager engine) {
        TckExchange first = TckExchange.request();
        try (RequestScope scope = engine.open(first)) {
            scope.session().put("views", 1);
            scope.commit();
        }
        return first;
    }
}
