package io.sessions4j;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.sessions4j.spi.ExpiryListener;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: sessions in this JVM's memory, on Caffeine. Fit for production on one node:
 * each record expires at its own {@link StoredSession#expires()} and is removed actively (not only when
 * read again), the store can be bounded with {@link Builder#maximumSize(long)}, and records are kept as
 * JSON strings, so no request ever shares a mutable object with another. {@link #replace} is atomic.
 * Records that time out or are evicted by the bound are reported to {@link #addExpiryListener expiry
 * listeners}, once each, on Caffeine's executor (the common fork-join pool).
 *
 * <pre>{@code
 * MemoryStore store = MemoryStore.builder().maximumSize(100_000).build();
 * }</pre>
 */
public final class MemoryStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryStore.class);

    private final Cache<String, StoredSession> cache;
    private final Clock clock;
    private final MemoryLocks locks;
    private final List<ExpiryListener> expiryListeners = new CopyOnWriteArrayList<>();

    private MemoryStore(Builder b) {
        this.clock = b.clock;
        // The scheduler removes expired records promptly instead of waiting for later cache activity.
        Caffeine<String, StoredSession> caffeine = Caffeine.newBuilder()
                .ticker(ticker(b.clock))
                .scheduler(Scheduler.systemScheduler())
                .expireAfter(new RecordExpiry(b.clock))
                .removalListener(this::removed);
        if (b.maximumSize > 0) {
            caffeine.maximumSize(b.maximumSize);
        }
        this.cache = caffeine.build();
        this.locks = new MemoryLocks(b.clock);
    }

    /** A store with no size bound and the system clock. */
    public MemoryStore() {
        this(builder());
    }

    /** {@return a builder of a store with no size bound and the system clock} */
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
            cache.put(id, session);
        }
    }

    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        boolean[] replaced = {false};
        Instant now = clock.instant();
        cache.asMap().computeIfPresent(id, (k, current) -> {
            // An expired record is left for Caffeine to remove, which reports it as expired.
            if (current.isExpiredAt(now) || !current.json().equals(expectedJson)) {
                return current;
            }
            replaced[0] = true;
            return session.isExpiredAt(now) ? null : session;
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
            return new StoredSession(current.json(), expires);
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

    /** Reports records that time out or are evicted by {@link Builder#maximumSize}; never destroyed ones. */
    @Override
    public boolean addExpiryListener(ExpiryListener listener) {
        expiryListeners.add(Objects.requireNonNull(listener, "listener"));
        return true;
    }

    private void removed(String id, StoredSession last, RemovalCause cause) {
        if (!cause.wasEvicted() || id == null) {
            return;
        }
        for (ExpiryListener listener : expiryListeners) {
            try {
                listener.expired(id, Optional.ofNullable(last));
            } catch (RuntimeException e) {
                LOG.warn("expiry listener {} failed: {}", listener, e.toString());
            }
        }
    }

    @Override
    public void close() {
        cache.invalidateAll();
        cache.cleanUp();
    }

    private static Ticker ticker(Clock clock) {
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
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

        private long nanosUntil(Instant expires) {
            long millis = Duration.between(clock.instant(), expires).toMillis();
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        }
    }

    /** Builder of {@link MemoryStore}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private long maximumSize;

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
         * Bounds the number of sessions; beyond it the least valuable are evicted.
         *
         * @param maximumSize the bound; 0 (the default) for none
         * @return this builder
         * @throws IllegalArgumentException if {@code maximumSize} is negative
         */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize < 0) {
                throw new IllegalArgumentException("maximumSize: must be zero (unbounded) or positive, got "
                        + maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /** {@return a new store with these settings} */
        public MemoryStore build() {
            return new MemoryStore(this);
        }
    }
}
