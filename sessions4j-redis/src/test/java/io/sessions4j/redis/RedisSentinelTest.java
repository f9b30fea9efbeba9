package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.sessions4j.SessionStores;
import io.sessions4j.redis.testing.RedisClusterProcesses;
import io.sessions4j.redis.testing.RedisProcess;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store opened from a {@code redis-sentinel://} URI follows the master through a failover: a master, a
 * replica and a Sentinel, all owned by this test, then {@code SENTINEL FAILOVER}.
 */
class RedisSentinelTest {
    private RedisProcess master;
    private RedisProcess replica;
    private RedisProcess sentinel;

    @BeforeEach
    void start() {
        Path binary = RedisProcess.systemOrEmbeddedBinary();
        master = RedisProcess.start(binary, RedisProcess.freePort(false), List.of());
        replica = RedisProcess.start(binary, RedisProcess.freePort(false),
                List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
        sentinel = RedisProcess.startSentinel(binary, "mymaster", master.port());
    }

    @AfterEach
    void stop() {
        for (RedisProcess p : new RedisProcess[] {sentinel, replica, master}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void theStoreFollowsTheMasterThroughAFailover() {
        String uri = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster";
        try (SessionStore store = SessionStores.open(uri, Map.of("prefix", "sentinel:"))) {
            Instant later = Instant.now().plusSeconds(300);
            store.set("before", new StoredSession("{\"n\":1}", later));
            assertThat(store.get("before").orElseThrow().json()).isEqualTo("{\"n\":1}");
            // replication is asynchronous: wait until the replica has the record before promoting it
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> "{\"n\":1}".equals(RedisClusterProcesses.run(replica, c -> c.get("sentinel:before"))));

            RedisClient admin = RedisClient.create("redis://127.0.0.1:" + sentinel.port());
            try (var c = admin.connectSentinel()) {
                assertThat(c.sync().failover("mymaster")).isEqualTo("OK");
            } finally {
                admin.shutdown();
            }
            // A server changing role drops its client connections: a reset while polling is part of the wait.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> RedisClusterProcesses.run(replica, c -> c.info("replication"))
                            .contains("role:master"));
            // Until Sentinel has turned the old master into a replica it still accepts writes, which the
            // resync then discards: Redis's asynchronous failover, not the store's doing. Wait it out.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> RedisClusterProcesses.run(master, c -> c.info("replication"))
                            .contains("role:slave"));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .untilAsserted(() -> {
                        store.set("after", new StoredSession("{\"n\":2}", later));
                        assertThat(store.replace("before", "{\"n\":1}", new StoredSession("{\"n\":3}", later)))
                                .isTrue();
                    });
            String onPromoted = RedisClusterProcesses.run(replica, c -> c.get("sentinel:after"));
            assertThat(onPromoted).as("written to the promoted replica").isEqualTo("{\"n\":2}");
            assertThat(store.get("before").orElseThrow().json()).isEqualTo("{\"n\":3}");
            store.clear();
        }
    }

    /**
     * With the near cache on: Sentinel drops the clients of the servers it reconfigures, so the tracking
     * connection's disconnect empties the cache, and a write on the promoted master is what the next read sees.
     */
    @Test
    void theNearCacheIsEmptiedByAFailoverAndReadsTheNewMaster() {
        String uri = "redis-sentinel://127.0.0.1:" + sentinel.port() + "?nearCache=100#mymaster";
        try (SessionStore store = SessionStores.open(uri, Map.of("prefix", "sentinel:"))) {
            RedisStore redis = (RedisStore) store;
            Instant later = Instant.now().plusSeconds(300);
            String before = "{\"cookie\":{\"originalMaxAge\":300000,\"path\":\"/\"},\"n\":1}";
            store.set("cached", new StoredSession(before, later));
            assertThat(store.get("cached").orElseThrow().json()).isEqualTo(before);
            assertThat(redis.servesFromNearCache("cached")).isTrue();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> before.equals(RedisClusterProcesses.run(replica, c -> c.get("sentinel:cached"))));

            RedisClient admin = RedisClient.create("redis://127.0.0.1:" + sentinel.port());
            try (var c = admin.connectSentinel()) {
                assertThat(c.sync().failover("mymaster")).isEqualTo("OK");
            } finally {
                admin.shutdown();
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> RedisClusterProcesses.run(master, c -> c.info("replication"))
                            .contains("role:slave"));
            assertThat(redis.servesFromNearCache("cached")).as("emptied by the failover's disconnect").isFalse();

            String after = before.replace("\"n\":1", "\"n\":2");
            RedisClusterProcesses.run(replica, c -> c.set("sentinel:cached", after));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(store.get("cached").orElseThrow().json()).isEqualTo(after));
            store.clear();
        }
    }
}
