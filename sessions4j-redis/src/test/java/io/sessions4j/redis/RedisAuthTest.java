package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.SessionStoreException;
import io.sessions4j.SessionStores;
import io.sessions4j.redis.testing.RedisProcess;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A password-protected Redis with an ACL user (Redis 6+), owned by this test: credentials from the URI. */
class RedisAuthTest {
    private static RedisProcess redis;

    @BeforeAll
    static void start() {
        redis = RedisProcess.start(RedisProcess.embeddedBinary(), RedisProcess.freePort(false), List.of(
                "--requirepass", "default-pass-123",
                "--user", "sessions", "on", ">app-pass-456", "~sess:*", "+@all",
                "--user", "events", "on", ">events-pass-789", "~sess:*", "~sessions4j-expiry:*", "+@all"));
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aPasswordInTheUriAuthenticates() {
        try (SessionStore store = SessionStores.open("redis://:default-pass-123@127.0.0.1:" + redis.port())) {
            store.set("a", new StoredSession("{}", Instant.now().plusSeconds(60)));
            assertThat(store.get("a")).isPresent();
            store.destroy("a");
        }
    }

    @Test
    void anAclUserLimitedToTheSessionKeysIsEnoughWithExpiryEventsOff() {
        try (SessionStore store = SessionStores.open("redis://sessions:app-pass-456@127.0.0.1:" + redis.port(),
                Map.of("prefix", "sess:acl:", "expiryPollInterval", "0"))) {
            store.set("b", new StoredSession("{\"v\":1}", Instant.now().plusSeconds(60)));
            assertThat(store.replace("b", "{\"v\":1}", new StoredSession("{\"v\":2}", Instant.now().plusSeconds(60))))
                    .isTrue();
            assertThat(store.length()).isEqualTo(1);
            store.clear();
            assertThat(store.length()).isZero();
        }
    }

    @Test
    void anAclUserWithoutTheExpiryIndexKeysFailsAtBuildNamingThem() {
        assertThatThrownBy(() -> SessionStores.open("redis://sessions:app-pass-456@127.0.0.1:" + redis.port(),
                Map.of("prefix", "sess:acl:")))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("~sessions4j-expiry:*")
                .hasMessageContaining("expiryPollInterval=0")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("app-pass-456"));
    }

    @Test
    void anAclUserWithTheExpiryIndexKeysGetsExpiryEvents() {
        try (SessionStore store = SessionStores.open("redis://events:events-pass-789@127.0.0.1:" + redis.port(),
                Map.of("prefix", "sess:events:", "expiryPollInterval", "200ms"))) {
            java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
            assertThat(store.addExpiryListener((id, last) -> reported.add(id))).isTrue();
            store.set("short", new StoredSession("{}", Instant.now().plusMillis(300)));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> reported.contains("short"));
            store.clear();
        }
    }

    @Test
    void aWrongPasswordFailsAtBuildWithoutEchoingIt() {
        assertThatThrownBy(() -> SessionStores.open("redis://sessions:not-the-password@127.0.0.1:" + redis.port()))
                .isInstanceOf(SessionStoreException.class)
                .satisfies(e -> {
                    assertThat(((SessionStoreException) e).operation()).isEqualTo("connect");
                    assertThat(e.getMessage()).doesNotContain("not-the-password");
                });
    }
}
