package io.sessions4j.redis;

/**
 * The store TCK with the near cache on, in both instances of the two-instance tests: a cached store must keep
 * every rule of the uncached one (compare-and-set, no resurrection, locks, the principal index, expiry events).
 */
class RedisNearCacheTckTest extends RedisStoreTckTest {
    @Override
    RedisStore.Builder configure(RedisStore.Builder builder) {
        return builder.nearCache(1000);
    }
}
