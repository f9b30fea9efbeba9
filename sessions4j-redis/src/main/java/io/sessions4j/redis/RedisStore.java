package io.sessions4j.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.ExpiryListener;
import io.sessions4j.spi.PrincipalIndex;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoreLock;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Sessions in Redis, on Lettuce, stored exactly as connect-redis stores them, so a Node app with
 * express-session + connect-redis and a sessions4j app can share them: key {@code sess:<id>} (prefix
 * configurable), value the session JSON as a plain string, key TTL = the record's expiry.
 *
 * <pre>{@code
 * RedisStore store = RedisStore.builder()
 *         .uri("redis://127.0.0.1:6379")          // rediss://, redis-sentinel://host:26379#mymaster
 *         .prefix("sess:")                        // connect-redis's default
 *         .commandTimeout(Duration.ofSeconds(2))  // the default
 *         .build();
 * SessionConfig config = SessionConfig.builder().secrets("...").store(store).build();
 * }</pre>
 *
 * <p>Round trips: a read-only request costs one ({@link #getAndTouch}: one Lua script reads the value and
 * slides the TTL when the touch is due); a modified request costs two (that read, then one compare-and-set
 * script). Regenerate is a {@code DEL} and a {@code SET}, never {@code RENAME}, so it works in a cluster. With
 * the opt-in {@link Builder#nearCache near cache} (standalone and Sentinel only), a cached read whose touch is not
 * due costs none and a modified request one.
 *
 * <p>Failures (Redis down, a timeout, an error reply) are {@link SessionStoreException}s; the store keeps one
 * auto-reconnecting connection and rejects commands while it is disconnected, so requests fail fast during
 * an outage and work again as soon as Redis is back. Thread-safe; close it when the application stops.
 */
public final class RedisStore implements SessionStore {
    /** Lifetime reported for a key that has no TTL (written by someone else): connect-redis's default TTL. */
    private static final Duration NO_TTL_LIFETIME = Duration.ofDays(1);
    /** The longest lifetime a touch may give: 10,000 years, beyond any cookie's and far inside PEXPIRE's range. */
    private static final long MAX_LIFETIME = Duration.ofDays(3_652_500).toMillis();
    private static final String MAX_LIFETIME_MILLIS = Long.toString(MAX_LIFETIME);
    /** Lock keys live outside every session prefix, so connect-redis's and this store's SCANs never see them. */
    static final String LOCK_NAMESPACE = "sessions4j-lock:";
    /** Principal index keys live outside every session prefix too: connect-redis would read them as sessions. */
    static final String PRINCIPAL_NAMESPACE = "sessions4j-principal:";

    private final RedisConnector.Connection connection;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final String prefix;
    private final Duration timeout;
    private final int scanCount;
    private final Clock clock;
    private final String lockPrefix;
    private final StoreLocks locks = new Locks();
    private final String indexPrefix;
    /** Standalone: the scripts update the index in the same step; Cluster: a second step. */
    private final String inline;
    private final PrincipalIndex principals = new Principals();
    private final ExpiryIndex expiryIndex;
    private final Duration expiryPollInterval;
    /** The near cache, or {@code null} when it is off (the default). */
    private final NearCache near;
    private final int nearCacheSize;

    private RedisStore(Builder b, RedisConnector.Connection connection, NearCache near) {
        this.connection = connection;
        this.near = near;
        this.nearCacheSize = near == null ? 0 : b.nearCache;
        this.redis = connection.commands();
        this.prefix = b.prefix;
        this.timeout = b.commandTimeout;
        this.scanCount = b.scanCount;
        this.clock = b.clock;
        this.lockPrefix = LOCK_NAMESPACE + b.prefix;
        this.indexPrefix = PRINCIPAL_NAMESPACE + b.prefix;
        this.inline = connection.cluster() ? "0" : "1";
        this.expiryPollInterval = b.expiryPollInterval;
        this.expiryIndex = new ExpiryIndex(redis, b.prefix, b.commandTimeout, b.clock, connection.cluster(),
                b.expiryPollInterval);
    }

    /** {@return a builder; give it one of a URI, a client or a connection} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the key prefix, e.g. {@code sess:}} */
    public String prefix() {
        return prefix;
    }

    /** {@return how long one command may take before it fails} */
    public Duration commandTimeout() {
        return timeout;
    }

    /** {@return whether the store talks to a Redis Cluster} */
    public boolean isCluster() {
        return connection.cluster();
    }

    /** {@return how many sessions the near cache holds at most; 0 when it is off} */
    public int nearCacheSize() {
        return nearCacheSize;
    }

    @Override
    public Optional<StoredSession> get(String id) {
        return call("get", () -> {
            NearCache.Ticket t = ticket(id);
            if (t == null) {
                return record(id, Scripts.READ.run(redis, ScriptOutputType.MULTI, timeout, key(id)), clock.instant());
            }
            long now = clock.millis();
            if (t.entry() != null && t.entry().expiresAtMillis() > now) {
                return Optional.of(new StoredSession(t.entry().json(), Instant.ofEpochMilli(t.entry().expiresAtMillis())));
            }
            List<Object> reply = Scripts.READ_TRACKED.run(near.commands(), ScriptOutputType.MULTI, timeout, key(id));
            fill(t, id, reply, now);
            return record(id, reply, clock.instant());
        });
    }

    /**
     * One round trip: a Lua script reads the value and its TTL and, when {@code touch} says the touch is due,
     * slides the TTL to the cookie's {@code originalMaxAge} (or the browser-session TTL). The JSON is not
     * rewritten (connect-redis's touch does not rewrite it either), so the returned expiry comes from the
     * key's TTL, not from the JSON's {@code cookie.expires}.
     */
    @Override
    public Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        Objects.requireNonNull(touch, "touch");
        return call("get", () -> {
            NearCache.Ticket t = ticket(id);
            if (t != null && t.entry() != null) {
                Optional<StoredSession> cached = touchCached(t, id, touch);
                if (cached != null) {
                    return cached;
                }
            }
            long now = clock.millis();
            List<Object> reply = (t == null ? Scripts.READ_AND_TOUCH : Scripts.READ_AND_TOUCH_TRACKED).run(
                    t == null ? redis : near.commands(), ScriptOutputType.MULTI, timeout, key(id),
                    Long.toString(touch.touchAfter().toMillis()),
                    Long.toString(touch.browserSessionTtl().toMillis()), MAX_LIFETIME_MILLIS, Long.toString(now),
                    indexPrefix, inline, id);
            if (reply != null && reply.size() > 2 && reply.get(2) instanceof String principal) {
                indexStep(principal, id, now + (Long) reply.get(1));
            }
            if (t != null) {
                fill(t, id, reply, now);
            }
            return record(id, reply, touch.now());
        });
    }

    /**
     * A read-and-touch answered from the near cache, by the read-and-touch script's rule: no round trip when the
     * touch is not due, the touch script alone when it is. {@code null} when the entry has expired here, so that
     * Redis decides.
     */
    private Optional<StoredSession> touchCached(NearCache.Ticket t, String id, TouchRequest touch) {
        NearCache.Entry e = t.entry();
        long now = clock.millis();
        long ttl = e.expiresAtMillis() - now;
        if (ttl <= 0) {
            return null;
        }
        long wanted = e.maxAgeMillis() == NearCache.BROWSER_SESSION ? touch.browserSessionTtl().toMillis()
                : e.maxAgeMillis();
        boolean due = wanted > 0 && wanted <= MAX_LIFETIME
                && wanted - ttl >= touch.touchAfter().toMillis() && wanted > ttl;
        if (!due) {
            return Optional.of(new StoredSession(e.json(), touch.now().plusMillis(ttl)));
        }
        if (!touchOn(t, id, wanted, now + wanted)) {
            return Optional.empty();
        }
        return Optional.of(new StoredSession(e.json(), touch.now().plusMillis(wanted)));
    }

    /** Whether the near cache would answer a read of {@code id} now, without Redis; for tests. */
    boolean servesFromNearCache(String id) {
        NearCache.Ticket t = ticket(id);
        return t != null && t.entry() != null;
    }

    /** What the near cache captured before a call on {@code id}; {@code null} when it is off or not serving. */
    private NearCache.Ticket ticket(String id) {
        Objects.requireNonNull(id, "id");
        return near == null ? null : near.ticket(id);
    }

    /** A read through the near cache's connection returned {@code reply}: it may become the entry. */
    private void fill(NearCache.Ticket t, String id, List<Object> reply, long sentAtMillis) {
        // A key without a TTL (-1, written by someone else) is not cached: its reported expiry is a guess.
        if (reply != null && reply.size() > 1 && reply.get(0) instanceof String json
                && reply.get(1) instanceof Long ttl && ttl >= 0) {
            near.filled(t, id, json, sentAtMillis + ttl);
        }
    }

    /** After a write on the main connection (or one that failed): the near cache drops what it has of the key. */
    private void written(String id) {
        if (near != null) {
            near.forget(id);
        }
    }

    /** {@code SET key json PX ttl}, or {@code DEL} when the expiry has already passed (connect-redis: TTL &le; 0). */
    @Override
    public void set(String id, StoredSession session) {
        Objects.requireNonNull(session, "session");
        call("set", () -> {
            try {
                setOnMain(id, session);
            } finally {
                written(id);
            }
            return null;
        });
    }

    private void setOnMain(String id, StoredSession session) {
        long ttl = millisUntil(session.expires());
        if (ttl <= 0) {
            destroy(id);
        } else if (session.principal() == null) {
            if (inline.equals("1") && expiryIndex.enabled()) {
                Scripts.SET_TRACKED.run(redis, ScriptOutputType.INTEGER, timeout, key(id), session.json(),
                        Long.toString(ttl), Long.toString(session.expires().toEpochMilli()), expiryIndex.setArg(),
                        expiryIndex.principalsArg(), id);
            } else {
                await(redis.set(key(id), session.json(), SetArgs.Builder.px(ttl)));
                expiryIndex.written(id, session.expires().toEpochMilli(), null, false);
            }
        } else {
            long now = clock.millis();
            Scripts.SET_INDEXED.run(redis, ScriptOutputType.INTEGER, timeout, key(id), "", session.json(),
                    Long.toString(ttl), session.principal(), Long.toString(session.expires().toEpochMilli()),
                    Long.toString(now), indexPrefix, inline, id, expiryIndex.setArg(), expiryIndex.principalsArg());
            indexStep(session.principal(), id, session.expires().toEpochMilli());
            expiryIndex.written(id, session.expires().toEpochMilli(), session.principal(), false);
        }
    }

    /** One Lua compare-and-set; a missing key stays missing. */
    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        Objects.requireNonNull(expectedJson, "expectedJson");
        Objects.requireNonNull(session, "session");
        return call("replace", () -> {
            boolean replaced = false;
            try {
                replaced = replaceOn(ticket(id), id, expectedJson, session);
                return replaced;
            } finally {
                if (!replaced) {
                    written(id);
                }
            }
        });
    }

    /**
     * The compare-and-set, through the near cache's connection under {@code t} (its result then becomes the
     * entry) or, without a ticket, on the main connection. {@code true} only when written and kept.
     */
    private boolean replaceOn(NearCache.Ticket t, String id, String expectedJson, StoredSession session) {
        long ttl = millisUntil(session.expires());
        String principal = session.principal();
        List<Object> reply = (t == null ? Scripts.REPLACE : Scripts.REPLACE_TRACKED).run(
                t == null ? redis : near.commands(), ScriptOutputType.MULTI, timeout, key(id), expectedJson,
                session.json(), Long.toString(ttl), principal == null ? "" : principal,
                Long.toString(session.expires().toEpochMilli()), Long.toString(clock.millis()), indexPrefix,
                inline, id, expiryIndex.setArg(), expiryIndex.principalsArg());
        if (reply == null || reply.isEmpty() || (Long) reply.get(0) != 1L) {
            return false;
        }
        if (ttl <= 0) {
            expiryIndex.forget(id);
        } else {
            expiryIndex.written(id, session.expires().toEpochMilli(), principal, true);
        }
        String was = reply.size() > 1 && reply.get(1) instanceof String p ? p : null;
        if (was != null && (ttl <= 0 || !was.equals(principal))) {
            indexStep(was, id, null);
        }
        if (principal != null && ttl > 0) {
            indexStep(principal, id, session.expires().toEpochMilli());
        }
        if (t != null && ttl > 0) {
            near.written(t, id, session.json(), session.expires().toEpochMilli());
        } else if (near != null) {
            near.forget(id);
        }
        return true;
    }

    /** {@code PEXPIRE}, which does nothing to a missing key: a destroyed session is never brought back. */
    @Override
    public boolean touch(String id, Instant expires) {
        Objects.requireNonNull(expires, "expires");
        return call("touch", () -> touchOn(ticket(id), id, millisUntil(expires), expires.toEpochMilli()));
    }

    /**
     * {@code PEXPIRE} through the touch script: through the near cache's connection under {@code t} (the entry
     * it held then, if any, stays with its new expiry) or, without a ticket, on the main connection.
     */
    private boolean touchOn(NearCache.Ticket t, String id, long ttlMillis, long expiresAtMillis) {
        boolean kept = false;
        try {
            List<Object> reply = (t == null ? Scripts.TOUCH : Scripts.TOUCH_TRACKED).run(
                    t == null ? redis : near.commands(), ScriptOutputType.MULTI, timeout, key(id),
                    Long.toString(ttlMillis), Long.toString(expiresAtMillis), Long.toString(clock.millis()),
                    indexPrefix, inline, id, expiryIndex.setArg(), expiryIndex.principalsArg());
            if (reply == null || reply.isEmpty() || (Long) reply.get(0) != 1L) {
                return false;
            }
            String principal = reply.size() > 1 && reply.get(1) instanceof String p ? p : null;
            if (principal != null) {
                indexStep(principal, id, expiresAtMillis);
            }
            expiryIndex.written(id, expiresAtMillis, principal, true);
            if (t != null && t.entry() != null && ttlMillis > 0) {
                near.written(t, id, t.entry().json(), expiresAtMillis);
                kept = true;
            }
            return true;
        } finally {
            if (!kept) {
                written(id);
            }
        }
    }

    @Override
    public void destroy(String id) {
        call("destroy", () -> {
            try {
                expiryIndex.forget(id);
                Object principal = Scripts.DESTROY.run(redis, ScriptOutputType.VALUE, timeout, key(id),
                        Long.toString(clock.millis()), indexPrefix, inline, id, expiryIndex.setArg(),
                        expiryIndex.principalsArg());
                if (principal instanceof String p) {
                    indexStep(p, id, null);
                }
            } finally {
                written(id);
            }
            return null;
        });
    }

    /**
     * The index of sessions by principal: a sorted set per principal, {@code sessions4j-principal:<prefix>{<principal>}},
     * of session ids scored by their expiry (epoch ms), pruned of expired members and given the TTL of its last
     * member by every script that writes one of its sessions. On standalone Redis it changes in the same
     * script as the session; on Cluster (another slot) in a second command right after, and reads heal it.
     */
    @Override
    public Optional<PrincipalIndex> principals() {
        return Optional.of(principals);
    }

    private String indexKey(String principal) {
        return indexPrefix + "{" + principal + "}";
    }

    /** On Cluster, the index update the script could not do; on standalone nothing (it is done). */
    private void indexStep(String principal, String id, Long expiresAtMillis) {
        if (inline.equals("0")) {
            Scripts.INDEX.run(redis, ScriptOutputType.INTEGER, timeout, indexKey(principal), id,
                    expiresAtMillis == null ? "" : Long.toString(expiresAtMillis), Long.toString(clock.millis()));
        }
    }

    private final class Principals implements PrincipalIndex {
        @Override
        public List<String> ids(String principal) {
            Objects.requireNonNull(principal, "principal");
            return call("principal ids", () -> Scripts.INDEX_READ.run(redis, ScriptOutputType.MULTI, timeout,
                    indexKey(principal), Long.toString(clock.millis())));
        }

        @Override
        public void remove(String principal, String id) {
            call("principal remove", () -> await(redis.zrem(indexKey(principal), id)));
        }

        @Override
        public Admission admit(String id, String expectedJson, StoredSession session, int limit, boolean endOldest) {
            String principal = Objects.requireNonNull(session.principal(), "session.principal()");
            long ttl = millisUntil(session.expires());
            String expiry = Long.toString(session.expires().toEpochMilli());
            String now = Long.toString(clock.millis());
            return call("admit", () -> {
                Admission admission = null;
                try {
                    admission = admitOn(id, expectedJson, session, limit, endOldest, principal, ttl, expiry, now);
                    return admission;
                } finally {
                    written(id);
                    if (admission != null) {
                        admission.ended().forEach(RedisStore.this::written);
                    }
                }
            });
        }

        private Admission admitOn(String id, String expectedJson, StoredSession session, int limit,
                boolean endOldest, String principal, long ttl, String expiry, String now) {
            if (inline.equals("1")) {
                List<Object> reply = Scripts.ADMIT.run2(redis, ScriptOutputType.MULTI, timeout, key(id),
                        indexKey(principal), expectedJson == null ? "0" : "1",
                        expectedJson == null ? "" : expectedJson, session.json(), Long.toString(ttl), principal,
                        expiry, now, Integer.toString(limit), endOldest ? "1" : "0", prefix, id,
                        expiryIndex.setArg(), expiryIndex.principalsArg());
                return admission(reply);
            }
            return admitOnCluster(id, expectedJson, session, limit, endOldest, principal, expiry, now);
        }

        /**
         * Cluster: the index first (the count and the eviction are atomic there), then the session, then a check
         * that no later admission ended this one while it was being written; if one did, the session is
         * destroyed again, so the principal is never over its limit once the admissions are done.
         */
        private Admission admitOnCluster(String id, String expectedJson, StoredSession session, int limit,
                boolean endOldest, String principal, String expiry, String now) {
            // Members are not checked against their session keys here: a member whose key is not written yet
            // is an admission in flight, not a stale entry. Stale ones (a second step that never ran) leave by
            // their expiry score, or when a read of the index meets them.
            List<Object> reply = Scripts.ADMIT_INDEX.run(redis, ScriptOutputType.MULTI, timeout, indexKey(principal),
                    id, expiry, now, Integer.toString(limit), endOldest ? "1" : "0");
            Admission admission = admission(reply);
            if (admission.outcome() != Outcome.WRITTEN) {
                return admission;
            }
            boolean written;
            if (expectedJson == null) {
                await(redis.set(key(id), session.json(), SetArgs.Builder.px(millisUntil(session.expires()))));
                expiryIndex.written(id, session.expires().toEpochMilli(), principal, false);
                written = true;
            } else {
                // The compare-and-set alone: its own index step would add the id back after a later admission
                // ended it.
                List<Object> replaced = Scripts.REPLACE.run(redis, ScriptOutputType.MULTI, timeout, key(id),
                        expectedJson, session.json(), Long.toString(millisUntil(session.expires())), principal,
                        expiry, now, indexPrefix, "0", id, "", "");
                written = replaced != null && !replaced.isEmpty() && (Long) replaced.get(0) == 1L;
                if (written) {
                    expiryIndex.written(id, session.expires().toEpochMilli(), principal, true);
                }
            }
            for (String ended : admission.ended()) {
                expiryIndex.forget(ended);
                await(redis.del(key(ended)));
            }
            if (!written) {
                await(redis.zrem(indexKey(principal), id));
                return new Admission(Outcome.CONFLICT, List.of());
            }
            if (await(redis.zscore(indexKey(principal), id)) == null) {
                // A later admission ended this one while it was being written: under END_OLDEST that is what
                // it asked for; under REFUSE this login did not get in after all.
                expiryIndex.forget(id);
                await(redis.del(key(id)));
                if (!endOldest) {
                    return new Admission(Outcome.REFUSED, List.of());
                }
            }
            return admission;
        }

        private Admission admission(List<Object> reply) {
            String outcome = (String) reply.get(0);
            return switch (outcome) {
                case "written" -> new Admission(Outcome.WRITTEN,
                        reply.subList(1, reply.size()).stream().map(String.class::cast).toList());
                case "conflict" -> new Admission(Outcome.CONFLICT, List.of());
                default -> new Admission(Outcome.REFUSED, List.of());
            };
        }
    }

    /** Counts this store's keys with {@code SCAN} (on every master of a cluster), never {@code KEYS}. */
    @Override
    public long length() {
        return call("length", () -> {
            try (Stream<String> keys = scanKeys()) {
                return keys.count();
            }
        });
    }

    /**
     * Deletes this store's keys (only those with its prefix) and its principal index keys, found with
     * {@code SCAN}, in batches.
     */
    @Override
    public void clear() {
        call("clear", () -> {
            try {
                clearKeys();
            } finally {
                if (near != null) {
                    near.forgetAll();
                }
            }
            return null;
        });
    }

    private void clearKeys() {
        if (expiryIndex.enabled()) {
            await(redis.unlink(expiryIndex.keys()));
        }
        try (Stream<String> keys = Stream.concat(scanKeys(), scan(globEscape(indexPrefix) + "*"))) {
            Iterator<String> it = keys.iterator();
            String[] batch = new String[scanCount];
            int n = 0;
            while (it.hasNext()) {
                batch[n++] = it.next();
                if (n == batch.length) {
                    await(redis.unlink(batch));
                    n = 0;
                }
            }
            if (n > 0) {
                await(redis.unlink(java.util.Arrays.copyOf(batch, n)));
            }
        }
    }

    /** The ids, fetched lazily one {@code SCAN} batch at a time; failures while streaming are {@link SessionStoreException}s. */
    @Override
    public Stream<String> ids() {
        return call("ids", () -> scanKeys().map(k -> k.substring(prefix.length())));
    }

    /**
     * A lock key per locked session, {@code sessions4j-lock:<prefix><id>}, holding a random owner token:
     * {@code SET NX PX lease} takes it, a script deletes it only while it still holds the owner's token. The
     * key's TTL is the lease, so a lock whose instance died ends on its own. One key per command: fine in a
     * cluster. With the {@link Builder#nearCache near cache}, taking a lock drops the session's entry, so the read
     * under the lock goes to Redis and sees the previous holder's write.
     */
    @Override
    public Optional<StoreLocks> locks() {
        return Optional.of(locks);
    }

    /**
     * Reports sessions that expire through their TTL, without keyspace notifications: every write keeps the
     * session's id in an expiry-ordered index ({@code sessions4j-expiry:{<prefix>}}), which one instance at a time
     * drains every {@link Builder#expiryPollInterval poll interval}, reporting the ids whose keys are gone, at
     * least once, on the store's drain thread. The key's value is gone by then: the listener gets a record with
     * empty text, the session's principal, and its expiry. Sessions only a Node app wrote are not in the index,
     * so their expiry is not reported.
     *
     * @return {@code true} unless the store was built with {@code expiryPollInterval(Duration.ZERO)}
     */
    @Override
    public boolean addExpiryListener(ExpiryListener listener) {
        return expiryIndex.addListener(listener);
    }

    /** {@return how often this instance drains the expiry index; zero when expiry is not reported} */
    public Duration expiryPollInterval() {
        return expiryPollInterval;
    }

    /** Closes what the store opened: everything when built from a URI, the connection when built from a client. */
    @Override
    public void close() {
        expiryIndex.close();
        if (near != null) {
            near.close();
        }
        try {
            connection.close();
        } catch (Exception e) {
            throw new SessionStoreException(name(), "close", e);
        }
    }

    // ---- internals ----

    private String key(String id) {
        Objects.requireNonNull(id, "id");
        return prefix + id;
    }

    private long millisUntil(Instant expires) {
        return Duration.between(clock.instant(), expires).toMillis();
    }

    /**
     * The record a read script returned. Text holding U+FFFD is read again with the SHA-1 of the stored bytes:
     * when they are not the UTF-8 of the decoded text (the record holds bytes that are not UTF-8, written by
     * another client), the record is reported with empty text, which the engine treats as unreadable, instead
     * of text that no compare-and-set could ever match.
     */
    private Optional<StoredSession> record(String id, List<Object> reply, Instant now) {
        if (reply == null || reply.isEmpty()) {
            return Optional.empty();
        }
        String json = (String) reply.get(0);
        if (json.indexOf('\uFFFD') >= 0) {
            reply = Scripts.READ_WITH_DIGEST.run(redis, ScriptOutputType.MULTI, timeout, key(id));
            if (reply == null || reply.isEmpty()) {
                return Optional.empty();
            }
            json = (String) reply.get(0);
            if (!LuaScript.sha1(json).equals(reply.get(2))) {
                json = "";
            }
        }
        long ttl = (Long) reply.get(1);
        Instant expires = ttl < 0 ? now.plus(NO_TTL_LIFETIME) : now.plusMillis(ttl);
        return Optional.of(new StoredSession(json, expires));
    }

    /**
     * Keys with this store's prefix. SCAN may return a key twice (when the keyspace is rehashed during the
     * walk), so the stream is made distinct; in a cluster, Lettuce walks every master in turn.
     */
    private Stream<String> scanKeys() {
        Stream<String> found = scan(globEscape(prefix) + "*");
        // An empty (or namespace-like) prefix would match lock and index keys too; they are not sessions.
        return lockPrefix.startsWith(prefix) || ExpiryIndex.NAMESPACE.startsWith(prefix)
                ? found.filter(k -> !k.startsWith(LOCK_NAMESPACE) && !k.startsWith(PRINCIPAL_NAMESPACE)
                        && !k.startsWith(ExpiryIndex.NAMESPACE))
                : found;
    }

    /** Keys matching a glob, lazily, distinct. */
    private Stream<String> scan(String glob) {
        ScanArgs args = ScanArgs.Builder.matches(glob).limit(scanCount);
        Iterator<String> keys = new Iterator<>() {
            private KeyScanCursor<String> cursor;
            private Iterator<String> batch = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext()) {
                    if (cursor != null && cursor.isFinished()) {
                        return false;
                    }
                    // In a cluster the returned cursor also remembers which master is being walked.
                    KeyScanCursor<String> previous = cursor;
                    cursor = call("scan", () -> await(previous == null ? redis.scan(args)
                            : redis.scan(previous, args)));
                    batch = cursor.getKeys().iterator();
                }
                return true;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(keys, Spliterator.ORDERED), false)
                .distinct();
    }

    /** URIs may carry passwords; never echo them. */
    static String redact(String text) {
        return text.replaceAll("//[^@/\\s]*@", "//***@");
    }

    /** SCAN's MATCH is a glob; a prefix holding {@code * ? [ ] \} must match itself only. */
    static String globEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (char c : s.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private final class Locks implements StoreLocks {
        @Override
        public Optional<StoreLock> tryLock(String id, Duration lease) {
            Objects.requireNonNull(id, "id");
            String key = lockPrefix + id;
            String token = UUID.randomUUID().toString();
            String reply = call("lock", () -> await(redis.set(key, token, SetArgs.Builder.nx().px(lease.toMillis()))));
            if (!"OK".equals(reply)) {
                return Optional.empty();
            }
            // Whoever held the lock before may have written a moment ago, its invalidation still on the way: the
            // read that follows a lock must see its write, so the near cache's entry is not used for it.
            written(id);
            return Optional.of(new StoreLock() {
                @Override
                public boolean release() {
                    Long deleted = call("unlock", () -> Scripts.UNLOCK.run(redis, ScriptOutputType.INTEGER, timeout,
                            key, token));
                    return deleted != null && deleted == 1L;
                }
            });
        }
    }

    private <T> T await(RedisFuture<T> future) {
        return LettuceFutures.awaitOrCancel(future, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private <T> T call(String operation, Supplier<T> op) {
        try {
            return op.get();
        } catch (SessionStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SessionStoreException(name(), operation, e);
        }
    }

    /**
     * Builder of {@link RedisStore}. Give exactly one of {@link #uri}, a client or a connection. Connections
     * passed in must use a {@code String} codec (e.g. {@code StringCodec.UTF8}).
     */
    public static final class Builder {
        private String uri;
        private RedisClient client;
        private RedisClusterClient clusterClient;
        private StatefulRedisConnection<String, String> connection;
        private StatefulRedisClusterConnection<String, String> clusterConnection;
        private boolean cluster;
        private String prefix = "sess:";
        private Duration commandTimeout = Duration.ofSeconds(2);
        private int scanCount = 100;
        private Clock clock = Clock.systemUTC();
        private Duration expiryPollInterval = Duration.ofSeconds(1);
        private int nearCache;

        private Builder() {
        }

        /**
         * A Redis URI: {@code redis://[user:password@]host[:port][/database]}, {@code rediss://} for TLS,
         * {@code redis-sentinel://host:26379[,host2:26379]/0#masterName} for Sentinel. With {@link #cluster},
         * {@code redis://host1:7000,host2:7001} names seed nodes of a cluster. The store owns the client it
         * creates and closes it.
         *
         * @param uri the Redis URI
         * @return this builder
         */
        public Builder uri(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /**
         * Treat the {@link #uri} as a Redis Cluster.
         *
         * @param cluster default {@code false}
         * @return this builder
         */
        public Builder cluster(boolean cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * A client the application owns; the store opens one connection on it and closes only that.
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * A cluster client the application owns; the store opens one connection on it and closes only that.
         *
         * @param client the cluster client
         * @return this builder
         */
        public Builder client(RedisClusterClient client) {
            this.clusterClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * A connection the application owns and closes; the store shares it (Lettuce connections are
         * thread-safe).
         *
         * @param connection the connection
         * @return this builder
         */
        public Builder connection(StatefulRedisConnection<String, String> connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /**
         * A cluster connection the application owns and closes.
         *
         * @param connection the cluster connection
         * @return this builder
         */
        public Builder clusterConnection(StatefulRedisClusterConnection<String, String> connection) {
            this.clusterConnection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /**
         * The key prefix. It must be text UTF-8 can carry: a lone surrogate would reach Redis as {@code ?}, a
         * wildcard in the SCAN pattern of {@link #clear}.
         *
         * @param prefix default {@code sess:} (connect-redis's); may be empty
         * @return this builder
         * @throws IllegalArgumentException if {@code prefix} holds a lone surrogate
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.equals(new String(prefix.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))) {
                throw new IllegalArgumentException("prefix: holds a lone surrogate, which UTF-8 cannot carry");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * How long one command may take before the operation fails.
         *
         * @param commandTimeout positive; default 2 seconds
         * @return this builder
         */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /**
         * The {@code COUNT} hint of each {@code SCAN} and the batch size of {@code clear}.
         *
         * @param scanCount at least 1; default 100
         * @return this builder
         */
        public Builder scanCount(int scanCount) {
            this.scanCount = scanCount;
            return this;
        }

        /**
         * The clock that turns expiries into TTLs.
         *
         * @param clock default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How often this instance drains the expiry index to report expired sessions to
         * {@link RedisStore#addExpiryListener expiry listeners}: the delay from a session's expiry to its event is
         * up to about this long. Each poll costs one {@code SET NX} (the drain lock) and, for the instance that
         * gets it, a script per 100 due sessions. {@link Duration#ZERO} turns expiry events off: no index is
         * written and no thread runs. Every instance sharing a prefix must agree on on or off, or the sessions of
         * the ones that do not write the index are not reported (and their destroys are reported as expiries).
         *
         * @param expiryPollInterval zero or positive; default 1 second
         * @return this builder
         */
        public Builder expiryPollInterval(Duration expiryPollInterval) {
            this.expiryPollInterval = Objects.requireNonNull(expiryPollInterval, "expiryPollInterval");
            return this;
        }

        /**
         * An opt-in near cache of up to {@code maxSessions} recently read sessions in this JVM, kept coherent by
         * Redis server-assisted client-side caching ({@code CLIENT TRACKING}, Redis 6 or later, RESP3) on a
         * connection of its own: a read-only request whose touch is not due then costs no round trip, a due touch
         * one {@code PEXPIRE} script, a modified request one compare-and-set. A change made on another instance
         * reaches this one as an invalidation pushed by Redis, in well under a millisecond on a local network;
         * should invalidations stop arriving (a half-open connection), the cache stops serving within one second
         * of the last acknowledged heartbeat, and while the tracking connection is down it serves nothing. See the
         * module README, "Near cache", for the bound measured and its memory cost. Standalone and Sentinel only;
         * the store must be given a {@link #uri} or a {@link #client(RedisClient) client} (it opens the second
         * connection on it).
         *
         * @param maxSessions at least 0; default 0 (off)
         * @return this builder
         */
        public Builder nearCache(int maxSessions) {
            this.nearCache = maxSessions;
            return this;
        }

        /**
         * Checks the options and connects.
         *
         * @return the connected store
         * @throws IllegalArgumentException for an invalid option, naming it
         * @throws SessionStoreException when Redis cannot be reached
         */
        public RedisStore build() {
            int sources = (uri != null ? 1 : 0) + (client != null ? 1 : 0) + (clusterClient != null ? 1 : 0)
                    + (connection != null ? 1 : 0) + (clusterConnection != null ? 1 : 0);
            if (sources != 1) {
                throw new IllegalArgumentException("RedisStore: give exactly one of uri, client or connection"
                        + (sources == 0 ? " (none given)" : " (several given)"));
            }
            if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout: must be positive, got " + commandTimeout);
            }
            if (scanCount < 1) {
                throw new IllegalArgumentException("scanCount: must be at least 1, got " + scanCount);
            }
            if (expiryPollInterval.isNegative()) {
                throw new IllegalArgumentException("expiryPollInterval: must be zero (off) or positive, got "
                        + expiryPollInterval);
            }
            if (cluster && uri == null) {
                throw new IllegalArgumentException("cluster: applies to uri(...); pass a RedisClusterClient or "
                        + "cluster connection instead");
            }
            if (nearCache < 0) {
                throw new IllegalArgumentException("nearCache: must be 0 (off) or a number of sessions, got "
                        + nearCache);
            }
            if (nearCache > 0 && (cluster || clusterClient != null || clusterConnection != null)) {
                throw new IllegalArgumentException("nearCache: not supported on Redis Cluster (standalone and "
                        + "Sentinel only)");
            }
            if (nearCache > 0 && connection != null) {
                throw new IllegalArgumentException("nearCache: needs uri(...) or client(...) to open its own "
                        + "tracking connection; a connection passed in cannot give one");
            }
            RedisConnector.Connection c;
            try {
                if (uri != null) {
                    c = RedisConnector.fromUri(uri, cluster, commandTimeout);
                } else if (client != null) {
                    c = RedisConnector.fromClient(client);
                } else if (clusterClient != null) {
                    c = RedisConnector.fromClient(clusterClient);
                } else if (connection != null) {
                    c = RedisConnector.fromConnection(connection);
                } else {
                    c = RedisConnector.fromConnection(clusterConnection);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("uri: " + redact(String.valueOf(e.getMessage())), e);
            } catch (RuntimeException e) {
                throw new SessionStoreException("RedisStore", "connect", e);
            }
            NearCache near = null;
            if (nearCache > 0) {
                try {
                    near = NearCache.open(c.client(), prefix, nearCache, commandTimeout);
                } catch (RuntimeException e) {
                    try {
                        c.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw new SessionStoreException("RedisStore", "connect", "nearCache: cannot open the tracking "
                            + "connection (CLIENT TRACKING needs Redis 6 or later over RESP3): "
                            + redact(String.valueOf(e.getMessage())), e);
                }
            }
            RedisStore store = new RedisStore(this, c, near);
            try {
                store.expiryIndex.probe();
            } catch (RuntimeException e) {
                store.close();
                throw new SessionStoreException("RedisStore", "connect", "cannot use the expiry index keys ("
                        + ExpiryIndex.NAMESPACE + "*; an ACL user needs ~" + ExpiryIndex.NAMESPACE + "*), or turn "
                        + "expiry events off with expiryPollInterval=0: " + redact(String.valueOf(e.getMessage())),
                        e);
            }
            store.expiryIndex.start();
            return store;
        }
    }
}
