package io.sessions4j.redis;

import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.tck.SessionStoreTck;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store TCK with the near cache on, in both instances of the two-instance tests: a cached store must keep
 * every rule of the uncached one (compare-and-set, no resurrection, locks, the principal index, expiry events).
 */
class RedisNearCacheTckTest extends SessionStoreTck {
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

    @Override
    protected SessionStore createStore() {
        return RedisStore.builder().uri(redis.uri()).prefix(TestRedis.uniquePrefix("tck-near")).nearCache(1000)
                .build();
    }

    @Override
    protected SessionStore openSecondInstance() {
        return RedisStore.builder().uri(redis.uri()).prefix(((RedisStore) store).prefix()).nearCache(1000).build();
    }

    @Override
    protected Duration expiryPrecision() {
        return Duration.ofMillis(250);
    }
}
