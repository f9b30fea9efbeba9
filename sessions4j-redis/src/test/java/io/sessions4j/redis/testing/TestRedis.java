package io.sessions4j.redis.testing;

import java.util.UUID;

/**
 * The Redis a test class runs against: the server named by {@code SESSIONS4J_REDIS_URI} when set (CI points
 * it at the machine's Redis 7 service; tests then never stop or flush it and touch only keys under their own
 * {@link #uniquePrefix}), otherwise a server this test class starts and owns. Close it in {@code @AfterAll}.
 */
public final class TestRedis implements AutoCloseable {
    public static final String URI_ENV = "SESSIONS4J_REDIS_URI";

    private final String uri;
    private final RedisProcess owned;

    private TestRedis(String uri, RedisProcess owned) {
        this.uri = uri;
        this.owned = owned;
    }

    /** The machine's Redis from the environment, or a fresh owned one. */
    public static TestRedis externalOrOwned() {
        String env = System.getenv(URI_ENV);
        if (env != null && !env.isBlank()) {
            return new TestRedis(env.trim(), null);
        }
        return owned();
    }

    /** Always a server of this test's own (needed to stop it, or to count its commands). */
    public static TestRedis owned() {
        RedisProcess p = RedisProcess.startDurable();
        return new TestRedis(p.uri(), p);
    }

    public String uri() {
        return uri;
    }

    public boolean isOwned() {
        return owned != null;
    }

    /** The owned server; fails for an external one. */
    public RedisProcess process() {
        if (owned == null) {
            throw new IllegalStateException("this test does not own its Redis server");
        }
        return owned;
    }

    /** A key prefix no other test run uses, so a shared server is only ever touched under it. */
    public static String uniquePrefix(String what) {
        return "sessions4j-test:" + what + ":" + UUID.randomUUID() + ":";
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String toString() {
        return (owned != null ? "owned " : "external ") + uri;
    }
}
