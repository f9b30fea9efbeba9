package io.sessions4j.peers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The session libraries compared, each behind the same {@link CounterServlet}. */
enum Variant {
    /** No session at all: the servlet answers a constant. The floor of what Jetty costs per request. */
    JETTY_NONE(Needs.NOTHING),
    /** Jetty's own in-memory {@code SessionHandler}, default settings. */
    JETTY_NATIVE(Needs.NOTHING),
    /** Spring Session Data Redis: {@code @EnableRedisHttpSession} ({@code RedisSessionRepository}) on Lettuce. */
    SPRING_REDIS(Needs.REDIS),
    /** Spring Session JDBC: {@code @EnableJdbcHttpSession} ({@code JdbcIndexedSessionRepository}) on HikariCP. */
    SPRING_JDBC(Needs.JDBC),
    /** sessions4j's {@code SessionFilter} with the {@code MemoryStore}. */
    S4J_MEMORY(Needs.NOTHING),
    /** sessions4j's {@code SessionFilter} with the {@code RedisStore}. */
    S4J_REDIS(Needs.REDIS),
    /**
     * {@link #S4J_REDIS} with the store's opt-in near cache ({@code nearCache(10_000)}) and {@code touchAfter} of
     * one minute: the configuration in which a read-only request usually costs no Redis round trip.
     */
    S4J_REDIS_NEAR(Needs.REDIS),
    /** sessions4j's {@code SessionFilter} with the {@code JdbcStore} on HikariCP. */
    S4J_PG(Needs.JDBC),
    /** {@link #S4J_PG} with the store's opt-in {@code asynchronousCommit} (not a default: writes may be lost on a crash). */
    S4J_PG_ASYNC(Needs.JDBC);

    /** The server a variant needs an address of. */
    enum Needs { NOTHING, REDIS, JDBC }

    private final Needs needs;

    Variant(Needs needs) {
        this.needs = needs;
    }

    Needs needs() {
        return needs;
    }

    /** The command-line name, e.g. {@code s4j-redis}. */
    String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Variant of(String flag) {
        for (Variant v : values()) {
            if (v.flag().equals(flag)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + flag + "'; one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(Variant::flag).collect(Collectors.joining(", "));
    }
}
