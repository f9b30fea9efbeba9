package io.sessions4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.SessionConflictException;
import io.sessions4j.SessionLockTimeoutException;
import io.sessions4j.PrincipalLimit;
import io.sessions4j.PrincipalLimitException;
import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.PrincipalIndex;
import io.sessions4j.spi.SessionObserver;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's store calls: every failure becomes a {@link SessionStoreException} naming the store and
 * operation, and saving a stored session is a compare-and-set that merges this request's own changes
 * into whatever another request saved in between, escalating to the session's lock when it keeps conflicting.
 */
final class SessionWriter {
    enum Outcome { SAVED, DESTROYED, GONE }

    private static final Logger LOG = LoggerFactory.getLogger(SessionWriter.class);
    /** Long enough for one re-read, merge and write even on a loaded machine; short if its holder dies. */
    private static final Duration MERGE_LOCK_LEASE = Duration.ofSeconds(2);

    /** How long conflicting saves do without the store's lock after it failed. */
    private static final Duration STORE_LOCK_RETRY = Duration.ofMinutes(1);

    private final Engine engine;
    private final SessionStore store;
    private final StoreFailureLog failures;
    private final StoreTiming timing;
    private final SessionObserver observer;
    private volatile boolean storeLockFailureLogged;
    /** {@link System#nanoTime()} before which a conflicting save does not ask the store for its lock. */
    private volatile long storeLocksRetryAt = System.nanoTime();
    /** When the last give-up was logged, and how many were not since. */
    private volatile long lastConflictLine = System.nanoTime() - StoreFailureLog.INTERVAL.toNanos();
    private final AtomicInteger conflictsUnlogged = new AtomicInteger();

    SessionWriter(Engine engine, SessionStore store) {
        this.engine = engine;
        this.store = store;
        this.failures = StoreFailureLog.forStore(store.name());
        this.timing = engine.storeTiming();
        this.observer = engine.observer();
    }

