package io.sessions4j.redis;

import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.tck.SessionStoreTck;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store TCK against a real standalone Redis: {@code $SESSIONS4J_REDIS_URI} when set (CI: the machine's
 * Redis 7), otherwise a Redis 6.2 server this class starts (embedded-redis binary).
 */
class RedisStoreTckTest extends SessionStoreTck {
    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.externalOrOwned();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** The options of every instance of the store under test, beyond its server and prefix: none here. */
    RedisStore.Builder configure(RedisStore.Builder builder) {
        return builder;
    }

    @Override
    protected SessionStore createStore() {
        return configure(RedisStore.builder().uri(redis.uri()).prefix(TestRedis.uniquePrefix("tck"))).build();
    }

    /** Another connection over the same prefix, as a second application instance opens it. */
    @Override
    protected SessionStore openSecondInstance() {
        return configure(RedisStore.builder().uri(redis.uri()).prefix(((RedisStore) store).prefix())).build();
    }

    @Override
    protected Duration expiryPrecision() {
        return Duration.ofMillis(250);
    }
}
