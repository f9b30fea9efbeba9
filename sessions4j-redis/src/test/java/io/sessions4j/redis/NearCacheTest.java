package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionStoreException;
import io.sessions4j.SessionStores;
import io.sessions4j.redis.testing.FreezableProxy;
import io.sessions4j.redis.testing.RedisProcess;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import io.sessions4j.tck.TckExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The near cache's coherence across two instances (two stores with the near cache on, same prefix) on a real
 * Redis: the machine's one ({@code $SESSIONS4J_REDIS_URI}, Redis 7) for what only needs keys of its own, servers
 * this test owns (the embedded Redis 6.2) for what restarts, flushes or freezes one. The staleness figures are
 * printed as {@code [near-cache-staleness]} lines.
 */
class NearCacheTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Pattern N = Pattern.compile("\"n\":(\\d+)");
    private static TestRedis redis;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> rawConnection;

    @BeforeAll
    static void start() {
        redis = TestRedis.externalOrOwned();
        rawClient = RedisClient.create(redis.uri());
        rawConnection = rawClient.connect();
    }

    @AfterAll
    static void stop() {
        rawConnection.close();
        rawClient.shutdown();
        redis.close();
    }

    private static RedisStore near(String uri, String prefix) {
        return RedisStore.builder().uri(uri).prefix(prefix).nearCache(1000).build();
    }

    /** A record as the engine writes it (the cookie first, an integer originalMaxAge), with a counter. */
    private static StoredSession record(int n) {
        Instant expires = Instant.now().plus(Duration.ofMinutes(30));
        return new StoredSession("{\"cookie\":{\"originalMaxAge\":1800000,\"expires\":\"" + expires
                + "\",\"httpOnly\":true,\"path\":\"/\"},\"n\":" + n + "}", expires);
    }

    private static int counter(StoredSession s) {
        Matcher m = N.matcher(s.json());
        assertThat(m.find()).as(s.json()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** A read whose touch is not due (the record was written a moment ago with 30 minutes to live). */
    private static TouchRequest notDue() {
        return new TouchRequest(Instant.now(), Duration.ofMinutes(1), Duration.ofDays(1));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /** Microseconds, sorted, as "min p50 p99 max". */
    private static String summary(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return "n=" + sorted.size() + " min=" + sorted.get(0) + "us p50=" + sorted.get(sorted.size() / 2)
                + "us p99=" + sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)) + "us max="
                + sorted.get(sorted.size() - 1) + "us";
    }

    @Test
    void aWriteOnOneInstanceIsSeenByTheOtherWellWithinASecond() {
        String prefix = TestRedis.uniquePrefix("near-write");
        try (RedisStore a = near(redis.uri(), prefix); RedisStore b = near(redis.uri(), prefix)) {
            String id = id();
            StoredSession current = record(0);
            a.set(id, current);
            assertThat(b.getAndTouch(id, notDue())).map(StoredSession::json).contains(current.json());
            List<Long> micros = new ArrayList<>();
            int cachedBefore = 0;
            int seenByTheNextRead = 0;
            for (int i = 1; i <= 300; i++) {
                if (b.servesFromNearCache(id)) {
                    cachedBefore++;
                }
                StoredSession next = record(i);
                assertThat(a.replace(id, current.json(), next)).isTrue();
                long written = System.nanoTime();
                int reads = 0;
                while (true) {
                    reads++;
                    Optional<StoredSession> seen = b.getAndTouch(id, notDue());
                    assertThat(seen).as("B always has the session").isPresent();
                    if (seen.get().json().equals(next.json())) {
                        break;
                    }
                    assertThat(counter(seen.get())).as("B serves the previous record while stale, never older")
                            .isEqualTo(i - 1);
                    assertThat(Duration.ofNanos(System.nanoTime() - written)).isLessThan(TIMEOUT);
                }
                micros.add((System.nanoTime() - written) / 1000);
                if (reads == 1) {
                    seenByTheNextRead++;
                }
                current = next;
            }
            System.out.println("[near-cache-staleness] write on A -> seen by B (" + redis + "): " + summary(micros)
                    + "; seen by the very next read of B: " + seenByTheNextRead + "/300; B held it cached before "
                    + "the write: " + cachedBefore + "/300");
            assertThat(cachedBefore).as("B answered from its cache before A's writes").isGreaterThan(150);
            assertThat(Collections.max(micros)).isLessThan(TIMEOUT.toNanos() / 1000);
        }
    }

    @Test
    void aDestroyOnOneInstanceIsNeverServedByTheOtherOnceItsInvalidationArrived() {
        String prefix = TestRedis.uniquePrefix("near-destroy");
        try (RedisStore a = near(redis.uri(), prefix); RedisStore b = near(redis.uri(), prefix)) {
            List<Long> micros = new ArrayList<>();
            int goneForTheNextRead = 0;
            for (int i = 0; i < 200; i++) {
                String id = id();
                a.set(id, record(i));
                assertThat(b.getAndTouch(id, notDue())).isPresent();
                a.destroy(id);
                long destroyed = System.nanoTime();
                int reads = 0;
                while (b.getAndTouch(id, notDue()).isPresent()) {
                    reads++;
                    assertThat(Duration.ofNanos(System.nanoTime() - destroyed)).isLessThan(TIMEOUT);
                }
                micros.add((System.nanoTime() - destroyed) / 1000);
                if (reads == 0) {
                    goneForTheNextRead++;
                }
                for (int j = 0; j < 20; j++) {
                    assertThat(b.getAndTouch(id, notDue())).as("once gone on B, never back").isEmpty();
                    assertThat(b.get(id)).isEmpty();
                }
            }
            System.out.println("[near-cache-staleness] destroy on A -> gone on B (" + redis + "): " + summary(micros)
                    + "; gone for the very next read of B: " + goneForTheNextRead + "/200");
        }
    }

    @Test
    void throughTheEngineALogoutOnOneInstanceEndsTheSessionOnTheOther() {
        String prefix = TestRedis.uniquePrefix("near-engine");
        try (RedisStore a = near(redis.uri(), prefix); RedisStore b = near(redis.uri(), prefix)) {
            SessionManager engineA = engine(a);
            SessionManager engineB = engine(b);
            TckExchange login = newSession(engineA, s -> s.put("user", "ada"));
            assertThat(user(engineB, login)).contains("ada");
            assertThat(user(engineB, login)).as("B's second read is served from its cache").contains("ada");

            request(engineA, login, s -> s.put("views", 2));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1))
                    .until(() -> views(engineB, login) == 2);

            request(engineA, login, s -> s.destroy());
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1))
                    .until(() -> user(engineB, login).isEmpty());
            for (int i = 0; i < 20; i++) {
                assertThat(user(engineB, login)).as("logged out on B for good").isEmpty();
            }
        }
    }

    @Test
    void anotherClientsSetAndDelReachTheCacheEvenAfterItsOwnCachedWrite() {
        String prefix = TestRedis.uniquePrefix("near-external");
        RedisCommands<String, String> raw = rawConnection.sync();
        try (RedisStore b = near(redis.uri(), prefix)) {
            String id = id();
            StoredSession first = record(1);
            b.set(id, first);
            assertThat(b.get(id)).map(StoredSession::json).contains(first.json());
            assertThat(b.servesFromNearCache(id)).isTrue();

            raw.set(prefix + id, record(2).json(), SetArgs.Builder.px(60_000));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1)).until(() -> b.get(id).map(NearCacheTest::counter)
                    .orElse(-1) == 2);

            // B's own compare-and-set keeps its result cached; Redis must still tell B of the next change.
            StoredSession mine = record(3);
            assertThat(b.replace(id, raw.get(prefix + id), mine)).isTrue();
            assertThat(b.servesFromNearCache(id)).as("B keeps what it wrote").isTrue();
            assertThat(b.get(id)).map(StoredSession::json).contains(mine.json());
            raw.set(prefix + id, record(4).json(), SetArgs.Builder.px(60_000));
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1)).until(() -> b.get(id).map(NearCacheTest::counter)
                    .orElse(-1) == 4);

            // The same after a touch B made from its cache.
            TouchRequest due = new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1));
            assertThat(b.getAndTouch(id, due)).isPresent();
            assertThat(b.servesFromNearCache(id)).isTrue();
            raw.del(prefix + id);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1)).until(() -> b.get(id).isEmpty());
            assertThat(b.getAndTouch(id, notDue())).isEmpty();
        }
    }

    @Test
    void concurrentWritersOnOneInstanceNeverLeaveAnOlderRecordCached() throws Exception {
        String prefix = TestRedis.uniquePrefix("near-concurrent");
        RedisCommands<String, String> raw = rawConnection.sync();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RedisStore a = near(redis.uri(), prefix)) {
            for (int round = 0; round < 5; round++) {
                String id = id();
                a.set(id, record(0));
                AtomicInteger successes = new AtomicInteger();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    writers.add(pool.submit(() -> {
                        go.await();
                        for (int k = 0; k < 50; k++) {
                            // MERGE-style: read (from the cache when it has it), change, compare-and-set, retry.
                            while (true) {
                                StoredSession seen = a.getAndTouch(id, notDue()).orElseThrow();
                                if (a.replace(id, seen.json(), record(counter(seen) + 1))) {
                                    successes.incrementAndGet();
                                    break;
                                }
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : writers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                String inRedis = raw.get(prefix + id);
                assertThat(successes.get()).isEqualTo(400);
                assertThat(inRedis).contains("\"n\":400}");
                assertThat(a.get(id)).map(StoredSession::json).as("the cache holds what Redis holds").contains(inRedis);
                assertThat(a.getAndTouch(id, notDue())).map(StoredSession::json).contains(inRedis);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRedisRestartEmptiesTheCacheAndTheNextReadSeesTheNewState() {
        try (RedisProcess own = RedisProcess.startDurable();
                RedisStore b = RedisStore.builder().uri(own.uri()).commandTimeout(Duration.ofSeconds(1))
                        .nearCache(100).build()) {
            String id = id();
            b.set(id, record(1));
            assertThat(b.get(id)).isPresent();
            assertThat(b.servesFromNearCache(id)).isTrue();

            own.kill();
            own.start(); // same port and data directory: the record survived (append-only file)
            RedisClient client = RedisClient.create(own.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set("sess:" + id, record(2).json(), SetArgs.Builder.px(60_000));
            } finally {
                client.shutdown();
            }
            assertThat(b.servesFromNearCache(id)).as("emptied by the disconnect").isFalse();
            Optional<StoredSession> first = firstSuccessfulRead(b, id);
            assertThat(first).map(NearCacheTest::counter).as("the first read after the restart").contains(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                b.get(id);
                return b.servesFromNearCache(id);
            });
            assertThat(b.get(id)).map(NearCacheTest::counter).contains(2);
            // Tracking is on again on the new connection: another client's write reaches the refilled cache.
            RedisClient again = RedisClient.create(own.uri());
            try (StatefulRedisConnection<String, String> c = again.connect()) {
                c.sync().set("sess:" + id, record(3).json(), SetArgs.Builder.px(60_000));
            } finally {
                again.shutdown();
            }
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1))
                    .until(() -> b.get(id).map(NearCacheTest::counter).orElse(-1) == 3);
        }
    }

    private static Optional<StoredSession> firstSuccessfulRead(RedisStore store, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return store.get(id);
            } catch (SessionStoreException e) {
                assertThat(System.nanoTime() - deadline).as("Redis back within 20 s").isNegative();
                await().pollDelay(Duration.ofMillis(50)).until(() -> true);
            }
        }
    }

    /** On the embedded Redis 6.2 (the shared server is 7.0): another client's write, then a {@code FLUSHALL}. */
    @Test
    void anotherClientsWriteAndAFlushAllEmptyTheCacheOnRedis62Too() {
        try (RedisProcess own = RedisProcess.startDurable(); RedisStore b = near(own.uri(), "sess:")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = id();
                ids.add(id);
                b.set(id, record(i));
                assertThat(b.get(id)).isPresent();
            }
            assertThat(ids).allMatch(b::servesFromNearCache);
            RedisClient client = RedisClient.create(own.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                // After a compare-and-set of its own, which it keeps cached, B still hears of others' writes.
                String first = ids.get(0);
                assertThat(b.replace(first, b.get(first).orElseThrow().json(), record(100))).isTrue();
                assertThat(b.servesFromNearCache(first)).isTrue();
                c.sync().set("sess:" + first, record(101).json(), SetArgs.Builder.px(60_000));
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1))
                        .until(() -> b.get(first).map(NearCacheTest::counter).orElse(-1) == 101);
                assertThat(b.get(first)).isPresent();
                c.sync().flushall();
            } finally {
                client.shutdown();
            }
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1)).until(() -> ids.stream()
                    .noneMatch(b::servesFromNearCache));
            assertThat(ids).allMatch(id -> b.get(id).isEmpty());
        }
    }

    /**
     * The strict bound: with the tracking connection silent (packets dropped, no disconnect seen), the cache
     * stops serving within {@link NearCache#LEASE} of the last heartbeat it had an answer to.
     */
    @Test
    void aSilentTrackingConnectionStopsTheCacheWithinTheLease() {
        try (RedisProcess own = RedisProcess.startDurable(); FreezableProxy proxy = FreezableProxy.start(own.port());
                RedisStore b = RedisStore.builder().uri(proxy.uri()).commandTimeout(Duration.ofMillis(300))
                        .nearCache(100).build()) {
            String id = id();
            b.set(id, record(1));
            assertThat(b.get(id)).isPresent();
            assertThat(b.servesFromNearCache(id)).isTrue();

            proxy.freeze();
            long frozen = System.nanoTime();
            RedisClient client = RedisClient.create(own.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set("sess:" + id, record(2).json(), SetArgs.Builder.px(60_000));
            } finally {
                client.shutdown();
            }
            long lastStale = frozen;
            while (System.nanoTime() - frozen < NearCache.LEASE.toNanos() * 2) {
                try {
                    Optional<StoredSession> seen = b.get(id);
                    if (seen.isPresent() && counter(seen.get()) == 1) {
                        lastStale = System.nanoTime();
                    }
                } catch (SessionStoreException e) {
                    // the main connection is silent too: the read goes to Redis and times out, as it should
                }
            }
            long staleMillis = (lastStale - frozen) / 1_000_000;
            System.out.println("[near-cache-staleness] silent tracking connection: stale reads served for "
                    + staleMillis + " ms after the freeze (lease " + NearCache.LEASE.toMillis() + " ms)");
            assertThat(staleMillis).isLessThanOrEqualTo(NearCache.LEASE.toMillis());
            assertThat(b.servesFromNearCache(id)).isFalse();

            proxy.thaw();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().pollInterval(Duration.ofMillis(20))
                    .until(() -> b.get(id).map(NearCacheTest::counter).orElse(-1) == 2);
        }
    }

    @Test
    void theOptionIsRefusedWhereItCannotWork() {
        assertThatThrownBy(() -> RedisStore.builder().uri("redis://127.0.0.1:7000").cluster(true).nearCache(10)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nearCache")
                .hasMessageContaining("Cluster");
        assertThatThrownBy(() -> RedisStore.builder().uri(redis.uri()).nearCache(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nearCache");
        assertThatThrownBy(() -> RedisStore.builder().connection(rawConnection).nearCache(10).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nearCache");
        assertThatThrownBy(() -> SessionStores.open(redis.uri(), Map.of("nearCache", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nearCache");
    }

    @Test
    void theProviderTurnsItOnFromTheSpec() {
        String prefix = TestRedis.uniquePrefix("near-spec");
        try (SessionStore store = SessionStores.open(redis.uri() + "?nearCache=500&prefix="
                + java.net.URLEncoder.encode(prefix, java.nio.charset.StandardCharsets.UTF_8))) {
            RedisStore r = (RedisStore) store;
            assertThat(r.nearCacheSize()).isEqualTo(500);
            String id = id();
            r.set(id, record(1));
            assertThat(r.get(id)).isPresent();
            assertThat(r.servesFromNearCache(id)).isTrue();
        }
        try (SessionStore store = SessionStores.open(redis.uri(), Map.of("prefix", prefix))) {
            assertThat(((RedisStore) store).nearCacheSize()).as("off by default").isZero();
        }
    }

    @Test
    void aClientGivenByTheApplicationCarriesTheTrackingConnectionToo() {
        String prefix = TestRedis.uniquePrefix("near-client");
        RedisClient client = RedisClient.create(redis.uri());
        try (RedisStore b = RedisStore.builder().client(client).prefix(prefix).nearCache(10).build()) {
            String id = id();
            b.set(id, record(1));
            assertThat(b.get(id)).isPresent();
            assertThat(b.servesFromNearCache(id)).isTrue();
            rawConnection.sync().del(prefix + id);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1)).until(() -> b.get(id).isEmpty());
        } finally {
            client.shutdown();
        }
    }

    // ---- engine helpers ----

    private static SessionManager engine(RedisStore store) {
        return SessionManager.create(SessionConfig.builder()
                .secrets("near cache secret, long enough to be a real one")
                .touchAfter(Duration.ofMinutes(1))
                .store(store)
                .build());
    }

    private static TckExchange newSession(SessionManager engine, Consumer<io.sessions4j.Session> handler) {
        TckExchange first = TckExchange.request();
        try (RequestScope scope = engine.open(first)) {
            handler.accept(scope.session());
            scope.commit();
        }
        return first;
    }

    private static void request(SessionManager engine, TckExchange from, Consumer<io.sessions4j.Session> handler) {
        try (RequestScope scope = engine.open(TckExchange.withCookieFrom(from))) {
            handler.accept(scope.session());
            scope.commit();
        }
    }

    private static Optional<String> user(SessionManager engine, TckExchange from) {
        try (RequestScope scope = engine.open(TckExchange.withCookieFrom(from))) {
            Optional<String> user = scope.session().get("user", String.class);
            scope.commit();
            return user;
        }
    }

    private static int views(SessionManager engine, TckExchange from) {
        try (RequestScope scope = engine.open(TckExchange.withCookieFrom(from))) {
            int views = scope.session().get("views", Integer.class).orElse(0);
            scope.commit();
            return views;
        }
    }
}
