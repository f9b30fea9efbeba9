package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.SessionConfig;
import io.sessions4j.UserSession;
import io.sessions4j.redis.testing.RedisProcess;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The principal index across a Redis restart, on a server this test owns (append-only file, fsync always,
 * killed with SIGKILL): sessions that expired while Redis was down leave the index without a sweep, and a
 * principal whose sessions all expired leaves no key behind.
 */
class PrincipalIndexRestartTest {
    private static final String PREFIX = "principals-restart:";
    private RedisProcess redis;
    private RedisStore store;

    @BeforeEach
    void start() {
        redis = RedisProcess.startDurable();
        store = RedisStore.builder().uri(redis.uri()).prefix(PREFIX).commandTimeout(Duration.ofSeconds(1)).build();
    }

    @AfterEach
    void stop() {
        store.close();
        redis.close();
    }

    private static StoredSession session(String principal, Duration lifetime) {
        return new StoredSession("{\"cookie\":{\"originalMaxAge\":null,\"httpOnly\":true,\"path\":\"/\"},"
                + "\"__sessions4j\":{\"created\":" + System.currentTimeMillis() + ",\"principal\":\"" + principal
                + "\"}}", Instant.now().plus(lifetime).truncatedTo(ChronoUnit.MILLIS), principal);
    }

    private long indexSize(String principal) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            String key = RedisStore.PRINCIPAL_NAMESPACE + PREFIX + "{" + principal + "}";
            return c.sync().exists(key) == 0 ? -1 : c.sync().zcard(key);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theIndexConvergesAfterARestartWithNoOrphans() throws InterruptedException {
        store.set("alice-short-1", session("alice", Duration.ofMillis(1500)));
        store.set("alice-short-2", session("alice", Duration.ofMillis(1500)));
        store.set("alice-long", session("alice", Duration.ofMinutes(10)));
        store.set("bob-short", session("bob", Duration.ofMillis(1500)));
        store.set("gone", session("alice", Duration.ofMinutes(10)));
        store.destroy("gone");
        assertThat(indexSize("alice")).isEqualTo(3);

        redis.kill();
        Thread.sleep(2000);
        redis.start();
        await().atMost(Duration.ofSeconds(20)).until(redis::answersPing);

        SessionManager engine = SessionManager.create(SessionConfig.builder()
                .secrets("restart test secret, long enough to be a real one").store(store).build());
        // The store reconnects on its own; wait until it answers again.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> engine.userSessions().list("alice") != null);
        assertThat(engine.userSessions().list("alice")).extracting(UserSession::id).containsExactly("alice-long");
        assertThat(indexSize("alice")).as("expired members pruned by their score").isEqualTo(1);
        assertThat(indexSize("bob")).as("a principal whose sessions all expired leaves no key").isEqualTo(-1);
        assertThat(engine.userSessions().destroyAll("alice")).isEqualTo(1);
        assertThat(indexSize("alice")).as("the last destroy removes the key").isEqualTo(-1);
    }
}
