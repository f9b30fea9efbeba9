package io.sessions4j.spring.boot;

import io.sessions4j.redis.RedisStore;
import io.sessions4j.spi.SessionStore;
import java.time.Duration;

/** The only class that names {@link RedisStore}: loaded only when Redis is asked for (an optional dependency). */
final class RedisStoreFactory {
    private RedisStoreFactory() {
    }

    static SessionStore open(BootRedisUri uri, Sessions4jProperties.Redis redis, Duration bootTimeout) {
        RedisStore.Builder b = RedisStore.builder().uri(uri.uri()).cluster(uri.cluster()).prefix(redis.prefix())
                .nearCache(redis.nearCache());
        Duration timeout = redis.commandTimeout() != null ? redis.commandTimeout() : bootTimeout;
        if (timeout != null) {
            b.commandTimeout(timeout);
        }
        return b.build();
    }
}
