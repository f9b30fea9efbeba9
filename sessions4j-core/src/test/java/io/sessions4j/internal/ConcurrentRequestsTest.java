package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.ConcurrencyMode;
import io.sessions4j.MemoryStore;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionConflictException;
import io.sessions4j.SessionLockTimeoutException;
import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.testing.ForwardingStore;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lost-update protection: merge on compare-and-set conflicts, and the LOCK mode. */
class ConcurrentRequestsTest extends EngineTestSupport {

    @Test
    void twoRequestsChangingDifferentKeysBothSurvive() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        RequestScope a = engine.open(FakeExchange.following(first));
        RequestScope b = engine.open(FakeExchange.following(first));
        a.session().put("a", 1);
        b.session().put("b", 2).remove("views");
        a.commit();
        b.commit();
        assertThat(store.calls()).containsExactly("get", "get", "replace", "replace", "get", "replace");
        request(engine, FakeExchange.following(first), s -> assertThat(s.keys()).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    void theSameKeyChangedTwiceKeepsTheLastSave() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        RequestScope a = engine.open(FakeExchange.following(first));
        RequestScope b = engine.open(FakeExchange.following(first));
        a.session().put("views", 10);
        b.session().put("views", 20);
        a.commit();
        b.commit();
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("views", Integer.class)).contains(20));
    }

    @Test
    void aMergedSaveAdoptsTheCookieAnotherRequestChanged() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        RequestScope rememberMe = engine.open(FakeExchange.following(first));
        FakeExchange otherExchange = FakeExchange.following(first);
        RequestScope other = engine.open(otherExchange);
        rememberMe.session().cookie().maxAge(Duration.ofDays(30));
        other.session().put("x", 1);
        rememberMe.commit();
        other.commit();
        assertThat(otherExchange.setCookies()).singleElement().asString().contains("Expires=Fri, 25 Dec 2026");
    }

    @Test
    void aSaveNeverBringsBackASessionAnotherRequestDestroyed() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        RequestScope slow = engine.open(FakeExchange.following(first));
        FakeExchange slowExchange = FakeExchange.following(first);
        RequestScope logout = engine.open(slowExchange);
        slow.session().put("cart", List.of("book"));
        logout.session().destroy();
        logout.commit();
        slow.commit();
        assertThat(store.delegate().get(id)).isEmpty();
    }

    @Test
    void aTouchNeverBringsBackASessionAnotherRequestDestroyed() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        RequestScope reader = engine.open(FakeExchange.following(first));
        reader.session().get("views");
        store.delegate().destroy(id);
        reader.commit();
        assertThat(store.delegate().get(id)).isEmpty();
    }

    @Test
    void fiftyConcurrentRequestsEachSettingItsOwnKeyAllSurvive() throws Exception {
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET)
                .store(new MemoryStore()).build());
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("start", true));
        runConcurrently(50, i -> request(engine, FakeExchange.following(first), s -> s.put("k" + i, i)));
        request(engine, FakeExchange.following(first), s -> {
            for (int i = 0; i < 50; i++) {
                assertThat(s.get("k" + i, Integer.class)).as("k" + i).contains(i);
            }
        });
    }

    @Test
    void lockModeMakesConcurrentIncrementsExact() throws Exception {
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET)
                .store(new MemoryStore()).concurrency(ConcurrencyMode.LOCK).build());
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("n", 0));
        runConcurrently(1000, i -> request(engine, FakeExchange.following(first),
                s -> s.put("n", s.get("n", Integer.class).orElseThrow() + 1)));
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("n", Integer.class)).contains(1000));
    }

    @Test
    void lockModeWaitsAtMostTheLockTimeout() {
        SessionManager engine = engine(b -> b.concurrency(ConcurrencyMode.LOCK).lockTimeout(Duration.ofMillis(100)));
        FakeExchange first = stored(engine);
        try (RequestScope holder = engine.open(FakeExchange.following(first))) {
            assertThatThrownBy(() -> engine.open(FakeExchange.following(first)))
                    .isInstanceOf(SessionLockTimeoutException.class);
            holder.commit();
        }
        try (RequestScope next = engine.open(FakeExchange.following(first))) {
            assertThat(next.session().isNew()).isFalse();
        }
    }

    @Test
    void aStoreThatRefusesTheTextItReturnsFailsAtOnceInsteadOfRetrying() {
        MemoryStore memory = MemoryStore.builder().clock(clock).build();
        CountingStore refusing = new CountingStore(new ForwardingStore(memory) {
            @Override
            public boolean replace(String id, String expectedJson, StoredSession session) {
                return false;
            }
        });
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET).clock(clock)
                .store(refusing).build());
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("a", 1));
        refusing.reset();
        try (RequestScope scope = engine.open(FakeExchange.following(first))) {
            scope.session().put("a", 2);
            assertThatThrownBy(scope::commit).isInstanceOf(SessionStoreException.class)
                    .isNotInstanceOf(SessionConflictException.class)
                    .hasMessageContaining("do not round-trip");
        }
        assertThat(refusing.calls()).containsExactly("get", "replace", "get", "replace", "get");
    }

    @Test
    void aSaveThatKeepsLosingEvenUnderItsLockGivesUpAfterTheLockTimeout() {
        MemoryStore memory = MemoryStore.builder().clock(clock).build();
        AtomicInteger otherWrites = new AtomicInteger();
        SessionStore everyoneElseWins = new ForwardingStore(memory) {
            @Override
            public Optional<StoredSession> get(String id) {
                // Another instance saved again just before every read.
                StoredSession current = memory.get(id).orElseThrow();
                String json = current.json().replaceFirst("\\}$", ",\"other\":" + otherWrites.incrementAndGet() + "}");
                memory.set(id, new StoredSession(json, current.expires()));
                return memory.get(id);
            }

            @Override
            public boolean replace(String id, String expectedJson, StoredSession session) {
                return false;
            }
        };
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET).clock(clock)
                .store(everyoneElseWins).lockTimeout(Duration.ofMillis(200)).build());
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("a", 1));
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 2; i++) {
                try (RequestScope scope = engine.open(FakeExchange.following(first))) {
                    scope.session().put("a", 2);
                    assertThatThrownBy(scope::commit).isInstanceOf(SessionConflictException.class)
                            .hasMessageContaining("200 ms of conflicting concurrent saves");
                }
            }
            assertThat(log.lines("gave up after 200 ms")).as("one warning, not one per request").singleElement()
                    .asString().contains("WARN").contains("session " + LogIds.hash(CommitDecisionsTest.sessionId(first)));
        }
        assertThat(otherWrites.get()).as("it kept retrying under its lock").isGreaterThan(2);
    }

    @Test
    void aSaveThatConflictsTwiceTakesTheSessionLockAndReleasesIt() throws Exception {
        MemoryStore memory = MemoryStore.builder().clock(clock).build();
        AtomicInteger refusals = new AtomicInteger(2);
        AtomicInteger lockedDuringReplace = new AtomicInteger();
        SessionStore losesTwice = new ForwardingStore(memory) {
            @Override
            public boolean replace(String id, String expectedJson, StoredSession session) {
                if (refusals.getAndDecrement() > 0) {
                    // Another request saves in between.
                    StoredSession current = memory.get(id).orElseThrow();
                    memory.set(id, new StoredSession(current.json().replaceFirst("\\}$", ",\"x" + refusals.get()
                            + "\":true}"), current.expires()));
                    return false;
                }
                if (memory.locks().orElseThrow().tryLock(id, Duration.ofSeconds(1)).isEmpty()) {
                    lockedDuringReplace.incrementAndGet();
                }
                return memory.replace(id, expectedJson, session);
            }
        };
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET).clock(clock)
                .store(losesTwice).build());
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("a", 1));
        request(engine, FakeExchange.following(first), s -> s.put("mine", 2));
        assertThat(lockedDuringReplace.get()).as("the third attempt ran under the store lock").isEqualTo(1);
        String id = CommitDecisionsTest.sessionId(first);
        assertThat(memory.locks().orElseThrow().tryLock(id, Duration.ofSeconds(1))).as("released").isPresent();
        request(engine, FakeExchange.following(first), s -> assertThat(s.keys())
                .containsExactlyInAnyOrder("a", "mine", "x1", "x0"));
    }

    /**
     * A save that escalated to the session's lock must not keep losing to saves that have not: while this
     * instance holds the merge lock of a session, its other saves of that session wait for it instead of
     * racing it (on a hot session they would otherwise win every time, until the holder times out).
     */
    @Test
    void aSaveWaitsForTheMergeLockThisInstanceHoldsInsteadOfRacingIt() throws Exception {
        MemoryStore memory = MemoryStore.builder().clock(clock).build();
        AtomicInteger refusals = new AtomicInteger(2);
        CountDownLatch holderRereads = new CountDownLatch(1);
        CountDownLatch releaseHolder = new CountDownLatch(1);
        List<String> written = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread[] holder = new Thread[1];
        SessionStore store = new ForwardingStore(memory) {
            @Override
            public Optional<StoredSession> get(String id) {
                if (Thread.currentThread() == holder[0] && refusals.get() <= 0) {
                    // The holder re-reads under its lock; keep it there until the newcomer had its chance.
                    holderRereads.countDown();
                    await(releaseHolder);
                }
                return memory.get(id);
            }

            @Override
            public boolean replace(String id, String expectedJson, StoredSession session) {
                if (Thread.currentThread() == holder[0] && refusals.getAndDecrement() > 0) {
                    StoredSession current = memory.get(id).orElseThrow();
                    memory.set(id, new StoredSession(current.json().replaceFirst("\\}$", ",\"x" + refusals.get()
                            + "\":true}"), current.expires()));
                    return false;
                }
                boolean ok = memory.replace(id, expectedJson, session);
                if (ok) {
                    written.add(Thread.currentThread() == holder[0] ? "holder" : "newcomer");
                }
                return ok;
            }
        };
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET).clock(clock)
                .store(store).build());
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("a", 1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> held = pool.submit(() -> {
                holder[0] = Thread.currentThread();
                request(engine, FakeExchange.following(first), s -> s.put("n", 1));
            });
            assertThat(holderRereads.await(10, TimeUnit.SECONDS)).as("the holder escalated").isTrue();
            Future<?> newcomer = pool.submit(() -> request(engine, FakeExchange.following(first), s -> s.put("n", 2)));
            try {
                newcomer.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException expected) {
                // Still waiting for the holder's lock, as it should.
            }
            releaseHolder.countDown();
            held.get(10, TimeUnit.SECONDS);
            newcomer.get(10, TimeUnit.SECONDS);
        } finally {
            releaseHolder.countDown();
            pool.shutdownNow();
        }
        assertThat(written).as("the holder's save landed first; the newcomer's came after it")
                .containsExactly("holder", "newcomer");
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("n", Integer.class)).contains(2));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aConflictingSaveWhoseStoreCannotLockStillSucceedsAndAsksTheStoreAgainOnlyAfterAWhile() {
        MemoryStore memory = MemoryStore.builder().clock(clock).build();
        AtomicInteger lockCalls = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        SessionStore noLockTable = new ForwardingStore(memory) {
            @Override
            public boolean replace(String id, String expectedJson, StoredSession session) {
                int n = refusals.incrementAndGet();
                if (n % 3 != 0) {
                    // Every save loses twice to another request, then gets through.
                    StoredSession current = memory.get(id).orElseThrow();
                    memory.set(id, new StoredSession(current.json().replaceFirst("\\}$", ",\"x" + n + "\":true}"),
                            current.expires()));
                    return false;
                }
                return memory.replace(id, expectedJson, session);
            }

            @Override
            public Optional<StoreLocks> locks() {
                return Optional.of((id, lease) -> {
                    lockCalls.incrementAndGet();
                    throw new SessionStoreException("NoLockTable", "lock", "relation \"session_lock\" does not exist",
                            null);
                });
            }
        };
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET).clock(clock)
                .store(noLockTable).build());
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("a", 1));
        request(engine, FakeExchange.following(first), s -> s.put("b", 2));
        request(engine, FakeExchange.following(first), s -> s.put("c", 3));
        assertThat(lockCalls.get()).as("the store is asked once, then left alone for a while").isEqualTo(1);
        request(engine, FakeExchange.following(first), s -> assertThat(s.keys()).contains("a", "b", "c"));
    }

    @Test
    void lockModeTakesTheStoreLockAcrossEnginesSharingTheStore() throws Exception {
        MemoryStore shared = new MemoryStore();
        SessionManager one = SessionManager.create(SessionConfig.builder().secrets(SECRET).store(shared)
                .concurrency(ConcurrencyMode.LOCK).build());
        SessionManager two = SessionManager.create(SessionConfig.builder().secrets(SECRET).store(shared)
                .concurrency(ConcurrencyMode.LOCK).build());
        FakeExchange first = request(one, FakeExchange.get("/"), s -> s.put("n", 0));
        runConcurrently(400, i -> request(i % 2 == 0 ? one : two, FakeExchange.following(first),
                s -> s.put("n", s.get("n", Integer.class).orElseThrow() + 1)));
        request(one, FakeExchange.following(first), s -> assertThat(s.get("n", Integer.class)).contains(400));
    }

    @Test
    void lockModeWaitsForAStoreLockOnlyUntilItsLeaseEnds() {
        MemoryStore memory = MemoryStore.builder().clock(clock).build();
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET).clock(clock)
                .store(memory).concurrency(ConcurrencyMode.LOCK).lockTimeout(Duration.ofMillis(200)).build());
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("n", 1));
        String id = CommitDecisionsTest.sessionId(first);
        // An instance took the lock and died: it never releases.
        assertThat(memory.locks().orElseThrow().tryLock(id, Duration.ofSeconds(30))).isPresent();
        assertThatThrownBy(() -> engine.open(FakeExchange.following(first)))
                .isInstanceOf(SessionLockTimeoutException.class);
        clock.advance(Duration.ofSeconds(30));
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("n", Integer.class)).contains(1));
    }

    private interface Task {
        void run(int i) throws Exception;
    }

    private static void runConcurrently(int count, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 32));
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    task.run(n);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

}
