package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.SessionStores;
import io.sessions4j.redis.testing.RedisClusterProcesses;
import io.sessions4j.redis.testing.RedisProcess;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Expiry events from the expiry index (no keyspace notifications): after a restart and a flush, for keys
 * other clients wrote or deleted, the options; and the delay from a session's expiry to its event on
 * standalone Redis and Cluster, recorded (printed as {@code [expiry-event-delay]}, not asserted: it is the
 * poll interval's business).
 */
class ExpiryEventsTest {

    private static StoredSession record(String principal, Duration lifetime) {
        String owner = principal == null ? "" : ",\"__sessions4j\":{\"principal\":\"" + principal + "\"}";
        return new StoredSession("{\"cookie\":{\"originalMaxAge\":null,\"httpOnly\":true,\"path\":\"/\"}" + owner + "}",
                Instant.now().plus(lifetime).truncatedTo(ChronoUnit.MILLIS), principal);
    }

    private static <T> T raw(String uri, Function<StatefulRedisConnection<String, String>, T> f) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return f.apply(c);
        } finally {
            client.shutdown();
        }
    }

    /** Five sessions expiring 300 ms apart; the delay of each event after the expiry that was written. */
    static List<Long> delays(RedisStore store) {
        Map<String, Instant> expiries = new ConcurrentHashMap<>();
        List<Long> delays = new CopyOnWriteArrayList<>();
        assertThat(store.addExpiryListener((id, last) -> {
            Instant written = expiries.get(id);
            if (written != null) {
                delays.add(Duration.between(written, Instant.now()).toMillis());
            }
        })).isTrue();
        for (int i = 0; i < 5; i++) {
            StoredSession r = record("user" + i + "@example.com", Duration.ofMillis(500 + 300L * i));
            expiries.put("timed-" + i, r.expires());
            store.set("timed-" + i, r);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> delays.size() >= 5);
        return delays;
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnStandalone {
        TestRedis redis;

        @BeforeAll
        void start() {
            redis = TestRedis.externalOrOwned();
        }

        @AfterAll
        void stop() {
            redis.close();
        }

        RedisStore store(String prefix, Duration poll) {
            return RedisStore.builder().uri(redis.uri()).prefix(prefix).expiryPollInterval(poll).build();
        }

        @Test
        void theDelayFromExpiryToEventIsRecorded() {
            String prefix = TestRedis.uniquePrefix("expiry-delay");
            try (RedisStore store = store(prefix, Duration.ofSeconds(1))) {
                List<Long> delays = delays(store);
                System.out.println("[expiry-event-delay] Redis standalone expiryPollInterval=1s delays(ms)=" + delays);
                assertThat(delays).allMatch(d -> d >= 0);
                store.clear();
            }
        }

        @Test
        void aSessionOnlyAnotherClientWroteIsNotReportedButOneItDeletedIs() {
            String prefix = TestRedis.uniquePrefix("expiry-foreign");
            Set<String> reported = ConcurrentHashMap.newKeySet();
            try (RedisStore store = store(prefix, Duration.ofMillis(200))) {
                store.addExpiryListener((id, last) -> reported.add(id));
                // connect-redis writes with SET ... EX and deletes with DEL: neither touches the expiry index.
                raw(redis.uri(), c -> c.sync().set(prefix + "node-only", "{\"cookie\":{}}", SetArgs.Builder.px(300)));
                store.set("deleted-by-node", record(null, Duration.ofMillis(600)));
                raw(redis.uri(), c -> c.sync().del(prefix + "deleted-by-node"));
                store.set("control", record(null, Duration.ofMillis(900)));
                await().atMost(Duration.ofSeconds(20)).until(() -> reported.contains("control"));
                assertThat(reported).contains("deleted-by-node").doesNotContain("node-only");
                store.clear();
            }
        }

        @Test
        void aStoreWithExpiryEventsOffWritesNoIndexAndSaysSo() {
            String prefix = TestRedis.uniquePrefix("expiry-off");
            try (SessionStore store = SessionStores.open(redis.uri(), Map.of("prefix", prefix,
                    "expiryPollInterval", "0"))) {
                assertThat(store.addExpiryListener((id, last) -> { })).isFalse();
                store.set("a", record("alice", Duration.ofMinutes(1)));
                store.set("b", record(null, Duration.ofMinutes(1)));
                assertThat(ExpiryEventsTest.<Long>raw(redis.uri(), c -> c.sync().exists(ExpiryIndex.keyFor(prefix)))).isZero();
                store.clear();
            }
        }

        @Test
        void aNegativePollIntervalIsRefusedByName() {
            assertThatThrownBy(() -> RedisStore.builder().uri(redis.uri()).expiryPollInterval(Duration.ofSeconds(-1))
                    .build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiryPollInterval");
            assertThatThrownBy(() -> SessionStores.open(redis.uri(), Map.of("expiryPollInterval", "soon")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiryPollInterval");
        }

        @Test
        void clearRemovesTheIndexAndPrefixesWithBracesShareOneSlot() {
            assertThat(ExpiryIndex.keyFor("sess:")).isEqualTo("sessions4j-expiry:{sess:}");
            assertThat(ExpiryIndex.keyFor("")).startsWith("sessions4j-expiry:{").doesNotContain("{}");
            assertThat(ExpiryIndex.keyFor("a{b}")).doesNotContain("a{b}");
            String prefix = TestRedis.uniquePrefix("expiry-clear");
            try (RedisStore store = store(prefix, Duration.ofHours(1))) {
                store.set("a", record("alice", Duration.ofMinutes(1)));
                String key = ExpiryIndex.keyFor(prefix);
                assertThat(ExpiryEventsTest.<Long>raw(redis.uri(), c -> c.sync().zcard(key))).isEqualTo(1);
                assertThat(ExpiryEventsTest.<String>raw(redis.uri(), c -> c.sync().hget(key + ":principals", "a"))).isEqualTo("alice");
                store.clear();
                assertThat(ExpiryEventsTest.<Long>raw(redis.uri(), c -> c.sync().exists(key, key + ":principals"))).isZero();
            }
        }
    }

    /**
     * A server this class owns (append-only, fsync always), killed with SIGKILL: sessions that expired while it
     * was down are reported once it is back, with their principals, and the index ends empty (no orphans); after
     * a {@code FLUSHALL} there is nothing left to report and new sessions are reported again.
     */
    @Nested
    class AcrossARestart {
        @Test
        void sessionsThatExpiredWhileRedisWasDownAreReportedAndTheIndexEndsEmpty() throws InterruptedException {
            String prefix = "expiry-restart:";
            try (RedisProcess redis = RedisProcess.startDurable()) {
                Map<String, String> reported = new ConcurrentHashMap<>();
                RedisStore store = RedisStore.builder().uri(redis.uri()).prefix(prefix)
                        .commandTimeout(Duration.ofSeconds(1)).expiryPollInterval(Duration.ofMillis(200)).build();
                try {
                    store.addExpiryListener((id, last) -> reported.put(id,
                            String.valueOf(last.orElseThrow().principal())));
                    store.set("short-alice", record("alice", Duration.ofMillis(1500)));
                    store.set("short-anonymous", record(null, Duration.ofMillis(1500)));
                    store.set("long-bob", record("bob", Duration.ofMinutes(10)));
                    redis.kill();
                    Thread.sleep(2500);
                    redis.start();
                    await().atMost(Duration.ofSeconds(20)).until(redis::answersPing);
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> reported.keySet().containsAll(Set.of("short-alice", "short-anonymous")));
                    assertThat(reported).containsEntry("short-alice", "alice").containsEntry("short-anonymous", "null")
                            .doesNotContainKey("long-bob");
                    String key = ExpiryIndex.keyFor(prefix);
                    assertThat(ExpiryEventsTest.<List<String>>raw(redis.uri(), c -> c.sync().zrange(key, 0, -1))).containsExactly("long-bob");
                    assertThat(ExpiryEventsTest.<List<String>>raw(redis.uri(), c -> c.sync().hkeys(key + ":principals"))).containsExactly("long-bob");
                    store.destroy("long-bob");
                    assertThat(ExpiryEventsTest.<Long>raw(redis.uri(), c -> c.sync().exists(key, key + ":principals")))
                            .as("the last destroy leaves no index keys").isZero();

                    raw(redis.uri(), c -> c.sync().flushall());
                    store.set("after-flush", record("carol", Duration.ofMillis(500)));
                    await().atMost(Duration.ofSeconds(20)).until(() -> reported.containsKey("after-flush"));
                    assertThat(reported).containsEntry("after-flush", "carol");
                    // The drain reports, then removes, then releases its lock: nothing is left behind.
                    await().atMost(Duration.ofSeconds(10)).until(() -> ExpiryEventsTest.<Long>raw(redis.uri(), c -> c.sync().dbsize()) == 0);
                } finally {
                    store.close();
                }
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnCluster {
        RedisClusterProcesses cluster;

        @BeforeAll
        void start() {
            cluster = RedisClusterProcesses.start();
        }

        @AfterAll
        void stop() {
            if (cluster != null) {
                cluster.close();
            }
        }

        @Test
        void theDelayFromExpiryToEventIsRecorded() {
            try (RedisStore store = RedisStore.builder().uri(cluster.uri()).cluster(true)
                    .prefix(TestRedis.uniquePrefix("cluster-expiry-delay")).build()) {
                List<Long> delays = delays(store);
                System.out.println("[expiry-event-delay] Redis Cluster expiryPollInterval=1s delays(ms)=" + delays);
                assertThat(delays).allMatch(d -> d >= 0);
                store.clear();
            }
        }
    }
}
