package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.SessionConfig;
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
 * Round trips per request through the real engine, counted by the Redis server itself
 * ({@code INFO commandstats} on a server this test owns). Each {@code evalsha} is one round trip; the
 * commands listed after it ran inside that script on the server.
 */
class RoundTripTest {
    private static TestRedis redis;
    private static CommandStats stats;
    private static RedisStore store;
    private static CountedRequests requests;

    @BeforeAll
    static void start() {
        redis = TestRedis.owned();
        stats = new CommandStats(redis.uri());
        // The expiry index is written (as by default), but its drain never runs while commands are counted.
        store = RedisStore.builder().uri(redis.uri()).expiryPollInterval(Duration.ofHours(1)).build();
        requests = new CountedRequests(stats, store);
        // Steady state: the first call of each script after a (re)start is EVALSHA -> NOSCRIPT -> EVAL.
        SessionManager engine = requests.engine(Duration.ZERO);
        TckExchange first = CountedRequests.newSession(engine);
        requests.request(engine, first, true);
    }

    @AfterAll
    static void stop() {
        store.close();
        stats.close();
        redis.close();
    }




    @Test
    void readOnlyRequestWithTouchDueIsOneRoundTripThatTouches() throws InterruptedException {
        SessionManager engine = requests.engine(Duration.ofMillis(50));
        TckExchange first = CountedRequests.newSession(engine);
        Thread.sleep(120); // the stored expiry is now more than touchAfter behind: the touch is due
        Map<String, Long> d = requests.request(engine, first, false);
        assertThat(d).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L, "get", 1L, "pttl", 1L, "pexpire", 1L));
    }

    @Test
    void readOnlyRequestWithinTouchAfterIsOneRoundTripWithoutWrite() {
        SessionManager engine = requests.engine(Duration.ofMinutes(1));
        TckExchange first = CountedRequests.newSession(engine);
        Map<String, Long> d = requests.request(engine, first, false);
        assertThat(d).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L, "get", 1L, "pttl", 1L));
    }

    @Test
    void modifiedRequestIsTwoRoundTrips() {
        SessionManager engine = requests.engine(Duration.ofMinutes(1));
        TckExchange first = CountedRequests.newSession(engine);
        Map<String, Long> d = requests.request(engine, first, true);
        // read script (GET, PTTL), then the compare-and-set script (GET, SET, and the expiry index: ZADD, HDEL)
        assertThat(d).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 2L, "get", 2L, "pttl", 1L, "set", 1L,
                "zadd", 1L, "hdel", 1L));
    }

    @Test
    void newSessionIsOneWrite() {
        SessionManager engine = requests.engine(Duration.ofMinutes(1));
        Map<String, Long> before = stats.snapshot();
        CountedRequests.newSession(engine);
        // One script: SET, and the session's entry in the expiry index (ZADD, HDEL of a principal it has not)
        assertThat(CommandStats.delta(before, stats.snapshot())).containsExactlyInAnyOrderEntriesOf(
                Map.of("evalsha", 1L, "set", 1L, "zadd", 1L, "hdel", 1L));
    }

    @Test
    void withExpiryEventsOffANewSessionIsOneSet() {
        try (RedisStore off = RedisStore.builder().uri(redis.uri()).prefix("off:").expiryPollInterval(Duration.ZERO)
                .build()) {
            SessionManager engine = SessionManager.create(SessionConfig.builder()
                    .secrets("round trip secret, long enough to be a real one").store(off).build());
            Map<String, Long> before = stats.snapshot();
            CountedRequests.newSession(engine);
            assertThat(CommandStats.delta(before, stats.snapshot())).containsExactlyInAnyOrderEntriesOf(
                    Map.of("set", 1L));
        }
    }

    /**
     * With {@code touchAfter=0} (express's behaviour: touch on every request) the read already slides the
     * TTL, and the engine, judging the touch at the load instant, does not touch again at commit.
     */
    @Test
    void readOnlyRequestWithTouchAfterZeroIsOneRoundTripThatTouches() throws InterruptedException {
        SessionManager engine = requests.engine(Duration.ZERO);
        TckExchange first = CountedRequests.newSession(engine);
        Thread.sleep(5); // expiries have millisecond precision: let the wanted expiry move past the stored one
        Map<String, Long> d = requests.request(engine, first, false);
        assertThat(d).containsExactlyInAnyOrderEntriesOf(Map.of("evalsha", 1L, "get", 1L, "pttl", 1L, "pexpire", 1L));
    }
}
