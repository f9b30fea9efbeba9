package io.sessions4j.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.redis.RedisStore;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionStore;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The flows on Redis: SESSIONS4J_REDIS_URI when set, else a Redis this test starts; keys under its own prefix. */
class RedisStoreFlowTest extends LoginFlowContract {
    private static TestRedis redis;
    private static ExampleApp app;
    private static String prefix;

    @BeforeAll
    static void start() {
        redis = TestRedis.externalOrOwned();
        prefix = TestRedis.uniquePrefix("spring-boot");
        app = ExampleApp.start(Map.of("sessions4j.store", redis.uri(), "sessions4j.redis.prefix", prefix));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.context().getBean(SessionStore.class).clear();
            app.close();
        }
        redis.close();
    }

    @Override
    ExampleApp app() {
        return app;
    }

    @Test
    void sessionsAreInRedisUnderTheConfiguredPrefix() {
        WebClient browser = new WebClient();
        browser.login(app.base(), "ann", "ann-password", false);
        RedisStore store = (RedisStore) app.context().getBean(SessionStore.class);
        assertThat(store.prefix()).isEqualTo(prefix);
        assertThat(store.length()).isPositive();
    }
}
