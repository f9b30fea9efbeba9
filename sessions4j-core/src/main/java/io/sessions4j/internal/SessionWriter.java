package io.sessions4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.SessionConflictException;
import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The engine's store calls: every failure becomes a {@link SessionStoreException} naming the store and
 * operation, and saving a stored session is a compare-and-set that merges this request's own changes
 * into whatever another request saved in between.
 */
final class SessionWriter {
    enum Outcome { SAVED, DESTROYED, GONE }

    private final Engine engine;
    private final SessionStore store;

    SessionWriter(Engine engine, SessionStore store) {
        this.engine = engine;
        this.store = store;
    }

    Optional<StoredSession> get(String id) {
        return call("get", () -> store.get(id));
    }

    Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        return call("get", () -> store.getAndTouch(id, touch));
    }

    void destroy(String id) {
        call("destroy", () -> {
            store.destroy(id);
            return null;
        });
    }

    /** Best effort, for housekeeping: a failure is ignored, the record expires on its own. */
    void destroyQuietly(String id) {
        try {
            store.destroy(id);
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
     */
    Outcome save(SessionImpl s, Map<String, JsonNode> snapshot, Instant now) {
        Instant expiry = engine.storeExpiry(s.cookie, s.created, now);
        if (!expiry.isAfter(now)) {
            if (s.storedJson != null) {
                destroy(s.id);
            }
            forget(s);
            return Outcome.DESTROYED;
        }
        String json = engine.json().write(s.cookie, engine.storedCreated(s.created), snapshot, s.data.types());
        if (s.storedJson == null) {
            call("set", () -> {
                store.set(s.id, new StoredSession(json, expiry));
                return null;
            });
            remember(s, json, snapshot, expiry);
            return Outcome.SAVED;
        }
        return compareAndSet(s, snapshot, json, expiry, now);
    }

    private Outcome compareAndSet(SessionImpl s, Map<String, JsonNode> snapshot, String json, Instant expiry,
            Instant now) {
        Set<String> ownKeys = changedKeys(s.storedData, snapshot);
        boolean ownCookie = s.cookie.changed();
        String expected = s.storedJson;
        String writing = json;
        Instant writingExpiry = expiry;
        Map<String, JsonNode> writingData = snapshot;
        Map<String, String> ourTypes = s.data.types();
        Map<String, String> writingTypes = ourTypes;
        CookieState writingCookie = s.cookie;
        int attempts = engine.config().mergeAttempts();
        for (int attempt = 1; ; attempt++) {
            String exp = expected;
            StoredSession next = new StoredSession(writing, writingExpiry);
            if (call("replace", () -> store.replace(s.id, exp, next))) {
                if (writingData != snapshot) {
                    s.data.absorb(writingData, writingTypes, ownKeys);
                    if (!ownCookie) {
                        s.attach(writingCookie);
                    }
                }
                remember(s, writing, writingData, writingExpiry);
                return Outcome.SAVED;
            }
            if (attempt >= attempts) {
                throw new SessionConflictException(store.name(), attempts);
            }
            // Pause before re-reading, not after merging: the merged copy must be as fresh as possible.
            backoff(attempt);
            Optional<StoredSession> fresh = get(s.id);
            if (fresh.isEmpty() || fresh.get().isExpiredAt(now)) {
                forget(s);
                return Outcome.GONE;
            }
            expected = fresh.get().json();
            SessionJson.Parsed parsed = engine.parse(s.id, fresh.get());
            if (parsed != null) {
                writingData = merge(parsed.data(), ownKeys, snapshot);
                writingTypes = merge(parsed.types(), ownKeys, ourTypes);
                if (!ownCookie) {
                    writingCookie = parsed.cookie();
                    writingCookie.resetExpiry(now);
                    engine.deadline(s).ifPresent(writingCookie::capExpiry);
                }
                Instant created = parsed.created() != null ? parsed.created() : s.created;
                writingExpiry = engine.storeExpiry(writingCookie, created, now);
                writing = engine.json().write(writingCookie, engine.storedCreated(created), writingData, writingTypes);
            }
        }
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

    private static void remember(SessionImpl s, String json, Map<String, JsonNode> data, Instant expiry) {
        s.storedJson = json;
        s.storedData = data;
        s.storedExpiry = expiry;
    }

    private static void forget(SessionImpl s) {
        s.storedJson = null;
        s.storedData = null;
        s.storedExpiry = null;
    }

    /** Jittered, growing pause so that requests racing on one session stop colliding. */
    private static void backoff(int attempt) {
        int ceilingMillis = Math.min(1 << Math.min(attempt, 5), 32);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(ceilingMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T call(String operation, Supplier<T> op) {
        try {
            return op.get();
        } catch (SessionStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SessionStoreException(store.name(), operation, e);
        }
    }
}
