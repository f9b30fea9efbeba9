/**
 * {@link io.sessions4j.redis.RedisStore}, on Lettuce; opened by {@code SessionStores.open("redis://...")} through
 * its {@link io.sessions4j.spi.SessionStoreProvider}.
 */
// Lettuce has only an Automatic-Module-Name; its types are part of RedisStore.Builder's API.
@SuppressWarnings("requires-transitive-automatic")
module io.sessions4j.redis {
    requires transitive io.sessions4j.core;
    requires transitive lettuce.core;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports io.sessions4j.redis;

    provides io.sessions4j.spi.SessionStoreProvider with io.sessions4j.redis.RedisStoreProvider;
}
