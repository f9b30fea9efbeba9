package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class BootRedisUriTest {

    @Test
    void withNothingSetItIsBootsDefaultLocalhost() {
        assertThat(BootRedisUri.of(new MockEnvironment())).isEqualTo(new BootRedisUri("redis://localhost:6379/0", false));
    }

    @Test
    void theUrlWinsOverHostAndPort() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.data.redis.url", "rediss://h:1/2")
                .withProperty("spring.data.redis.host", "ignored");
        assertThat(BootRedisUri.of(env).uri()).isEqualTo("rediss://h:1/2");
    }

    @Test
    void hostPortCredentialsDatabaseAndSslMakeTheUri() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.data.redis.host", "cache.internal")
                .withProperty("spring.data.redis.port", "6380").withProperty("spring.data.redis.username", "app")
                .withProperty("spring.data.redis.password", "p@ss word").withProperty("spring.data.redis.database", "3")
                .withProperty("spring.data.redis.ssl.enabled", "true");
        BootRedisUri uri = BootRedisUri.of(env);
        assertThat(uri.uri()).isEqualTo("rediss://app:p%40ss%20word@cache.internal:6380/3");
        assertThat(uri.toString()).isEqualTo("rediss://***@cache.internal:6380/3");
    }

    @Test
    void sentinelAndClusterNodesBecomeTheirUris() {
        MockEnvironment sentinel = new MockEnvironment().withProperty("spring.data.redis.sentinel.master", "mymaster")
                .withProperty("spring.data.redis.sentinel.nodes", "s1:26379,s2:26379");
        assertThat(BootRedisUri.of(sentinel)).isEqualTo(
                new BootRedisUri("redis-sentinel://s1:26379,s2:26379/0#mymaster", false));
        MockEnvironment cluster = new MockEnvironment().withProperty("spring.data.redis.cluster.nodes", "c1:7000,c2:7001");
        assertThat(BootRedisUri.of(cluster)).isEqualTo(new BootRedisUri("redis://c1:7000,c2:7001", true));
    }
}
