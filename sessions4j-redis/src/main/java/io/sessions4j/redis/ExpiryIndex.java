package io.sessions4j.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.sessions4j.spi.ExpiryListener;
import io.sessions4j.spi.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expiry index that lets {@link RedisStore} report sessions expired by their TTL without keyspace
 * notifications (which Redis drops on a disconnect, does not send across Cluster nodes, and loses on a restart).
 *
 * <p>A sorted set, {@code sessions4j-expiry:{<prefix>}}, holds every session id the store wrote, scored by a
 * <em>lower bound</em> of the key's expiry (epoch ms), and a hash, {@code sessions4j-expiry:{<prefix>}:principals},
 * whose session it was. The scripts that write, shorten and destroy a session update both (on standalone Redis
 * in the same script; on Cluster, where the session key is in another slot, in a command of its own). A touch that
 * only lengthens the TTL (the read-and-touch of every request) leaves the score behind, which is what keeps the
 * read path at one cheap script: a drain that meets a member whose score passed but whose key is alive moves the
 * score to the key's real expiry instead of reporting it.
 *
 * <p>Every instance drains every {@code pollInterval}; one at a time holds a lock key ({@code SET NX PX} with a
 * random owner token and a lease, deleted by a script only while it still holds that token). A drain takes the
 * members whose score passed, checks that their session keys are really gone (standalone: in the same script;
 * Cluster: {@code PTTL} of each key from the client, then a script that acts only on members whose score did
 * not change meanwhile), reports those to the listeners, and only then removes them: an instance that dies
 * between the two leaves them for the next drain, so each expiry is reported at least once.
 */
