package io.sessions4j.spring.example;

import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The sessions4j limit on two instances sharing one Redis (a key prefix of this test's own). */
class PrincipalLimitOnRedisTest extends PrincipalLimitContract {
    private static TestRedis redis;
    private static ExampleApp a;
    private static ExampleApp b;

    @BeforeAll
    static void start() {
        redis = TestRedis.externalOrOwned();
        Map<String, String> props = new HashMap<>(REFUSE_ONE);
        props.putAll(Map.of("sessions4j.store", "redis", "spring.data.redis.url", redis.uri(),
                "sessions4j.redis.prefix", TestRedis.uniquePrefix("spring-boot-limit")));
        a = ExampleApp.start(props);
        b = ExampleApp.start(props);
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.context().getBean(SessionStore.class).clear();
            a.close();
        }
        if (b != null) {
            b.close();
        }
        redis.close();
    }

    @Override
    List<ExampleApp> instances() {
        return List.of(a, b);
    }
}