    Optional<StoredSession> get(String id) {
        return call("get", () -> store.get(id));
    }

    Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        return call("get", () -> store.getAndTouch(id, touch));
    }

    void destroy(String id) {
        engine.forgetParsed(id);
        call("destroy", () -> {
            store.destroy(id);
            return null;
        });
    }

    /** Best effort, for housekeeping: a failure is ignored, the record expires on its own. */
    void destroyQuietly(String id) {
        engine.forgetParsed(id);
        try {
            timing.run("destroy", () -> {
                store.destroy(id);
                return null;
            });
        } catch (RuntimeException ignored) {
            // The request must not fail for housekeeping.
        }
    }

    boolean touch(String id, Instant expires) {
        return call("touch", () -> store.touch(id, expires));
    }

    /**
     * Writes the session: {@code set} when it was never stored, otherwise compare-and-set against the text
     * this request last saw, merging on conflict. A session whose cookie has already expired is destroyed.
     *
     * @param locked whether this request already holds the session's lock (LOCK mode)
     */
    Outcome save(SessionImpl s, Map<String, JsonNode> snapshot, Instant now, boolean locked) {
        Instant expiry = engine.storeExpiry(s.cookie, s.created, now);
        if (!expiry.isAfter(now)) {
            if (s.storedJson != null) {
                destroy(s.id);
            }
            forget(s);
            return Outcome.DESTROYED;
        }
        String json = engine.writeRecord(s.id, s.cookie, engine.storedCreated(s.created), snapshot, s.data.types(),
                s.principal);
        if (s.storedJson == null) {
            StoredSession record = new StoredSession(json, expiry, s.principal);
            if (admitting(s)) {
                admit(s.id, null, record);
            } else {
                call("set", () -> {
                    store.set(s.id, record);
                    return null;
                });
            }
            remember(s, json, snapshot, expiry, s.principal);
            reportSaved(json);
            return Outcome.SAVED;
        }
        return compareAndSet(s, snapshot, json, expiry, now, locked);
    }

    /**
     * Compare-and-set, re-read and merge, {@code mergeAttempts} times on its own; then under the session's
     * lock until it succeeds or the lock timeout passes. A save that finds the lock held in this JVM takes
     * it at once rather than racing its holder: on a hot session the holder's slower re-read and merge would
     * otherwise lose to each newcomer in turn until it timed out. Under the lock only saves of other instances
     * that have not escalated yet can still get in between, and each time one does, that save made progress.
     */
    private Outcome compareAndSet(SessionImpl s, Map<String, JsonNode> snapshot, String json, Instant expiry,
            Instant now, boolean locked) {
        Map<String, JsonNode> base = s.storedData;
        // The keys this request set or removed, which only a conflict needs: worked out at the first one.
        Set<String> ownKeys = null;
        boolean ownCookie = s.cookie.changed();
        String expected = s.storedJson;
        String writing = json;
        Instant writingExpiry = expiry;
        Map<String, JsonNode> writingData = snapshot;
        Map<String, String> ourTypes = s.data.types();
        Map<String, String> writingTypes = ourTypes;
        CookieState writingCookie = s.cookie;
        boolean ownPrincipal = !Objects.equals(s.principal, s.storedPrincipal);
        String writingPrincipal = s.principal;
        int optimistic = engine.config().mergeAttempts();
        Duration timeout = engine.config().lockTimeout();
        // Saves under the session's lock are bounded by time, not by attempts.
        boolean underLock = locked;
        long deadline = System.nanoTime() + timeout.toNanos();
        SessionLocks.Held held = null;
        int refusedOwnText = 0;
        try {
            for (int attempt = 1; ; attempt++) {
                if (!underLock && engine.locks().busyHere(s.id)) {
                    held = lockForMerge(s.id, timeout);
                    underLock = true;
                    deadline = System.nanoTime() + timeout.toNanos();
                }
                String exp = expected;
                StoredSession next = new StoredSession(writing, writingExpiry, writingPrincipal);
                if (attempt > 1) {
                    observer.mergeRetry();
                }
                boolean written = ownPrincipal && admitting(s)
                        ? admit(s.id, exp, next)
                        : call("replace", () -> store.replace(s.id, exp, next));
                if (written) {
                    if (writingData != snapshot) {
                        s.data.absorb(writingData, writingTypes, ownKeys);
                        if (!ownCookie) {
                            s.attach(writingCookie);
                        }
                        s.principal = writingPrincipal;
                    }
                    remember(s, writing, writingData, writingExpiry, writingPrincipal);
                    reportSaved(writing);
                    return Outcome.SAVED;
                }
                if (attempt == 1) {
                    observer.mergeConflict();
                }
                if (!underLock && attempt >= optimistic) {
                    held = lockForMerge(s.id, timeout);
                    underLock = true;
                    deadline = System.nanoTime() + timeout.toNanos();
                } else if (underLock && System.nanoTime() - deadline >= 0) {
                    throw gaveUp(s.id, timeout);
                }
                Optional<StoredSession> fresh = get(s.id);
                if (fresh.isEmpty() || fresh.get().isExpiredAt(now)) {
                    forget(s);
                    return Outcome.GONE;
                }
                if (fresh.get().json().equals(exp)) {
                    // Refused, yet the store returns the very text compared against. Once may be another save
                    // writing identical text back; twice in a row means its reads do not round-trip what it
                    // holds (a lossy codec), which no retry can fix: fail clearly instead of retrying.
                    if (++refusedOwnText >= 2) {
                        throw new SessionStoreException(store.name(), "replace", "the store refused a "
                                + "compare-and-set against the text it has just returned; its reads do not "
                                + "round-trip what it holds", null);
                    }
                    continue;
                }
                refusedOwnText = 0;
                expected = fresh.get().json();
                SessionJson.Parsed parsed = engine.parse(s.id, fresh.get());
                if (parsed != null) {
                    if (ownKeys == null) {
                        ownKeys = changedKeys(base, snapshot);
                    }
                    writingData = merge(parsed.data(), ownKeys, snapshot);
                    writingTypes = merge(parsed.types(), ownKeys, ourTypes);
                    if (!ownCookie) {
                        writingCookie = parsed.cookie();
                        writingCookie.resetExpiry(now);
                        engine.deadline(s).ifPresent(writingCookie::capExpiry);
                    }
                    if (!ownPrincipal) {
                        writingPrincipal = parsed.principal();
                    }
                    Instant created = parsed.created() != null ? parsed.created() : s.created;
                    writingExpiry = engine.storeExpiry(writingCookie, created, now);
                    writing = engine.writeRecord(s.id, writingCookie, engine.storedCreated(created), writingData,
                            writingTypes, writingPrincipal);
                }
            }
        } finally {
            if (held != null) {
                held.release();
            }
        }
    }

    /**
     * The session's lock for a save that keeps conflicting, with a short lease: it is held only while this
     * save re-reads, merges and writes. The store's lock is a help, not a need (the compare-and-set keeps the
     * save correct): when the store fails to lock (e.g. a JDBC lock table that was never created), this
     * JVM's lock alone is used for a minute before the store is asked again, and that is logged once.
     */
    private SessionLocks.Held lockForMerge(String id, Duration timeout) {
        try {
            if (System.nanoTime() - storeLocksRetryAt < 0) {
                return engine.locks().acquireLocal(id, timeout);
            }
            try {
                return engine.locks().acquire(id, MERGE_LOCK_LEASE, timeout);
            } catch (SessionStoreException e) {
                storeLocksRetryAt = System.nanoTime() + STORE_LOCK_RETRY.toNanos();
                if (!storeLockFailureLogged) {
                    storeLockFailureLogged = true;
                    LOG.warn("{} could not lock a session for a conflicting save; such saves are serialized "
                            + "within each instance only until it can: {}", store.name(), e.getMessage());
                }
                return engine.locks().acquireLocal(id, timeout);
            }
        } catch (SessionLockTimeoutException e) {
            throw gaveUp(id, timeout);
        }
    }

    /**
     * A save that gives up is a 503 for its user and a sign of a session written far faster than the store
     * can take it, so it is a warning, though at most one line per interval with the count left out.
     */
    private SessionConflictException gaveUp(String id, Duration timeout) {
        long now = System.nanoTime();
        long last = lastConflictLine;
        if (now - last >= StoreFailureLog.INTERVAL.toNanos()) {
            lastConflictLine = now;
            LOG.warn("a save of session {} to {} gave up after {} ms of conflicting concurrent saves ({} more "
                    + "since the last line); the session is written faster than the store takes it",
                    LogIds.hash(id), store.name(), timeout.toMillis(), conflictsUnlogged.getAndSet(0));
        } else {
            conflictsUnlogged.incrementAndGet();
        }
        return new SessionConflictException(store.name(), timeout);
    }

    private static <V> Map<String, V> merge(Map<String, V> theirs, Set<String> ownKeys, Map<String, V> ours) {
        Map<String, V> merged = new LinkedHashMap<>(theirs);
        for (String key : ownKeys) {
            V value = ours.get(key);
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        }
        return merged;
    }

    /** Keys set or removed relative to what was stored. */
    private static Set<String> changedKeys(Map<String, JsonNode> base, Map<String, JsonNode> now) {
        Set<String> keys = new HashSet<>();
        now.forEach((k, v) -> {
            if (!SessionData.same(base.get(k), v)) {
                keys.add(k);
            }
        });
        for (String k : base.keySet()) {
            if (!now.containsKey(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static void remember(SessionImpl s, String json, Map<String, JsonNode> data, Instant expiry,
            String principal) {
        s.storedJson = json;
        s.storedData = data;
        s.storedExpiry = expiry;
        s.storedPrincipal = principal;
    }

    private static void forget(SessionImpl s) {
        s.storedJson = null;
        s.storedData = null;
        s.storedExpiry = null;
        s.storedPrincipal = null;
    }

    /** Whether this save names a principal new to the record under a configured limit. */
    private boolean admitting(SessionImpl s) {
        return s.principal != null && !s.principal.equals(s.storedPrincipal)
                && engine.config().principalLimit().isPresent();
    }

    /**
     * Writes a record that names a new principal through the store's index, which applies the limit in the
     * same atomic step.
     *
     * @return whether it was written; {@code false} on a compare-and-set conflict
     * @throws PrincipalLimitException when the limit refuses it
     */
    private boolean admit(String id, String expectedJson, StoredSession record) {
        PrincipalLimit limit = engine.config().principalLimit().orElseThrow();
        PrincipalIndex index = store.principals().orElseThrow(() -> new SessionStoreException(store.name(),
                "admit", "the store keeps no index of sessions by principal", null));
        boolean endOldest = limit.policy() == PrincipalLimit.Policy.END_OLDEST;
        Map<String, StoredSession> before = endOldest && engine.events().active()
                ? othersOf(index, record.principal(), id) : Map.of();
        PrincipalIndex.Admission admission = call("admit", () -> index.admit(id, expectedJson, record,
                limit.maxSessions(), endOldest));
        if (!admission.ended().isEmpty()) {
            LOG.debug("ended {} session(s) of a principal at its limit of {}", admission.ended().size(),
                    limit.maxSessions());
            engine.events().endedByLimit(admission.ended(), record.principal(), before);
        }
        return switch (admission.outcome()) {
            case WRITTEN -> true;
            case CONFLICT -> false;
            case REFUSED -> throw new PrincipalLimitException(limit.maxSessions());
        };
    }

    /**
     * The principal's other sessions as stored now, read only for listeners: the store deletes the ones it ends
     * to make room, so their data must be read before. Best effort: a failure leaves the events without data.
     */
    private Map<String, StoredSession> othersOf(PrincipalIndex index, String principal, String id) {
        Map<String, StoredSession> found = new LinkedHashMap<>();
        try {
            for (String other : index.ids(principal)) {
                if (!other.equals(id)) {
                    store.get(other).ifPresent(r -> found.put(other, r));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("could not read a principal's sessions before ending some: {}", e.toString());
        }
        return found;
    }

    /** The size is counted only when someone listens: it is a pass over the text. */
    private void reportSaved(String json) {
        if (Observers.active(observer)) {
            observer.saved(Utf8.length(json));
        }
    }

    /** Runs one store operation; its failure is logged here, once per outage and interval, not per request. */
    private <T> T call(String operation, Supplier<T> op) {
        T result;
        try {
            result = timing.run(operation, op);
        } catch (SessionStoreException e) {
            failures.failed(operation, e);
            throw e;
        } catch (RuntimeException e) {
            SessionStoreException failure = new SessionStoreException(store.name(), operation, e);
            failures.failed(operation, failure);
            throw failure;
        }
        failures.succeeded(operation);
        return result;
    }
}
