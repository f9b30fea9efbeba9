package io.sessions4j.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionStore;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    // ---- helpers ----

    /** {@return an engine over the store under test, with the library's defaults} */
    protected SessionManager engine() {
        return SessionManager.create(SessionConfig.builder()
                .secrets("tck secret that is long enough to be a real one")
                .store(store)
                .build());
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
