package io.sessions4j.peers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.MemoryStore;
import io.sessions4j.SessionConfig;
import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.redis.RedisStore;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spi.SessionStore;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * sessions4j's {@link SessionFilter} with library defaults (MERGE concurrency, {@code touchAfter} 0, a
 * browser-session cookie) and a fixed secret, over one of its stores, each with its builder's defaults.
 */
final class Sessions4jLayer {
    /** Fixed so that cookies stay valid across a server restart between warm-up and measurement. */
    static final String SECRET = "peer comparison secret, at least thirty-two bytes long";

    private Sessions4jLayer() {
    }

    static SessionLayer memory() {
        return filter(new MemoryStore());
    }

    static SessionLayer redis(String uri) {
        return filter(RedisStore.builder().uri(uri).build());
    }

    /**
     * The near cache's opt-in configuration: {@code RedisStore.builder().uri(...).nearCache(10_000)} and
     * {@code touchAfter} of one minute, so that a read-only request whose session is cached and whose touch is
     * not due makes no round trip.
     */
    static SessionLayer redisNear(String uri) {
        return filter(RedisStore.builder().uri(uri).nearCache(10_000).build(),
                b -> b.touchAfter(Duration.ofMinutes(1)));
    }

    /**
     * On a HikariCP pool with its defaults (10 connections), as Spring Session JDBC gets; the table is created.
     * {@code asynchronousCommit} is the store's opt-in.
     */
    static SessionLayer postgres(String jdbcUrl, boolean asynchronousCommit) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl);
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            SessionLayer layer = filter(JdbcStore.builder(pool).createTableIfMissing(true)
                    .asynchronousCommit(asynchronousCommit).build());
            // The store does not own the pool: close it after the filter closed the store.
            return SessionLayer.of(layer.filter().orElseThrow(), () -> {
                layer.closer().close();
                pool.close();
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The filter owns the store: Jetty's destroy() of the filter closes it. */
    private static SessionLayer filter(SessionStore store) {
        return filter(store, b -> b);
    }

    private static SessionLayer filter(SessionStore store, UnaryOperator<SessionConfig.Builder> custom) {
        SessionConfig config;
        try {
            config = custom.apply(SessionConfig.builder().secrets(SECRET).store(store)).build();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return SessionLayer.of(new SessionFilter(config), () -> { });
    }
}