final class ExpiryIndex implements AutoCloseable {
    static final String NAMESPACE = "sessions4j-expiry:";
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryIndex.class);
    /** Members looked at per script; a drain goes on batch after batch while there are more. */
    static final int BATCH = 100;
    /** A key without a TTL (written by another client) is looked at again after this long. */
    private static final long NO_TTL_RECHECK_MILLIS = Duration.ofDays(1).toMillis();

    /**
     * Standalone drain step, in one script: the due members whose keys are gone are returned (not removed);
     * live ones get their key's real expiry as their score. KEYS[1] the set, KEYS[2] the principals; ARGV[1]
     * now (epoch ms), [2] batch size, [3] session key prefix, [4] recheck delay for keys without a TTL.
     * Returns {@code {members looked at, id, score, principal or '', ...}}.
     */
    static final LuaScript DRAIN = new LuaScript("""
            local now = tonumber(ARGV[1])
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
            local out = {#due / 2}
            for i = 1, #due, 2 do
              local ttl = redis.call('PTTL', ARGV[3] .. due[i])
              if ttl == -2 then
                table.insert(out, due[i])
                table.insert(out, due[i + 1])
                table.insert(out, redis.call('HGET', KEYS[2], due[i]) or '')
              else
                if ttl < 0 then ttl = tonumber(ARGV[4]) end
                redis.call('ZADD', KEYS[1], string.format('%.0f', now + ttl), due[i])
              end
            end
            return out
            """);

    /**
     * Cluster drain step one: the due members with their scores and principals, nothing changed. KEYS as
     * {@link #DRAIN}; ARGV[1] now, [2] batch size. Returns {@code {id, score, principal or '', ...}}.
     */
    static final LuaScript DUE = new LuaScript("""
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
            local out = {}
            for i = 1, #due, 2 do
              table.insert(out, due[i])
              table.insert(out, due[i + 1])
              table.insert(out, redis.call('HGET', KEYS[2], due[i]) or '')
            end
            return out
            """);

    /**
     * Cluster drain step two, for members whose keys are alive: the new score, only where the old one is still
     * there (a write in between set an exact one; a destroy removed the member, which must not come back).
     * KEYS[1] the set; ARGV {@code id, old score, new score, ...}.
     */
    static final LuaScript RESCORE = new LuaScript("""
            for i = 1, #ARGV, 3 do
              local s = redis.call('ZSCORE', KEYS[1], ARGV[i])
              if s and tonumber(s) == tonumber(ARGV[i + 1]) then redis.call('ZADD', KEYS[1], ARGV[i + 2], ARGV[i]) end
            end
            return 1
            """);

    /**
     * After reporting: removes the members still at the score they were reported with. KEYS as {@link #DRAIN};
     * ARGV {@code id, score, ...}. Returns how many were removed.
     */
    static final LuaScript REMOVE = new LuaScript("""
            local n = 0
            for i = 1, #ARGV, 2 do
              local s = redis.call('ZSCORE', KEYS[1], ARGV[i])
              if s and tonumber(s) == tonumber(ARGV[i + 1]) then
                redis.call('ZREM', KEYS[1], ARGV[i])
                redis.call('HDEL', KEYS[2], ARGV[i])
                n = n + 1
              end
            end
            return n
            """);

    /**
     * Cluster: the index step of one write, on the index keys alone. KEYS as {@link #DRAIN}; ARGV[1] the id,
     * [2] its expiry (epoch ms) or '' to forget it, [3] its principal or '', [4] '1' to change only a member
     * already there (after a compare-and-set or a touch: a destroy in between must not be undone).
     */
    static final LuaScript STEP = new LuaScript("""
            if ARGV[2] == '' then
              redis.call('ZREM', KEYS[1], ARGV[1])
              redis.call('HDEL', KEYS[2], ARGV[1])
              return 1
            end
            if ARGV[4] == '1' and not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[1], ARGV[3]) else redis.call('HDEL', KEYS[2], ARGV[1]) end
            return 1
            """);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final String sessionPrefix;
    private final Duration timeout;
    private final Clock clock;
    private final boolean cluster;
    private final Duration pollInterval;
    private final Duration lease;
    private final String set;
    private final String principals;
    private final String lock;
    private final List<ExpiryListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService drainer;
    private volatile boolean closed;
    private volatile boolean failing;

    /**
     * @param pollInterval how often this instance tries to drain; {@link Duration#ZERO}: no index at all
     */
    ExpiryIndex(RedisClusterAsyncCommands<String, String> redis, String sessionPrefix, Duration timeout, Clock clock,
            boolean cluster, Duration pollInterval) {
        this.redis = redis;
        this.sessionPrefix = sessionPrefix;
        this.timeout = timeout;
        this.clock = clock;
        this.cluster = cluster;
        this.pollInterval = pollInterval;
        // Long enough for many batches even at the command timeout; a dead holder delays others this long at most.
        this.lease = max(Duration.ofSeconds(10), timeout.multipliedBy(5));
        this.set = keyFor(sessionPrefix);
        this.principals = set + ":principals";
        this.lock = set + ":drain";
        this.drainer = pollInterval.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sessions4j-redis-expiry");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The set's name. Its hash tag (the braces) puts the set, the principals and the lock in one Cluster slot;
     * a prefix that would make an empty or cut tag is replaced there by its SHA-1.
     */
    static String keyFor(String prefix) {
        boolean plain = !prefix.isEmpty() && prefix.indexOf('{') < 0 && prefix.indexOf('}') < 0;
        return NAMESPACE + "{" + (plain ? prefix : LuaScript.sha1(prefix)) + "}";
    }

    boolean enabled() {
        return drainer != null;
    }

    /** The names the standalone scripts update in the same step: '' when the index is off. */
    String setArg() {
        return enabled() ? set : "";
    }

    String principalsArg() {
        return enabled() ? principals : "";
    }

    /** The keys, for {@code clear()}. */
    String[] keys() {
        return new String[] {set, principals};
    }

    /**
     * Checks the index keys can be used (an ACL user limited to {@code ~sess:*} cannot), so that a missing
     * permission fails at start-up, by name, rather than every write later.
     */
    void probe() {
        if (enabled()) {
            await(redis.exists(set));
        }
    }

    void start() {
        if (drainer != null) {
            long interval = pollInterval.toMillis();
            // A random start keeps instances started together from asking for the lock in step.
            long first = interval / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, interval / 2 + 1));
            drainer.scheduleWithFixedDelay(this::poll, first, interval, TimeUnit.MILLISECONDS);
        }
    }

    boolean addListener(ExpiryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return enabled();
    }

    // ---- the write path on Cluster (standalone does this inside the session's script) ----

    /**
     * After a write of a session on Cluster: its expiry and principal.
     *
     * @param onlyIfTracked whether to leave an id that is not a member alone (after a compare-and-set or touch)
     */
    void written(String id, long expiresAtMillis, String principal, boolean onlyIfTracked) {
        if (cluster && enabled()) {
            step(id, Long.toString(expiresAtMillis), principal == null ? "" : principal, onlyIfTracked ? "1" : "0");
        }
    }

    /** On Cluster, before a session is destroyed: it leaves the index first, so no drain can take it for expired. */
    void forget(String id) {
        if (cluster && enabled()) {
            step(id, "", "", "0");
        }
    }

    /**
     * The index step never fails the request: the session itself is written (or about to be destroyed), and
     * only its expiry event is at stake. While the index's slot migrates between masters its two keys may be
     * on different nodes for a moment ({@code TRYAGAIN}); the step is retried briefly, then logged and skipped
     * (a new session then goes unreported, a destroyed one may be reported as expired).
     */
    private void step(String... args) {
        for (int attempt = 1; ; attempt++) {
            try {
                STEP.run2(redis, ScriptOutputType.INTEGER, timeout, set, principals, args);
                return;
            } catch (RuntimeException e) {
                boolean retry = attempt < 5 && String.valueOf(e.getMessage()).contains("TRYAGAIN");
                if (!retry) {
                    LOG.warn("RedisStore: the expiry index step failed, the session's expiry event may be wrong: {}",
                            e.toString());
                    return;
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // ---- draining ----

    private void poll() {
        try {
            drain();
            if (failing) {
                failing = false;
                LOG.info("RedisStore: expiry events are drained again");
            }
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            if (!failing) {
                failing = true;
                LOG.warn("RedisStore: could not drain expired sessions (retried every {}): {}", pollInterval,
                        e.toString());
            } else {
                LOG.debug("RedisStore: expiry drain failed again", e);
            }
        }
    }

    /**
     * One drain, if this instance gets the lock: batch after batch of due members until there are no more, or
     * half the lease is used (the next poll goes on).
     *
     * @return how many expired sessions were reported
     */
    int drain() {
        String token = UUID.randomUUID().toString();
        if (!"OK".equals(await(redis.set(lock, token, SetArgs.Builder.nx().px(lease.toMillis()))))) {
            return 0;
        }
        long started = System.nanoTime();
        int reported = 0;
        try {
            while (!closed) {
                List<Object> found = new ArrayList<>();
                int looked = cluster ? dueOnCluster(found) : dueOnStandalone(found);
                report(found);
                reported += found.size() / 3;
                remove(found);
                if (looked < BATCH || System.nanoTime() - started > lease.toNanos() / 2) {
                    break;
                }
            }
        } finally {
            Scripts.UNLOCK.run(redis, ScriptOutputType.INTEGER, timeout, lock, token);
        }
        return reported;
    }

    private int dueOnStandalone(List<Object> gone) {
        List<Object> reply = DRAIN.run2(redis, ScriptOutputType.MULTI, timeout, set, principals,
                Long.toString(clock.millis()), Integer.toString(BATCH), sessionPrefix,
                Long.toString(NO_TTL_RECHECK_MILLIS));
        gone.addAll(reply.subList(1, reply.size()));
        return ((Long) reply.get(0)).intValue();
    }

    /**
     * The session keys are in other slots than the index: their {@code PTTL}s are asked for all at once, from
     * the client. A key that is gone stays gone (ids are never reused, a write never re-creates a missing key),
     * so the check does not have to be atomic with the removal; a live one gets its real expiry as its score.
     */
    private int dueOnCluster(List<Object> gone) {
        long now = clock.millis();
        List<Object> due = DUE.run2(redis, ScriptOutputType.MULTI, timeout, set, principals, Long.toString(now),
                Integer.toString(BATCH));
        List<RedisFuture<Long>> ttls = new ArrayList<>();
        for (int i = 0; i < due.size(); i += 3) {
            ttls.add(redis.pttl(sessionPrefix + due.get(i)));
        }
        List<String> rescore = new ArrayList<>();
        for (int i = 0; i < due.size(); i += 3) {
            long ttl = await(ttls.get(i / 3));
            if (ttl == -2) {
                gone.add(due.get(i));
                gone.add(due.get(i + 1));
                gone.add(due.get(i + 2));
            } else {
                rescore.add((String) due.get(i));
                rescore.add((String) due.get(i + 1));
                rescore.add(Long.toString(now + (ttl < 0 ? NO_TTL_RECHECK_MILLIS : ttl)));
            }
        }
        if (!rescore.isEmpty()) {
            RESCORE.run(redis, ScriptOutputType.INTEGER, timeout, set, rescore.toArray(String[]::new));
        }
        return due.size() / 3;
    }

    /** {@code found} holds {@code id, score, principal or ''} triples. */
    private void report(List<Object> found) {
        for (int i = 0; i < found.size(); i += 3) {
            String id = (String) found.get(i);
            Instant expired = Instant.ofEpochMilli((long) Double.parseDouble((String) found.get(i + 1)));
            String principal = (String) found.get(i + 2);
            // The key and its value are gone: what is left is whose session it was and (at least) when it ended.
            StoredSession last = new StoredSession("", expired, principal.isEmpty() ? null : principal);
            for (ExpiryListener listener : listeners) {
                try {
                    listener.expired(id, Optional.of(last));
                } catch (RuntimeException e) {
                    LOG.warn("RedisStore: expiry listener {} failed: {}", listener, e.toString());
                }
            }
        }
    }

    private void remove(List<Object> found) {
        if (found.isEmpty()) {
            return;
        }
        String[] args = new String[found.size() / 3 * 2];
        for (int i = 0, j = 0; i < found.size(); i += 3) {
            args[j++] = (String) found.get(i);
            args[j++] = (String) found.get(i + 1);
        }
        REMOVE.run2(redis, ScriptOutputType.INTEGER, timeout, set, principals, args);
    }

    /** Stops draining; a drain under way finishes its batch (bounded by the command timeout). */
    @Override
    public void close() {
        closed = true;
        if (drainer != null) {
            drainer.shutdown();
            try {
                if (!drainer.awaitTermination(timeout.toMillis() * 4, TimeUnit.MILLISECONDS)) {
                    drainer.shutdownNow();
                }
            } catch (InterruptedException e) {
                drainer.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T await(RedisFuture<T> future) {
        return LettuceFutures.awaitOrCancel(future, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
