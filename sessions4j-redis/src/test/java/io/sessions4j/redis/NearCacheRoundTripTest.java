package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.redis.testing.CommandStats;
import io.sessions4j.redis.testing.CountedRequests;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.tck.TckExchange;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Round trips per request with the near cache on, counted by the Redis server itself ({@code INFO commandstats}
 * on a server this test owns), as {@link RoundTripTest} counts them without it. The near cache's heartbeat
 * ({@code CLIENT ID}) is connection upkeep and not counted.
 */
class NearCacheRoundTripTest {
    private static TestRedis redis;
    private static CommandStats stats;
    private static RedisStore store;
    private static CountedRequests requests;

    @BeforeAll
    static void start() throws InterruptedException {
        redis = TestRedis.owned();
        stats = new CommandStats(redis.uri());
        store = RedisStore.builder().uri(redis.uri()).expiryPollInterval(Duration.ofHours(1)).nearCache(100).build();
        requests = new CountedRequests(stats, store);
        // Steady state: the first call of each script after a (re)start is EVALSHA -> NOSCRIPT -> EVAL.
        SessionManager engine = requests.engine(Duration.ofMillis(50));
        TckExchange first = CountedRequests.newSession(engine);
        requests.request(engine, first, false);
        requests.request(engine, first, true);
        Thread.sleep(120);
        requests.request(engine, first, false);
        store.get("warm-up");
        store.touch("warm-up", java.time.Instant.now().plusSeconds(60));
    }

    @AfterAll
    static void stop() {
        store.close();
        stats.close();
        redis.close();
    }




    @Test
    void aCachedReadOnlyRequestWhoseTouchIsNotDueSendsNoCommand() {
        SessionManager engine = requests.engine(Duration.ofMinutes(1));
        TckExchange first = CountedRequests.newSession(engine);
        // The first read fills the cache: the read script, through the tracking connection.
        assertThat(requests.request(engine, first, false)).containsExactlyInAnyOrderEntriesOf(
                Map.of("evalsha", 1L, "get", 1L, "pttl", 1L, "exists", 1L));
        for (int i = 0; i < 10; i++) {
            assertThat(requests.request(engine, first, false)).as("cached read " + i).isEmpty();
        }
    }

    @Test
    void aModifiedRequestOnACachedSessionIsOneRoundTripAndKeepsItCached() {
        SessionManager engine = requests.engine(Duration.ofMinutes(1));
        TckExchange first = CountedRequests.newSession(engine);
        requests.request(engine, first, false);
        for (int i = 0; i < 5; i++) {
            // The compare-and-set alone (GET, SET, the expiry index entry: ZADD, HDEL), and its re-read (EXISTS).
            assertThat(requests.request(engine, first, true)).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L,
                    "get", 1L, "set", 1L, "zadd", 1L, "hdel", 1L, "exists", 1L));
            assertThat(requests.request(engine, first, false)).as("the next read is served from the cache").isEmpty();
        }
    }

    @Test
    void aDueTouchOfACachedSessionIsTheTouchScriptAlone() throws InterruptedException {
        SessionManager engine = requests.engine(Duration.ofMillis(50));
        TckExchange first = CountedRequests.newSession(engine);
        requests.request(engine, first, false);
        Thread.sleep(120); // the stored expiry is now more than touchAfter behind: the touch is due
        // PEXPIRE, the GET that finds the principal, the expiry index entry, and the re-read: one round trip.
        assertThat(requests.request(engine, first, false)).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L,
                "pexpire", 1L, "get", 1L, "zadd", 1L, "hdel", 1L, "exists", 1L));
        assertThat(requests.request(engine, first, false)).as("touched and still cached: not due again").isEmpty();
    }
}
