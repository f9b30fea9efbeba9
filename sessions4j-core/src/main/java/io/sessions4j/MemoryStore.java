package io.sessions4j;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.sessions4j.spi.ExpiryListener;
import io.sessions4j.spi.PrincipalIndex;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.StoredSession;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: sessions in this JVM's memory, on Caffeine. Fit for production on one node:
 * each record expires at its own {@link StoredSession#expires()} and is removed actively (not only when
 * read again), records are kept as JSON strings, so no request ever shares a mutable object with another,
 * and {@link #replace} is atomic. Records that time out or are evicted by the bound are reported to
 * {@link #addExpiryListener expiry listeners}, once each, on the common fork-join pool.
 *
 * <p>The store is bounded by the memory its records take, so that a flood of new sessions (anonymous
 * traffic on a page that writes the session) cannot fill the heap: by default half of the heap
 * ({@code -Xmx}), estimated as the characters of each id and JSON text plus {@value #ENTRY_OVERHEAD} per
 * record. Beyond the bound, the records least likely to be used again are evicted (Caffeine's W-TinyLFU:
 * a session that is used keeps its place against a stream of one-request sessions); {@link #evictionCount()}
 * counts them, and the first eviction is logged.
 *
 * <pre>{@code
 * MemoryStore store = MemoryStore.builder().maximumWeight(256L << 20).build();   // 256 MB
 * MemoryStore small = MemoryStore.builder().maximumSize(10_000).build();         // or a number of sessions
 * }</pre>
 */
public final class MemoryStore implements SessionStore {
    /**
     * The estimated bytes one record takes besides the characters of its id and JSON (cache node and its share of
     * the cache's tables, the two strings' headers, record, expiry): measured at about 282 on a 64-bit JVM with
     * compressed pointers ({@code bench/RESULTS-memory.md}).
     */
    public static final int ENTRY_OVERHEAD = 288;
    private static final Logger LOG = LoggerFactory.getLogger(MemoryStore.class);

    private final Cache<String, StoredSession> cache;
    private final Clock clock;
    private final MemoryLocks locks;
    private final List<ExpiryListener> expiryListeners = new CopyOnWriteArrayList<>();
    private final String bound;
    private final LongAdder evictions = new LongAdder();
    private final AtomicBoolean evictionLogged = new AtomicBoolean();
    private final Principals principals = new Principals();

    private MemoryStore(Builder b) {
        this.clock = b.clock;
        // The scheduler removes expired records promptly instead of waiting for later cache activity. The
        // writing thread does the cache's upkeep itself, so eviction keeps up with any rate of writes.
        Caffeine<String, StoredSession> caffeine = Caffeine.newBuilder()
                .ticker(ticker(b.clock))
                .scheduler(ExpiryTimer.SCHEDULER)
                .executor(Runnable::run)
                .expireAfter(new RecordExpiry(b.clock))
                .removalListener(this::removed);
        if (b.maximumSize > 0) {
            caffeine.maximumSize(b.maximumSize);
            this.bound = b.maximumSize + " sessions";
        } else {
            long weight = b.maximumWeight > 0 ? b.maximumWeight : defaultMaximumWeight();
            caffeine.maximumWeight(weight).weigher(MemoryStore::weigh);
            this.bound = weight >= 1 << 20 ? (weight >> 20) + " MB" : weight + " bytes";
        }
        this.cache = caffeine.build();
        this.locks = new MemoryLocks(b.clock);
    }

    /** A store bounded by the default weight (half of the heap), on the system clock. */
    public MemoryStore() {
        this(builder());
    }

    /**
     * {@return the default bound in bytes: half of the largest heap this JVM may use} With a session of a
     * counter weighing about 400 bytes, that is over a million sessions in a 1 GiB heap.
     */
    public static long defaultMaximumWeight() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** The estimated memory one record takes (what {@link Builder#maximumWeight(long)} bounds). */
    static int weigh(String id, StoredSession session) {
        long weight = (long) ENTRY_OVERHEAD + id.length() + session.json().length();
        return (int) Math.min(Integer.MAX_VALUE, weight);
    }

    /** {@return how many sessions were evicted to keep the store within its bound (expired ones are not counted)} */
    public long evictionCount() {
        return evictions.sum();
    }

    /** {@return a builder of a store bounded by the default weight, on the system clock} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<StoredSession> get(String id) {
        StoredSession s = cache.getIfPresent(id);
        return s == null || s.isExpiredAt(clock.instant()) ? Optional.empty() : Optional.of(s);
    }

    @Override
    public void set(String id, StoredSession session) {
        Objects.requireNonNull(session, "session");
        if (session.isExpiredAt(clock.instant())) {
            cache.invalidate(id);
        } else {
            cache.asMap().compute(id, (k, current) -> {
                principals.moved(id, current, session);
                return session;
            });
        }
    }

    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        Instant now = clock.instant();
        StoredSession seen = cache.getIfPresent(id);
        if (seen == null || seen.isExpiredAt(now) || !seen.json().equals(expectedJson)) {
            return false;
        }
        if (seen.principal() == null && session.principal() == null && !session.isExpiredAt(now)) {
            // Nobody's session, staying live: the index has nothing to do, so a plain compare-and-set will do.
            return cache.asMap().replace(id, seen, session);
        }
        boolean[] replaced = {false};
        cache.asMap().computeIfPresent(id, (k, current) -> {
            // An expired record is left for Caffeine to remove, which reports it as expired.
            if (current.isExpiredAt(now) || !current.json().equals(expectedJson)) {
                return current;
            }
            replaced[0] = true;
            if (session.isExpiredAt(now)) {
                return null;
            }
            principals.moved(id, current, session);
            return session;
        });
        return replaced[0];
    }

    @Override
    public boolean touch(String id, Instant expires) {
        boolean[] touched = {false};
        Instant now = clock.instant();
        cache.asMap().computeIfPresent(id, (k, current) -> {
            if (current.isExpiredAt(now)) {
                return current;
            }
            touched[0] = true;
            return new StoredSession(current.json(), expires, current.principal());
        });
        return touched[0];
    }

    @Override
    public void destroy(String id) {
        cache.invalidate(id);
    }

    /** Leases in this store object: they serialize every engine that shares it. */
    @Override
    public Optional<StoreLocks> locks() {
        return Optional.of(locks);
    }

    /** A map from principal to ids, updated in the same per-record atomic step that writes the record. */
    @Override
    public Optional<PrincipalIndex> principals() {
        return Optional.of(principals);
    }

    @Override
    public long length() {
        Instant now = clock.instant();
        return cache.asMap().values().stream().filter(s -> !s.isExpiredAt(now)).count();
    }

    @Override
    public void clear() {
        cache.invalidateAll();
    }

    @Override
    public Stream<String> ids() {
        Instant now = clock.instant();
        List<String> ids = cache.asMap().entrySet().stream()
                .filter(e -> !e.getValue().isExpiredAt(now))
                .map(java.util.Map.Entry::getKey)
                .toList();
        return ids.stream();
    }

    /** Reports records that time out or are evicted by the bound; never destroyed ones. */
    @Override
    public boolean addExpiryListener(ExpiryListener listener) {
        expiryListeners.add(Objects.requireNonNull(listener, "listener"));
        return true;
    }

    /** Runs on the thread that caused the removal; listeners are called on the common fork-join pool. */
    private void removed(String id, StoredSession last, RemovalCause cause) {
        if (cause == RemovalCause.SIZE) {
            evicted();
        }
        if (cause != RemovalCause.REPLACED && last != null && id != null) {
            principals.removed(id, last);
        }
        if (!cause.wasEvicted() || id == null || expiryListeners.isEmpty()) {
            return;
        }
        ForkJoinPool.commonPool().execute(() -> {
            for (ExpiryListener listener : expiryListeners) {
                try {
                    listener.expired(id, Optional.ofNullable(last));
                } catch (RuntimeException e) {
                    LOG.warn("expiry listener {} failed: {}", listener, e.toString());
                }
            }
        });
    }

    private void evicted() {
        evictions.increment();
        if (evictionLogged.compareAndSet(false, true)) {
            LOG.warn("MemoryStore is full ({}): evicting the sessions least likely to be used again; raise "
                    + "maximumWeight, or use a shared store (Redis, SQL) for more sessions", bound);
        }
    }

    @Override
    public void close() {
        cache.invalidateAll();
        cache.cleanUp();
    }

    /**
     * The index of sessions by principal. Writes of one record update it inside the cache's atomic compute of
     * that record; removals (destroy, expiry, eviction) in the removal listener. Admissions under a limit are
     * serialized per principal by a striped lock, which makes the count and the write one step.
     */
    private final class Principals implements PrincipalIndex {
        private final Map<String, Set<String>> byPrincipal = new ConcurrentHashMap<>();
        private final Object[] stripes = new Object[64];

        Principals() {
            for (int i = 0; i < stripes.length; i++) {
                stripes[i] = new Object();
            }
        }

        /** A record was written over {@code before} (null when new). */
        void moved(String id, StoredSession before, StoredSession after) {
            String was = before != null ? before.principal() : null;
            if (was != null && !was.equals(after.principal())) {
                unindex(was, id);
            }
            if (after.principal() != null) {
                byPrincipal.computeIfAbsent(after.principal(), p -> ConcurrentHashMap.newKeySet()).add(id);
            }
        }

        /** A record left the cache; a write of the same id that raced with its removal keeps its entry. */
        void removed(String id, StoredSession last) {
            if (last.principal() != null) {
                StoredSession now = cache.getIfPresent(id);
                if (now == null || !last.principal().equals(now.principal())) {
                    unindex(last.principal(), id);
                }
            }
        }

        private void unindex(String principal, String id) {
            byPrincipal.computeIfPresent(principal, (p, ids) -> {
                ids.remove(id);
                return ids.isEmpty() ? null : ids;
            });
        }

        @Override
        public List<String> ids(String principal) {
            Objects.requireNonNull(principal, "principal");
            Set<String> ids = byPrincipal.getOrDefault(principal, Set.of());
            Instant now = clock.instant();
            List<Map.Entry<String, StoredSession>> live = new ArrayList<>();
            for (String id : ids) {
                StoredSession s = cache.getIfPresent(id);
                if (s != null && !s.isExpiredAt(now)) {
                    live.add(Map.entry(id, s));
                }
            }
            live.sort(Comparator.comparing(e -> e.getValue().expires()));
            return live.stream().map(Map.Entry::getKey).toList();
        }

        @Override
        public void remove(String principal, String id) {
            unindex(principal, id);
        }

        @Override
        public Admission admit(String id, String expectedJson, StoredSession session, int limit, boolean endOldest) {
            String principal = Objects.requireNonNull(session.principal(), "session.principal()");
            synchronized (stripes[Math.floorMod(principal.hashCode(), stripes.length)]) {
                List<String> others = new ArrayList<>();
                for (String other : ids(principal)) {
                    StoredSession s = cache.getIfPresent(other);
                    if (!other.equals(id) && s != null && principal.equals(s.principal())) {
                        others.add(other);
                    }
                }
                if (expectedJson != null) {
                    StoredSession current = get(id).orElse(null);
                    if (current == null || !current.json().equals(expectedJson)) {
                        return new Admission(Outcome.CONFLICT, List.of());
                    }
                }
                List<String> ended = List.of();
                if (others.size() >= limit) {
                    if (!endOldest) {
                        return new Admission(Outcome.REFUSED, List.of());
                    }
                    ended = List.copyOf(others.subList(0, others.size() - limit + 1));
                }
                if (expectedJson == null) {
                    set(id, session);
                } else if (!replace(id, expectedJson, session)) {
                    return new Admission(Outcome.CONFLICT, List.of());
                }
                ended.forEach(MemoryStore.this::destroy);
                return new Admission(Outcome.WRITTEN, ended);
            }
        }
    }

    /**
     * The system clock gets Caffeine's own nanosecond ticker: the scheduler wakes the cache on {@code nanoTime},
     * and a ticker of whole wall-clock milliseconds could read a wake-up as not yet due, which made the cache
     * skip scheduling the next one (expired records then waited for other cache activity to be noticed and
     * reported). Expiries are durations from the clock either way.
     */
    private static Ticker ticker(Clock clock) {
        if (clock.getClass() == Clock.systemUTC().getClass()) {
            return Ticker.systemTicker();
        }
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    /**
     * The thread that wakes the caches up when their next record expires. Caffeine's system scheduler keeps a
     * cancelled wake-up queued until its time comes, and a cache cancels one whenever it empties: a store that
     * empties and fills again (a last user logging out and in) piled them up for as long as a session lives.
     * This executor drops a cancelled wake-up at once.
     */
    private static final class ExpiryTimer {
        private static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sessions4j-memory-store-expiry");
            t.setDaemon(true);
            return t;
        });
        static final Scheduler SCHEDULER;

        static {
            EXECUTOR.setRemoveOnCancelPolicy(true);
            SCHEDULER = Scheduler.forScheduledExecutorService(EXECUTOR);
        }

        private ExpiryTimer() {
        }
    }

    /** Each record lives until its own {@code expires}. */
    private static final class RecordExpiry implements Expiry<String, StoredSession> {
        private final Clock clock;

        RecordExpiry(Clock clock) {
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(String key, StoredSession value, long currentTime) {
            return nanosUntil(value.expires());
        }

        @Override
        public long expireAfterUpdate(String key, StoredSession value, long currentTime, long currentDuration) {
            return nanosUntil(value.expires());
        }

        @Override
        public long expireAfterRead(String key, StoredSession value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        /** In the clock's milliseconds (a duration, whatever the ticker): no Instant or Duration per write. */
        private long nanosUntil(Instant expires) {
            long millis = Math.subtractExact(expires.toEpochMilli(), clock.millis());
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        }
    }

    /** Builder of {@link MemoryStore}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private long maximumSize;
        private long maximumWeight;

        private Builder() {
        }

        /**
         * The clock that decides expiry; give the session configuration's clock in tests.
         *
         * @param clock the clock; default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Bounds the estimated memory of the records, in bytes (default:
         * {@link MemoryStore#defaultMaximumWeight()}, half of the heap); beyond it the least valuable are
         * evicted. Replaces {@link #maximumSize(long)}.
         *
         * @param bytes the bound, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is not positive
         */
        public Builder maximumWeight(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maximumWeight: must be a positive number of bytes, got " + bytes);
            }
            this.maximumWeight = bytes;
            this.maximumSize = 0;
            return this;
        }

        /**
         * Bounds the number of sessions instead of their memory; beyond it the least valuable are evicted.
         * Replaces {@link #maximumWeight(long)}: with large sessions, a count alone does not bound the heap.
         *
         * @param maximumSize the bound, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code maximumSize} is not positive
         */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize <= 0) {
                throw new IllegalArgumentException("maximumSize: must be a positive number of sessions, got "
                        + maximumSize);
            }
            this.maximumSize = maximumSize;
            this.maximumWeight = 0;
            return this;
        }

        /** {@return a new store with these settings} */
        public MemoryStore build() {
            return new MemoryStore(this);
        }
    }
}
