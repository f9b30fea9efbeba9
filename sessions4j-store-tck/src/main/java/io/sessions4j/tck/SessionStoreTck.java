package io.sessions4j.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sessions4j.ConcurrencyMode;
import io.sessions4j.IdTransport;
import io.sessions4j.PrincipalLimit;
import io.sessions4j.PrincipalLimitException;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionEvent;
import io.sessions4j.SessionListener;
import io.sessions4j.SessionLockTimeoutException;
import io.sessions4j.spi.ExpiryListener;
import io.sessions4j.spi.PrincipalIndex;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoreLock;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link SessionStore} must meet. A store module extends this class in its tests and
 * implements {@link #createStore()} against a real backend:
 *
 * <pre>{@code
 * class RedisStoreTest extends SessionStoreTck {
 *     protected SessionStore createStore() {
 *         return RedisStore.builder().uri(redisUri).prefix("tck:" + UUID.randomUUID() + ":").build();
 *     }
 * }
 * }</pre>
 *
 * <p>Expiry is tested in real time (Redis and SQL servers have their own clocks), with records that live
 * {@link #shortLifetime()}; keep it small but above the backend's expiry precision.
 */
public abstract class SessionStoreTck {

    /** The store under test: empty, or holding records only this test class will see (e.g. a fresh prefix). */
    protected SessionStore store;

    /** {@return a new store instance over the test backend} Each test gets its own and closes it. */
    protected abstract SessionStore createStore();

    /**
     * Puts a record whose text is {@code text} (not a valid session) straight into the backend. The default
     * goes through {@link SessionStore#set}; override for backends that validate JSON on write.
     *
     * @param id the record's id
     * @param text the unreadable text
     */
    protected void writeUnreadable(String id, String text) {
        store.set(id, new StoredSession(text, Instant.now().plus(Duration.ofMinutes(5))));
    }

    /** {@return how far a stored expiry may be from the one written (backends round; PostgreSQL keeps microseconds)} */
    protected Duration expiryPrecision() {
        return Duration.ofSeconds(1);
    }

    /** {@return the lifetime of records in expiry tests} */
    protected Duration shortLifetime() {
        return Duration.ofMillis(1500);
    }

    /** {@return whether {@code length}, {@code clear} and {@code ids} are supported (all sessions4j stores: yes)} */
    protected boolean supportsEnumeration() {
        return true;
    }

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            if (supportsEnumeration()) {
                store.clear();
            }
            store.close();
        }
    }

    // ---- basic operations ----

    @Test
    void getOfUnknownIdIsEmpty() {
        assertThat(store.get(newId())).isEmpty();
    }

    @Test
    void setThenGetReturnsTheSameTextAndExpiry() {
        String id = newId();
        StoredSession written = record("{\"cookie\":{\"originalMaxAge\":60000},\"n\":1}", Duration.ofMinutes(1));
        store.set(id, written);
        StoredSession read = store.get(id).orElseThrow();
        assertThat(read.json()).isEqualTo(written.json());
        assertExpiry(read.expires(), written.expires());
    }

    @Test
    void setOverwritesAnExistingRecord() {
        String id = newId();
        store.set(id, record("{\"v\":1}", Duration.ofMinutes(1)));
        store.set(id, record("{\"v\":2}", Duration.ofMinutes(2)));
        StoredSession read = store.get(id).orElseThrow();
        assertThat(read.json()).isEqualTo("{\"v\":2}");
        assertExpiry(read.expires(), Instant.now().plus(Duration.ofMinutes(2)));
    }

    @Test
    void setWithAnExpiryInThePastStoresNothing() {
        String id = newId();
        store.set(id, record("{\"v\":1}", Duration.ofMinutes(1)));
        store.set(id, new StoredSession("{\"v\":2}", Instant.now().minusSeconds(5)));
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void recordsAreKeptApartById() {
        String a = newId();
        String b = newId();
        store.set(a, record("{\"who\":\"a\"}", Duration.ofMinutes(1)));
        store.set(b, record("{\"who\":\"b\"}", Duration.ofMinutes(1)));
        assertThat(store.get(a).orElseThrow().json()).isEqualTo("{\"who\":\"a\"}");
        assertThat(store.get(b).orElseThrow().json()).isEqualTo("{\"who\":\"b\"}");
    }

    @Test
    void destroyRemovesTheRecord() {
        String id = newId();
        store.set(id, record("{}", Duration.ofMinutes(1)));
        store.destroy(id);
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void destroyOfUnknownIdDoesNothing() {
        store.destroy(newId());
        assertThat(store.get(newId())).isEmpty();
    }

    @Test
    void textRoundTripsExactlyIncludingUnicodeAndLargeValues() {
        String id = newId();
        String big = "x".repeat(200_000);
        String json = "{\"cookie\":{},\"name\":\"Zoë \\\"quoted\\\" \u00e9\u4e2d\u6587 \uD83D\uDE00\",\"big\":\"" + big + "\"}";
        store.set(id, record(json, Duration.ofMinutes(1)));
        assertThat(store.get(id).orElseThrow().json()).isEqualTo(json);
    }

    @Test
    void idsWithUnusualCharactersAreStoredVerbatim() {
        for (String id : List.of("a.b:c/d%2F", "with space", "\u00fcml\u00e4ut", "apple", "%")) {
            store.set(id, record("{\"id\":\"" + id.replace("\"", "") + "\"}", Duration.ofMinutes(1)));
            assertThat(store.get(id)).as(id).isPresent();
            store.destroy(id);
            assertThat(store.get(id)).as(id).isEmpty();
        }
    }

    // ---- expiry ----

    @Test
    void recordIsGoneOnceItsExpiryPasses() throws InterruptedException {
        String id = newId();
        store.set(id, record("{}", shortLifetime()));
        assertThat(store.get(id)).isPresent();
        Thread.sleep(shortLifetime().plus(expiryPrecision()).plusMillis(300).toMillis());
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void touchMovesTheExpiryAndKeepsTheText() throws InterruptedException {
        String id = newId();
        store.set(id, record("{\"keep\":true}", shortLifetime()));
        Instant later = Instant.now().plus(Duration.ofMinutes(5));
        assertThat(store.touch(id, later)).isTrue();
        Thread.sleep(shortLifetime().plus(expiryPrecision()).plusMillis(300).toMillis());
        StoredSession read = store.get(id).orElseThrow();
        assertThat(read.json()).isEqualTo("{\"keep\":true}");
        assertExpiry(read.expires(), later);
    }

    @Test
    void touchOfUnknownIdReportsFalseAndCreatesNothing() {
        String id = newId();
        assertThat(store.touch(id, Instant.now().plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void touchAfterDestroyDoesNotResurrect() {
        String id = newId();
        store.set(id, record("{}", Duration.ofMinutes(1)));
        store.destroy(id);
        assertThat(store.touch(id, Instant.now().plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void touchOfAnExpiredRecordDoesNotResurrect() throws InterruptedException {
        String id = newId();
        store.set(id, record("{}", shortLifetime()));
        Thread.sleep(shortLifetime().plus(expiryPrecision()).plusMillis(300).toMillis());
        assertThat(store.touch(id, Instant.now().plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void getAndTouchReturnsTheRecordWithAnExpiryAtLeastAsLateAsBefore() {
        String id = newId();
        StoredSession written = record("{\"cookie\":{\"originalMaxAge\":600000}}", Duration.ofMinutes(1));
        store.set(id, written);
        TouchRequest touch = new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1));
        StoredSession read = store.getAndTouch(id, touch).orElseThrow();
        assertThat(read.json()).isEqualTo(written.json());
        assertThat(read.expires()).isAfterOrEqualTo(written.expires().minus(expiryPrecision()));
        assertThat(store.get(id).orElseThrow().expires())
                .isCloseTo(read.expires(), within(expiryPrecision().toMillis(), ChronoUnit.MILLIS));
    }

    @Test
    void getAndTouchOfUnknownIdIsEmptyAndCreatesNothing() {
        String id = newId();
        TouchRequest touch = new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1));
        assertThat(store.getAndTouch(id, touch)).isEmpty();
        assertThat(store.get(id)).isEmpty();
    }

    // ---- compare-and-set ----

    @Test
    void replaceWritesWhenTheTextIsAsExpected() {
        String id = newId();
        store.set(id, record("{\"v\":1}", Duration.ofMinutes(1)));
        StoredSession next = record("{\"v\":2}", Duration.ofMinutes(3));
        assertThat(store.replace(id, "{\"v\":1}", next)).isTrue();
        StoredSession read = store.get(id).orElseThrow();
        assertThat(read.json()).isEqualTo("{\"v\":2}");
        assertExpiry(read.expires(), next.expires());
    }

    @Test
    void replaceRefusesWhenAnotherWriterGotThereFirst() {
        String id = newId();
        store.set(id, record("{\"v\":1}", Duration.ofMinutes(1)));
        store.set(id, record("{\"v\":\"other\"}", Duration.ofMinutes(1)));
        assertThat(store.replace(id, "{\"v\":1}", record("{\"v\":2}", Duration.ofMinutes(1)))).isFalse();
        assertThat(store.get(id).orElseThrow().json()).isEqualTo("{\"v\":\"other\"}");
    }

    @Test
    void replaceOfADestroyedRecordDoesNotResurrectIt() {
        String id = newId();
        store.set(id, record("{\"v\":1}", Duration.ofMinutes(1)));
        store.destroy(id);
        assertThat(store.replace(id, "{\"v\":1}", record("{\"v\":2}", Duration.ofMinutes(1)))).isFalse();
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void replaceOfAnExpiredRecordDoesNotResurrectIt() throws InterruptedException {
        String id = newId();
        store.set(id, record("{\"v\":1}", shortLifetime()));
        Thread.sleep(shortLifetime().plus(expiryPrecision()).plusMillis(300).toMillis());
        assertThat(store.replace(id, "{\"v\":1}", record("{\"v\":2}", Duration.ofMinutes(1)))).isFalse();
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void concurrentReplacesFromTheSameVersionLetExactlyOneWin() throws Exception {
        String id = newId();
        store.set(id, record("{\"v\":0}", Duration.ofMinutes(1)));
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 1; i <= writers; i++) {
            String next = "{\"v\":" + i + "}";
            tasks.add(() -> {
                start.await();
                return store.replace(id, "{\"v\":0}", record(next, Duration.ofMinutes(1)));
            });
        }
        List<Boolean> results = runTogether(tasks, start);
        assertThat(results).containsOnlyOnce(true);
        assertThat(store.get(id).orElseThrow().json()).isNotEqualTo("{\"v\":0}");
    }

    // ---- enumeration ----

    @Test
    void lengthClearAndIdsSeeOnlyLiveRecords() throws InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsEnumeration(), "store does not enumerate");
        store.clear();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String id = newId();
            ids.add(id);
            store.set(id, record("{}", Duration.ofMinutes(1)));
        }
        store.set(newId(), record("{}", shortLifetime()));
        Thread.sleep(shortLifetime().plus(expiryPrecision()).plusMillis(300).toMillis());
        assertThat(store.length()).isEqualTo(5);
        try (Stream<String> stream = store.ids()) {
            assertThat(stream.collect(Collectors.toSet())).isEqualTo(ids);
        }
        store.clear();
        assertThat(store.length()).isZero();
        try (Stream<String> stream = store.ids()) {
            assertThat(stream.count()).isZero();
        }
    }

    @Test
    void idsWalksManyRecords() {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsEnumeration(), "store does not enumerate");
        store.clear();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_234; i++) {
            String id = newId();
            ids.add(id);
            store.set(id, record("{}", Duration.ofMinutes(1)));
        }
        try (Stream<String> stream = store.ids()) {
            assertThat(stream.collect(Collectors.toSet())).isEqualTo(ids);
        }
        assertThat(store.length()).isEqualTo(1_234);
    }

    // ---- concurrent use ----

    @Test
    void manyThreadsOnManySessionsLeaveEveryRecordConsistent() throws Exception {
        int threads = 16;
        int perThread = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    String id = "c-" + thread + "-" + i + "-" + UUID.randomUUID();
                    String v1 = "{\"t\":" + thread + ",\"i\":" + i + "}";
                    store.set(id, record(v1, Duration.ofMinutes(1)));
                    if (!store.get(id).orElseThrow().json().equals(v1)) {
                        return false;
                    }
                    store.touch(id, Instant.now().plus(Duration.ofMinutes(2)));
                    String v2 = "{\"t\":" + thread + ",\"i\":" + i + ",\"n\":2}";
                    if (!store.replace(id, v1, record(v2, Duration.ofMinutes(1)))) {
                        return false;
                    }
                    if (i % 2 == 0) {
                        store.destroy(id);
                        if (store.get(id).isPresent()) {
                            return false;
                        }
                    } else if (!store.get(id).orElseThrow().json().equals(v2)) {
                        return false;
                    }
                }
                return true;
            });
        }
        assertThat(runTogether(tasks, start)).containsOnly(true);
    }

    // ---- through the engine ----

    @Test
    void engineSavesASessionAndLoadsItOnTheNextRequest() {
        SessionManager engine = engine();
        TckExchange first = TckExchange.request();
        try (RequestScope scope = engine.open(first)) {
            scope.session().put("user", "ada").put("views", 1);
            scope.commit();
        }
        TckExchange second = TckExchange.withCookieFrom(first);
        try (RequestScope scope = engine.open(second)) {
            Session s = scope.session();
            assertThat(s.isNew()).isFalse();
            assertThat(s.get("user", String.class)).contains("ada");
            assertThat(s.get("views", Integer.class)).contains(1);
            scope.commit();
        }
    }

    @Test
    void engineFindsASessionByItsTokenHeaderAndItsDestroyClearsTheToken() {
        SessionManager engine = engine(b -> b.idTransport(IdTransport.header()));
        TckExchange first = TckExchange.request();
        try (RequestScope scope = engine.open(first)) {
            scope.session().put("user", "ada");
            scope.commit();
        }
        assertThat(first.setCookie()).isEmpty();
        String token = first.responseHeader(IdTransport.DEFAULT_HEADER).orElseThrow();
        TckExchange second = TckExchange.withHeader(IdTransport.DEFAULT_HEADER, token);
        String id;
        try (RequestScope scope = engine.open(second)) {
            Session s = scope.session();
            assertThat(s.isNew()).isFalse();
            assertThat(s.get("user", String.class)).contains("ada");
            id = s.id();
            s.destroy();
            scope.commit();
        }
        assertThat(second.responseHeader(IdTransport.DEFAULT_HEADER)).contains("");
        assertThat(store.get(id)).isEmpty();
        try (RequestScope scope = engine.open(TckExchange.withHeader(IdTransport.DEFAULT_HEADER, token))) {
            assertThat(scope.session().isNew()).isTrue();
            scope.commit();
        }
    }

    @Test
    void engineMergesTwoConcurrentRequestsThatChangeDifferentKeys() {
        SessionManager engine = engine();
        TckExchange first = TckExchange.request();
        try (RequestScope scope = engine.open(first)) {
            scope.session().put("base", true);
            scope.commit();
        }
        RequestScope a = engine.open(TckExchange.withCookieFrom(first));
        RequestScope b = engine.open(TckExchange.withCookieFrom(first));
        a.session().put("a", 1);
        b.session().put("b", 2);
        a.commit();
        b.commit();
        try (RequestScope check = engine.open(TckExchange.withCookieFrom(first))) {
            Session s = check.session();
            assertThat(s.keys()).containsExactlyInAnyOrder("base", "a", "b");
        }
    }

    @Test
    void engineNeverWritesBackASessionAnotherRequestDestroyed() {
        SessionManager engine = engine();
        TckExchange first = TckExchange.request();
        String id;
        try (RequestScope scope = engine.open(first)) {
            scope.session().put("user", "ada");
            id = scope.session().id();
            scope.commit();
        }
        RequestScope slow = engine.open(TckExchange.withCookieFrom(first));
        RequestScope logout = engine.open(TckExchange.withCookieFrom(first));
        slow.session().put("cart", List.of("book"));
        logout.session().destroy();
        logout.commit();
        slow.commit();
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void engineTreatsUnreadableStoredDataAsAMissingSession() {
        SessionManager engine = engine();
        TckExchange first = TckExchange.request();
        String id;
        try (RequestScope scope = engine.open(first)) {
            scope.session().put("n", 1);
            id = scope.session().id();
            scope.commit();
        }
        store.destroy(id);
        writeUnreadable(id, "[\"not\",\"a\",\"session\"]");
        try (RequestScope scope = engine.open(TckExchange.withCookieFrom(first))) {
            Session s = scope.session();
            assertThat(s.isNew()).isTrue();
            assertThat(s.id()).isNotEqualTo(id);
            assertThat(s.keys()).isEmpty();
            scope.commit();
        }
    }

    /**
     * A record whose cookie holds numbers or dates no real cookie has (another app wrote it, or a bug did)
     * must neither lock its user out nor survive a logout: the stores that read {@code originalMaxAge} to
     * slide the expiry (Redis in Lua, PostgreSQL in SQL) must not fail on it, and the engine starts a new
     * session instead.
     */
    @ParameterizedTest(name = "cookie {0}")
    @ValueSource(strings = {
            "{\"originalMaxAge\":9223372036854775807,\"expires\":\"2030-01-01T00:00:00.000Z\",\"path\":\"/\"}",
            "{\"originalMaxAge\":1e308,\"expires\":\"2030-01-01T00:00:00.000Z\",\"path\":\"/\"}",
            "{\"originalMaxAge\":-1e308,\"expires\":\"2030-01-01T00:00:00.000Z\",\"path\":\"/\"}",
            "{\"originalMaxAge\":1e999,\"path\":\"/\"}",
            "{\"originalMaxAge\":1e999999,\"path\":\"/\"}",
            "{\"originalMaxAge\":3.6e6,\"expires\":\"+275760-09-13T00:00:00.000Z\",\"path\":\"/\"}",
            "{\"originalMaxAge\":null,\"expires\":8640000000000000,\"path\":\"/\"}",
            "{\"originalMaxAge\":null,\"expires\":-8640000000000000,\"path\":\"/\"}"})
    void engineStartsANewSessionForACookieOutOfRangeAndLogoutStillWorks(String cookie) {
        SessionManager engine = engine();
        TckExchange first = TckExchange.request();
        String id;
        try (RequestScope scope = engine.open(first)) {
            scope.session().put("user", "ada");
            id = scope.session().id();
            scope.commit();
        }
        store.set(id, record("{\"cookie\":" + cookie + ",\"user\":\"ada\"}", Duration.ofHours(1)));

        TckExchange visit = TckExchange.withCookieFrom(first);
        try (RequestScope scope = engine.open(visit)) {
            Session s = scope.session();
            assertThat(s.isNew()).as("a new session, not the unreadable one").isTrue();
            assertThat(s.id()).isNotEqualTo(id);
            assertThat(s.keys()).isEmpty();
            scope.commit();
        }

        store.set(id, record("{\"cookie\":" + cookie + ",\"user\":\"ada\"}", Duration.ofHours(1)));
        TckExchange logout = TckExchange.withCookieFrom(first);
        try (RequestScope scope = engine.open(logout)) {
            scope.session().destroy();
            scope.commit();
        }
        assertThat(store.get(id)).as("the record is gone after logout").isEmpty();
        assertThat(logout.setCookie()).as("the browser's cookie is expired")
                .hasValueSatisfying(c -> assertThat(c).contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
    }

    // ---- hot sessions and locks ----

    /**
     * Many requests of one session at once, each setting a key of its own, spread over two instances of the
     * store (two engines, as two application instances): every request succeeds and every key survives.
     */
    @Test
    void concurrentWritersOfTheirOwnKeysOnOneSessionAllSucceed() throws Exception {
        SessionStore second = secondInstance();
        try {
            List<SessionManager> instances = List.of(engine(b -> b), engine(b -> b.store(second)));
            TckExchange first = newSession(instances.get(0), s -> s.put("start", true));
            int requests = 200;
            List<Throwable> failures = runRequests(20, requests, i -> request(instances.get(i % 2), first,
                    s -> s.put("k" + i, i)));
            assertThat(failures).as("failed requests").isEmpty();
            request(instances.get(0), first, s -> {
                for (int i = 0; i < requests; i++) {
                    assertThat(s.get("k" + i, Integer.class)).as("k" + i).contains(i);
                }
                assertThat(s.get("start", Boolean.class)).contains(true);
            });
        } finally {
            closeSecond(second);
        }
    }

    /**
     * Many requests of one session at once, all writing the same key, over two instances: in MERGE mode that
     * key is last-writer-wins, and no request fails for it, however long the conflicts last.
     */
    @Test
    void concurrentWritersOfOneKeyOnOneSessionAllSucceed() throws Exception {
        SessionStore second = secondInstance();
        try {
            List<SessionManager> instances = List.of(engine(b -> b), engine(b -> b.store(second)));
            TckExchange first = newSession(instances.get(0), s -> s.put("n", -1));
            int requests = 400;
            List<Throwable> failures = runRequests(16, requests, i -> request(instances.get(i % 2), first,
                    s -> s.put("n", i).put("seen" + (i % 4), true)));
            assertThat(failures).as("failed requests").isEmpty();
            request(instances.get(1), first, s -> {
                assertThat(s.get("n", Integer.class)).hasValueSatisfying(n -> assertThat(n).isBetween(0, requests - 1));
                for (int k = 0; k < 4; k++) {
                    assertThat(s.get("seen" + k, Boolean.class)).as("seen" + k).contains(true);
                }
            });
        } finally {
            closeSecond(second);
        }
    }

    /**
     * LOCK mode makes a read-modify-write of one key exact: across two instances when the store has
     * {@linkplain SessionStore#locks() locks}, otherwise (the store says it cannot lock across instances)
     * within one instance.
     */
    @Test
    void lockModeMakesConcurrentIncrementsExact() throws Exception {
        SessionStore second = secondInstance();
        try {
            UnaryOperator<SessionConfig.Builder> lock = b -> b.concurrency(ConcurrencyMode.LOCK);
            List<SessionManager> instances = store.locks().isPresent()
                    ? List.of(engine(lock), engine(b -> lock.apply(b).store(second)))
                    : List.of(engine(lock));
            TckExchange first = newSession(instances.get(0), s -> s.put("n", 0));
            int increments = 200;
            List<Throwable> failures = runRequests(16, increments, i -> request(instances.get(i % instances.size()),
                    first, s -> s.put("n", s.get("n", Integer.class).orElseThrow() + 1)));
            assertThat(failures).as("failed requests").isEmpty();
            request(instances.get(0), first, s -> assertThat(s.get("n", Integer.class)).contains(increments));
        } finally {
            closeSecond(second);
        }
    }

    @Test
    void aStoreLockIsExclusiveAcrossInstancesUntilReleased() {
        StoreLocks locks = storeLocks();
        SessionStore second = secondInstance();
        try {
            StoreLocks otherLocks = second.locks().orElseThrow();
            String id = newId();
            StoreLock held = locks.tryLock(id, Duration.ofSeconds(30)).orElseThrow();
            assertThat(locks.tryLock(id, Duration.ofSeconds(30))).isEmpty();
            assertThat(otherLocks.tryLock(id, Duration.ofSeconds(30))).isEmpty();
            assertThat(held.release()).isTrue();
            assertThat(held.release()).as("released twice").isFalse();
            StoreLock next = otherLocks.tryLock(id, Duration.ofSeconds(30)).orElseThrow();
            assertThat(locks.tryLock(id, Duration.ofSeconds(30))).as("the second release ended nothing").isEmpty();
            assertThat(next.release()).isTrue();
        } finally {
            closeSecond(second);
        }
    }

    @Test
    void storeLocksOfDifferentSessionsAreIndependent() {
        StoreLocks locks = storeLocks();
        StoreLock a = locks.tryLock(newId(), Duration.ofSeconds(30)).orElseThrow();
        StoreLock b = locks.tryLock(newId(), Duration.ofSeconds(30)).orElseThrow();
        assertThat(a.release()).isTrue();
        assertThat(b.release()).isTrue();
    }

    /** An instance that dies holding a lock blocks its session only until the lease ends. */
    @Test
    void aStoreLockThatIsNeverReleasedEndsWithItsLease() throws InterruptedException {
        StoreLocks locks = storeLocks();
        SessionStore second = secondInstance();
        try {
            String id = newId();
            Duration lease = shortLifetime();
            StoreLock dead = locks.tryLock(id, lease).orElseThrow();
            Thread.sleep(lease.plusMillis(500).toMillis());
            StoreLock next = second.locks().orElseThrow().tryLock(id, Duration.ofSeconds(30)).orElseThrow();
            assertThat(dead.release()).as("the lease had run out").isFalse();
            assertThat(locks.tryLock(id, Duration.ofSeconds(30))).as("the late release left the new holder alone")
                    .isEmpty();
            assertThat(next.release()).isTrue();
        } finally {
            closeSecond(second);
        }
    }

    /** A LOCK-mode request waits for a lock whose holder died, and goes on once its lease ends. */
    @Test
    void lockModeRequestGetsTheLockOfADeadInstanceAfterItsLease() {
        StoreLocks locks = storeLocks();
        SessionManager engine = engine(b -> b.concurrency(ConcurrencyMode.LOCK).lockTimeout(Duration.ofSeconds(20)));
        String[] id = new String[1];
        TckExchange first = newSession(engine, s -> id[0] = s.put("n", 1).id());
        assertThat(locks.tryLock(id[0], shortLifetime())).as("the dead instance's lock").isPresent();
        request(engine, first, s -> assertThat(s.get("n", Integer.class)).contains(1));
    }

    /** A LOCK-mode request that cannot get its lock in time fails clearly instead of hanging. */
    @Test
    void lockModeRequestThatCannotGetTheLockFailsWithALockTimeout() {
        StoreLocks locks = storeLocks();
        SessionManager engine = engine(b -> b.concurrency(ConcurrencyMode.LOCK).lockTimeout(Duration.ofMillis(300)));
        String[] id = new String[1];
        TckExchange first = newSession(engine, s -> id[0] = s.put("n", 1).id());
        StoreLock other = locks.tryLock(id[0], Duration.ofSeconds(60)).orElseThrow();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> engine.open(TckExchange.withCookieFrom(first)))
                            .isInstanceOf(SessionLockTimeoutException.class));
        } finally {
            other.release();
        }
        request(engine, first, s -> assertThat(s.get("n", Integer.class)).contains(1));
    }

    // ---- the index of sessions by principal ----

    private PrincipalIndex principalIndex() {
        org.junit.jupiter.api.Assumptions.assumeTrue(store.principals().isPresent(),
                store.name() + " keeps no index of sessions by principal");
        return store.principals().get();
    }

    /** {@return a principal no other test run uses} */
    protected static String newPrincipal() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    private static TckExchange login(SessionManager engine, String principal, String agent) {
        return newSession(engine, s -> {
            s.principal(principal);
            s.put("userAgent", agent);
        });
    }

    @Test
    void theIndexListsAPrincipalsLiveSessionsAndOnlyThem() {
        principalIndex();
        SessionManager engine = engine();
        String alice = newPrincipal();
        login(engine, alice, "Firefox");
        login(engine, alice, "Safari");
        login(engine, newPrincipal(), "Chrome");
        newSession(engine, s -> s.put("anonymous", true));
        assertThat(engine.userSessions().list(alice, "userAgent"))
                .extracting(u -> u.attributes().get("userAgent")).containsExactlyInAnyOrder("Firefox", "Safari");
    }

    @Test
    void destroyAllEndsEverySessionOfThePrincipalOnEveryInstance() {
        principalIndex();
        SessionStore second = secondInstance();
        try {
            SessionManager one = engine();
            SessionManager two = SessionManager.create(SessionConfig.builder()
                    .secrets("tck secret that is long enough to be a real one").store(second).build());
            String alice = newPrincipal();
            TckExchange first = login(one, alice, "one");
            login(two, alice, "two");
            String bob = newPrincipal();
            login(two, bob, "bob");
            assertThat(two.userSessions().destroyAll(alice)).isEqualTo(2);
            assertThat(one.userSessions().list(alice)).isEmpty();
            assertThat(one.userSessions().list(bob)).hasSize(1);
            request(one, first, s -> assertThat(s.principal()).isEmpty());
        } finally {
            closeSecond(second);
        }
    }

    @Test
    void aDestroyedSessionLeavesTheIndexInTheSameWrite() {
        PrincipalIndex index = principalIndex();
        String alice = newPrincipal();
        String id = newId();
        store.set(id, new StoredSession(principalRecord(alice), Instant.now().plus(Duration.ofMinutes(5))
                .truncatedTo(ChronoUnit.MILLIS), alice));
        assertThat(index.ids(alice)).containsExactly(id);
        store.destroy(id);
        assertThat(index.ids(alice)).isEmpty();
    }

    @Test
    void anExpiredSessionLeavesTheIndexWithoutASweep() throws InterruptedException {
        PrincipalIndex index = principalIndex();
        String alice = newPrincipal();
        String shortLived = newId();
        String longLived = newId();
        store.set(shortLived, new StoredSession(principalRecord(alice), Instant.now().plus(shortLifetime())
                .truncatedTo(ChronoUnit.MILLIS), alice));
        store.set(longLived, new StoredSession(principalRecord(alice), Instant.now().plus(Duration.ofMinutes(5))
                .truncatedTo(ChronoUnit.MILLIS), alice));
        assertThat(index.ids(alice)).containsExactly(shortLived, longLived);
        Thread.sleep(shortLifetime().plus(expiryPrecision()).toMillis() + 200);
        assertThat(index.ids(alice)).containsExactly(longLived);
    }

    @Test
    void aTouchKeepsTheSessionInTheIndexPastItsFirstExpiry() throws InterruptedException {
        PrincipalIndex index = principalIndex();
        String alice = newPrincipal();
        String id = newId();
        store.set(id, new StoredSession(principalRecord(alice), Instant.now().plus(shortLifetime())
                .truncatedTo(ChronoUnit.MILLIS), alice));
        assertThat(store.touch(id, Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS))).isTrue();
        Thread.sleep(shortLifetime().plus(expiryPrecision()).toMillis() + 200);
        assertThat(index.ids(alice)).containsExactly(id);
    }

    @Test
    void aSessionGivenToAnotherPrincipalIsListedForThatOneOnly() {
        principalIndex();
        SessionManager engine = engine();
        String alice = newPrincipal();
        String bob = newPrincipal();
        TckExchange first = login(engine, alice, "shared");
        request(engine, first, s -> s.principal(bob));
        assertThat(engine.userSessions().list(alice)).isEmpty();
        assertThat(engine.userSessions().list(bob)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"REFUSE", "END_OLDEST"})
    void twentySimultaneousLoginsOnTwoInstancesWithALimitOfOneLeaveExactlyOneSession(String policy)
            throws Exception {
        principalIndex();
        SessionStore second = secondInstance();
        try {
            PrincipalLimit limit = PrincipalLimit.of(1, PrincipalLimit.Policy.valueOf(policy));
            SessionManager one = engine(b -> b.principalLimit(limit));
            SessionManager two = SessionManager.create(SessionConfig.builder()
                    .secrets("tck secret that is long enough to be a real one").store(second)
                    .principalLimit(limit).build());
            String alice = newPrincipal();
            AtomicInteger refused = new AtomicInteger();
            List<Throwable> failures = runRequests(20, 20, n -> {
                try {
                    login(n % 2 == 0 ? one : two, alice, "device " + n);
                } catch (PrincipalLimitException e) {
                    refused.incrementAndGet();
                }
            });
            assertThat(failures).isEmpty();
            assertThat(one.userSessions().list(alice)).hasSize(1);
            assertThat(two.userSessions().list(alice)).hasSize(1);
            if (limit.policy() == PrincipalLimit.Policy.REFUSE) {
                assertThat(refused.get()).isEqualTo(19);
            }
        } finally {
            closeSecond(second);
        }
    }

    /** A stored session naming a principal, as the engine writes it. */
    private static String principalRecord(String principal) {
        return "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"},"
                + "\"__sessions4j\":{\"principal\":\"" + principal + "\"}}";
    }

    // ---- expiry events (stores whose addExpiryListener returns true) ----

    /**
     * Another instance over the same records that reports expiry, for stores whose {@link #createStore()} does
     * not (a JDBC store built without a prune schedule). The TCK closes it. The default is
     * {@link #openSecondInstance()}.
     *
     * @return the instance, or {@code null} when the store lives in one object
     */
    protected SessionStore openInstanceReportingExpiry() {
        return openSecondInstance();
    }

    /**
     * {@return how many extra reports of one expiry the two-instance test tolerates} Zero by default: every
     * sessions4j store reports each expired record once while no instance fails (at least once is the contract;
     * a repeat comes from an instance that dies between reporting and removing).
     */
    protected int expiryDuplicatesAllowed() {
        return 0;
    }

    /** How long an expiry event may take in these tests: the poll or prune interval, and a loaded machine. */
    private static final Duration EVENT_DEADLINE = Duration.ofSeconds(30);

    /**
     * The instance that reports expiry to {@code listener}: {@link #store} itself, or one from
     * {@link #openInstanceReportingExpiry()} (added to {@code opened}); skips the test when neither does.
     */
    private SessionStore reportingInstance(ExpiryListener listener, List<SessionStore> opened) {
        if (store.addExpiryListener(listener)) {
            return store;
        }
        SessionStore other = openInstanceReportingExpiry();
        if (other != null) {
            opened.add(other);
            if (other.addExpiryListener(listener)) {
                return other;
            }
        }
        org.junit.jupiter.api.Assumptions.abort(store.name() + " does not report expiry");
        return null;
    }

    private static void closeAll(List<SessionStore> opened) {
        opened.forEach(SessionStore::close);
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after {@link #EVENT_DEADLINE}. */
    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder dump = new StringBuilder();
                Thread.getAllStackTraces().forEach((t, st) -> {
                    if (t.getName().contains("ForkJoin") || t.getName().contains("expiry")) {
                        dump.append("\n").append(t.getName()).append(" ").append(t.getState());
                        for (StackTraceElement e : st) {
                            dump.append("\n  at ").append(e);
                        }
                    }
                });
                System.err.println("[tck] expiry and pool threads at the deadline:" + dump);
                throw new AssertionError("not within " + EVENT_DEADLINE + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void anExpiredSessionIsReportedWithItsPrincipal() throws InterruptedException {
        List<SessionStore> opened = new ArrayList<>();
        try {
            SessionStore reporting = reportingInstance((id, last) -> { }, opened);
            List<SessionEvent> expired = new java.util.concurrent.CopyOnWriteArrayList<>();
            SessionManager engine = engine(b -> b.store(reporting)
                    .cookie(c -> c.maxAge(shortLifetime()))
                    .listener(new SessionListener() {
                        @Override
                        public void expired(SessionEvent event) {
                            expired.add(event);
                        }
                    }));
            String alice = newPrincipal();
            String[] ids = new String[2];
            newSession(engine, s -> ids[0] = s.principal(alice).put("userAgent", "Firefox").id());
            newSession(engine, s -> ids[1] = s.put("anonymous", true).id());
            awaitTrue("both sessions reported expired", () -> expired.stream().map(SessionEvent::id)
                    .collect(Collectors.toSet()).containsAll(List.of(ids)));
            assertThat(expired).filteredOn(e -> e.id().equals(ids[0])).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo(SessionEvent.Type.EXPIRED);
                assertThat(e.principal()).contains(alice);
            });
            assertThat(expired).filteredOn(e -> e.id().equals(ids[1]))
                    .allSatisfy(e -> assertThat(e.principal()).isEmpty());
        } finally {
            closeAll(opened);
        }
    }

    @Test
    void aTouchedRecordIsNotReportedWhileAlive() throws InterruptedException {
        List<SessionStore> opened = new ArrayList<>();
        try {
            Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
            SessionStore s = reportingInstance((id, last) -> reported.add(id), opened);
            String touched = newId();
            String slid = newId();
            String control = newId();
            s.set(touched, record("{\"cookie\":{}}", shortLifetime()));
            // Slid by a read, as on every request: the rule of TouchRequest, to the cookie's originalMaxAge.
            StoredSession slidRecord = record("{\"cookie\":{\"originalMaxAge\":300000,\"expires\":null,"
                    + "\"httpOnly\":true,\"path\":\"/\"}}", shortLifetime());
            s.set(slid, slidRecord);
            assertThat(s.touch(touched, Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS)))
                    .isTrue();
            Optional<StoredSession> read = s.getAndTouch(slid,
                    new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1)));
            assertThat(read).isPresent();
            // A store whose reads do not touch (the default getAndTouch) leaves that to the engine's touch().
            boolean slidByRead = read.get().expires().isAfter(slidRecord.expires().plus(Duration.ofMinutes(1)));
            // Expires after the old expiries of the other two: once it is reported, they have been looked at.
            s.set(control, record("{\"cookie\":{}}", shortLifetime().plusMillis(500)));
            awaitTrue("the control record reported", () -> reported.contains(control));
            assertThat(reported).doesNotContain(touched);
            assertThat(s.get(touched)).isPresent();
            if (slidByRead) {
                assertThat(reported).doesNotContain(slid);
                assertThat(s.get(slid)).isPresent();
            }
        } finally {
            closeAll(opened);
        }
    }

    @Test
    void aDestroyedRecordIsNotReportedAsExpired() throws InterruptedException {
        List<SessionStore> opened = new ArrayList<>();
        try {
            Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
            SessionStore s = reportingInstance((id, last) -> reported.add(id), opened);
            String destroyed = newId();
            String control = newId();
            s.set(destroyed, record("{\"cookie\":{}}", shortLifetime()));
            s.destroy(destroyed);
            s.set(control, record("{\"cookie\":{}}", shortLifetime().plusMillis(500)));
            awaitTrue("the control record reported", () -> reported.contains(control));
            assertThat(reported).doesNotContain(destroyed);
        } finally {
            closeAll(opened);
        }
    }

    /**
     * Asserts: every expired record is reported at least once in total over both instances, and none more than
     * {@code 1 + expiryDuplicatesAllowed()} times, counted until a record written after all of them were reported
     * has been reported too (a late duplicate would come from a drain or prune that started before it).
     */
    @Test
    void twoInstancesReportEachExpiryAtLeastOnceInTotalAndDuplicatesAreBounded() throws InterruptedException {
        List<SessionStore> opened = new ArrayList<>();
        try {
            java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> counts =
                    new java.util.concurrent.ConcurrentHashMap<>();
            ExpiryListener counting = (id, last) -> counts.computeIfAbsent(id, k -> new AtomicInteger())
                    .incrementAndGet();
            SessionStore one = reportingInstance(counting, opened);
            SessionStore two = openInstanceReportingExpiry();
            if (two != null) {
                opened.add(two);
                assertThat(two.addExpiryListener(counting)).as("the second instance reports expiry too").isTrue();
            } else {
                two = one;
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = newId();
                ids.add(id);
                (i % 2 == 0 ? one : two).set(id, record("{\"cookie\":{},\"n\":" + i + "}",
                        shortLifetime().plusMillis(25L * i)));
            }
            awaitTrue("all 20 expiries reported", () -> counts.keySet().containsAll(ids));
            String control = newId();
            one.set(control, record("{\"cookie\":{}}", shortLifetime()));
            awaitTrue("the control record reported", () -> counts.containsKey(control));
            for (String id : ids) {
                assertThat(counts.get(id).get()).as("reports of " + id)
                        .isBetween(1, 1 + expiryDuplicatesAllowed());
            }
        } finally {
            closeAll(opened);
        }
    }

    @Test
    void sessionsEndedToMakeRoomAreReportedAsDestroyedWithTheirData() {
        principalIndex();
        List<SessionEvent> destroyed = new java.util.concurrent.CopyOnWriteArrayList<>();
        SessionManager engine = engine(b -> b
                .principalLimit(PrincipalLimit.of(1, PrincipalLimit.Policy.END_OLDEST))
                .listener(new SessionListener() {
                    @Override
                    public void destroyed(SessionEvent event) {
                        destroyed.add(event);
                    }
                }));
        String alice = newPrincipal();
        String[] first = new String[1];
        newSession(engine, s -> first[0] = s.principal(alice).put("userAgent", "Firefox").id());
        newSession(engine, s -> s.principal(alice).put("userAgent", "Safari"));
        assertThat(destroyed).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(first[0]);
            assertThat(e.principal()).contains(alice);
            assertThat(e.session()).hasValueSatisfying(
                    s -> assertThat(s.get("userAgent", String.class)).contains("Firefox"));
        });
        assertThat(engine.userSessions().list(alice, "userAgent")).singleElement()
                .satisfies(u -> assertThat(u.attributes()).containsEntry("userAgent", "Safari"));
    }

    // ---- helpers ----

    /** {@return an engine over the store under test, with the library's defaults} */
    protected SessionManager engine() {
        return engine(b -> b);
    }

    /**
     * An engine over the store under test, with the library's defaults changed by {@code custom}.
     *
     * @param custom changes the builder, e.g. {@code b -> b.concurrency(ConcurrencyMode.LOCK)}
     * @return the engine
     */
    protected SessionManager engine(UnaryOperator<SessionConfig.Builder> custom) {
        return SessionManager.create(custom.apply(SessionConfig.builder()
                .secrets("tck secret that is long enough to be a real one")
                .store(store))
                .build());
    }

    /**
     * Another instance of the store over the same records, as a second application instance would open it
     * (its own connections, same prefix or table). The TCK closes it. The default returns {@code null}: the
     * store lives in one object, and "two instances" share {@link #store}.
     *
     * @return the second instance, or {@code null}
     */
    protected SessionStore openSecondInstance() {
        return null;
    }

    /** The second instance, or {@link #store} itself; close it with {@link #closeSecond}. */
    private SessionStore secondInstance() {
        SessionStore second = openSecondInstance();
        return second != null ? second : store;
    }

    private void closeSecond(SessionStore second) {
        if (second != store) {
            second.close();
        }
    }

    private StoreLocks storeLocks() {
        org.junit.jupiter.api.Assumptions.assumeTrue(store.locks().isPresent(),
                store.name() + " has no locks across instances; LOCK mode is checked within one instance");
        return store.locks().get();
    }

    /**
     * Runs a first request that stores a session.
     *
     * @param engine the engine
     * @param handler what the request does with its session
     * @return its exchange, whose cookie later requests send
     */
    protected static TckExchange newSession(SessionManager engine, Consumer<Session> handler) {
        TckExchange first = TckExchange.request();
        try (RequestScope scope = engine.open(first)) {
            handler.accept(scope.session());
            scope.commit();
        }
        return first;
    }

    /**
     * Runs one request with the cookie of {@code first}.
     *
     * @param engine the engine
     * @param first the exchange that set the cookie
     * @param handler what the request does with its session
     */
    protected static void request(SessionManager engine, TckExchange first, Consumer<Session> handler) {
        try (RequestScope scope = engine.open(TckExchange.withCookieFrom(first))) {
            handler.accept(scope.session());
            scope.commit();
        }
    }

    /** Runs {@code count} requests on {@code threads} threads at once; returns the failures. */
    private static List<Throwable> runRequests(int threads, int count, IntConsumer request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        request.accept(n);
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@return a fresh session id, unique across test runs} */
    protected static String newId() {
        return "tck-" + UUID.randomUUID();
    }

    /**
     * A record to store.
     *
     * @param json the record's text
     * @param lifetime how long from now it lives
     * @return the record, its expiry in whole milliseconds (what every backend keeps)
     */
    protected static StoredSession record(String json, Duration lifetime) {
        return new StoredSession(json, Instant.now().plus(lifetime).truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Asserts that a stored expiry is the one written, within {@link #expiryPrecision()}.
     *
     * @param actual the expiry the store reports
     * @param expected the expiry written
     */
    protected void assertExpiry(Instant actual, Instant expected) {
        assertThat(actual).isCloseTo(expected, within(expiryPrecision().toMillis(), ChronoUnit.MILLIS));
    }

    private static <T> List<T> runTogether(List<Callable<T>> tasks, CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Counts how often something happened across threads, for subclasses' own tests. */
    protected static final class Counter {
        private final AtomicInteger count = new AtomicInteger();

        /** A counter at zero. */
        public Counter() {
        }

        /** Counts one more. */
        public void increment() {
            count.incrementAndGet();
        }

        /** {@return the count so far} */
        public int get() {
            return count.get();
        }
    }

    /**
     * Reads a record's text, for subclasses' own tests.
     *
     * @param id the record's id
     * @return its text; empty when missing or expired
     */
    protected Optional<String> text(String id) {
        return store.get(id).map(StoredSession::json);
    }
}
