package io.sessions4j.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in near cache of a {@link RedisStore}: recently read records kept in this JVM (Caffeine, bounded), kept
 * coherent by Redis server-assisted client-side caching on a connection of its own.
 *
 * <p><b>Tracking.</b> The cache opens one RESP3 connection with {@code CLIENT TRACKING ON NOLOOP} (default mode,
 * not {@code BCAST}: Redis then tells this instance only about the keys it read, not about every session any
 * instance writes). Every read that fills the cache and every write whose result is kept goes through that
 * connection, so Redis tracks the key for it and pushes an {@code invalidate} message on the same socket when
 * anyone else changes it. {@code NOLOOP} spares it the messages about its own writes, which it applies locally;
 * since Redis stops tracking a key once it is written, those scripts end by reading the key again
 * ({@link Scripts#keepTracked}).
 *
 * <p><b>Stamps.</b> Every key maps to one of many stripes, each with a counter (a stamp); a global generation
 * covers everything. An entry carries the stamp and generation it was made under and is served only while both
 * are unchanged. An invalidation of a key moves its stripe's stamp; a flush ({@code invalidate} with no keys), a
 * disconnect or a reconnect of the tracking connection moves the generation. A read captures the stamp
 * <em>before</em> it is sent, so a value read before an invalidation arrived is never served after it, whatever
 * order the reply and the message come in. A write of this instance captures the stamp before it is sent and,
 * when it is done, moves the stamp from that value with a compare-and-set: if nothing else happened to the stripe
 * meanwhile (no invalidation, no other write of this instance), its result becomes the entry; otherwise the entry
 * is dropped. So two writers of this instance racing on one session never leave the older record cached.
 *
 * <p><b>Lease.</b> A heartbeat ({@code CLIENT ID}) runs every {@link #HEARTBEAT} on the tracking connection;
 * its reply comes after every invalidation Redis sent before it, on the same socket. The cache serves only until
 * {@link #LEASE} after the last acknowledged heartbeat was sent, so even when invalidations are lost (a
 * half-open connection, a stalled event loop), a write made on the server is served stale for at most the lease.
 * While the tracking connection is down the cache serves nothing and fills nothing: the store reads Redis on
 * every call, on its main connection.
 */
final class NearCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NearCache.class);
    /** How often the tracking connection is checked. */
    static final Duration HEARTBEAT = Duration.ofMillis(250);
    /** How long after a heartbeat was sent the cache may serve on the strength of its reply. */
    static final Duration LEASE = Duration.ofSeconds(1);
    /**
     * Where the engine writes the cookie's lifetime: the same anchored pattern as the read-and-touch script's, but
     * for an integer or {@code null} only. A record written otherwise is not cached (its touch is decided by Redis).
     */
    private static final Pattern MAX_AGE = Pattern.compile(
            "^\\s*\\{\\s*\"cookie\"\\s*:\\s*\\{\\s*\"originalMaxAge\"\\s*:\\s*(?:(\\d{1,15})|null)\\s*[,}]");
    /** {@link Entry#maxAgeMillis} of a browser-session cookie: the touch request's browser-session TTL applies. */
    static final long BROWSER_SESSION = -1;

    /**
     * A cached record.
     *
     * @param json the record's text
     * @param expiresAtMillis its expiry, epoch ms on the store's clock
     * @param maxAgeMillis the cookie's {@code originalMaxAge}, or {@link #BROWSER_SESSION}
     * @param stamp the stamp of its stripe when it was made
     * @param generation the generation when it was made
     */
    record Entry(String json, long expiresAtMillis, long maxAgeMillis, long stamp, long generation) {
    }

    /**
     * What a read or a write captured before it was sent.
     *
     * @param stripe the key's stripe
     * @param stamp its stamp then
     * @param generation the generation then
     * @param entry the live entry then, or {@code null}
     */
    record Ticket(int stripe, long stamp, long generation, Entry entry) {
    }

    private final String prefix;
    private final Duration timeout;
    private final Cache<String, Entry> cache;
    private final AtomicLongArray stamps;
    private final AtomicLong generation = new AtomicLong();
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final ScheduledExecutorService heartbeats;
    /** Moved by every disconnect, so that a heartbeat that spanned one does not renew the lease. */
    private long disconnects;
    /** {@link System#nanoTime()} until which the cache may serve; guarded by {@code this}. */
    private volatile long servingUntil;
    /**
     * The Redis client id of the tracking connection since tracking was turned on for it, or -1; another id means
     * a new connection. Guarded by {@code this}.
     */
    private long trackedClientId = -1;

    private NearCache(String prefix, int maxSessions, Duration timeout, StatefulRedisConnection<String, String> c) {
        this.prefix = prefix;
        this.timeout = timeout;
        this.cache = Caffeine.newBuilder().maximumSize(maxSessions).build();
        this.stamps = new AtomicLongArray(stripes(maxSessions));
        this.connection = c;
        this.commands = c.async();
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sessions4j-redis-near-cache");
            t.setDaemon(true);
            return t;
        });
        this.servingUntil = System.nanoTime();
    }

    /**
     * Opens the tracking connection on {@code client}, turns tracking on and starts the heartbeat.
     *
     * @throws RuntimeException when Redis cannot be reached or does not support tracking (before 6.0)
     */
    static NearCache open(RedisClient client, String prefix, int maxSessions, Duration timeout) {
        StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8);
        NearCache near = new NearCache(prefix, maxSessions, timeout, c);
        try {
            // Over RESP2 Redis drops invalidations that are not redirected: the cache would never hear of one.
            if (c instanceof StatefulRedisConnectionImpl<?, ?> impl
                    && impl.getConnectionState().getNegotiatedProtocolVersion() != ProtocolVersion.RESP3) {
                throw new IllegalStateException("the connection speaks "
                        + impl.getConnectionState().getNegotiatedProtocolVersion() + "; invalidations need RESP3");
            }
            c.addListener(near::invalidated);
            c.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    near.disconnected();
                }

                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    // Tracking is off on the new connection: turn it on now rather than at the next heartbeat.
                    try {
                        near.heartbeats.execute(near::heartbeat);
                    } catch (java.util.concurrent.RejectedExecutionException closed) {
                        // the store is closing
                    }
                }
            });
            near.check();
        } catch (RuntimeException e) {
            near.close();
            throw e;
        }
        long period = HEARTBEAT.toMillis();
        near.heartbeats.scheduleWithFixedDelay(near::heartbeat, period, period, TimeUnit.MILLISECONDS);
        return near;
    }

    /** A power of two, about four stripes per cached session: an invalidation rarely hits a neighbour. */
    private static int stripes(int maxSessions) {
        int wanted = (int) Math.min(1 << 20, Math.max(1024L, 4L * maxSessions));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    /** The connection every cached read and kept write goes through. */
    RedisAsyncCommands<String, String> commands() {
        return commands;
    }

    /** Whether the cache may serve and fill now. */
    boolean serving() {
        return System.nanoTime() - servingUntil < 0;
    }

    /**
     * {@return what a read or write of {@code id} through {@link #commands()} captures before it is sent, or
     * {@code null} when the cache is not serving (the caller then uses the store's main connection)}
     */
    Ticket ticket(String id) {
        if (!serving()) {
            return null;
        }
        int stripe = stripe(id);
        // Stamp and generation first, then the entry: an entry is only reported if it is live under them.
        long stamp = stamps.get(stripe);
        long gen = generation.get();
        Entry e = cache.getIfPresent(id);
        if (e != null && (e.stamp() != stamp || e.generation() != gen)) {
            if (e.stamp() < stamp || e.generation() < gen) {
                // Made before a change (or before an invalidation of a neighbour in its stripe): never served.
                cache.asMap().remove(id, e);
            }
            // (A newer one was put by a write finishing while this ticket was taken: not this ticket's to use.)
            e = null;
        }
        return new Ticket(stripe, stamp, gen, e);
    }

    /** A read under {@code t} returned this record: it is cached unless anything changed since {@code t}. */
    void filled(Ticket t, String id, String json, long expiresAtMillis) {
        long maxAge = maxAgeMillis(json);
        if (maxAge == Long.MIN_VALUE || stamps.get(t.stripe()) != t.stamp() || generation.get() != t.generation()) {
            return;
        }
        // Should the stripe move between that check and this put, the entry carries the old stamp: never served.
        cache.put(id, new Entry(json, expiresAtMillis, maxAge, t.stamp(), t.generation()));
    }

    /**
     * A write under {@code t} through {@link #commands()} left the key holding {@code json} until
     * {@code expiresAtMillis}, and tracked: that becomes the entry, unless anything else happened to the stripe
     * since {@code t} (then the entry is dropped, as a later write may have finished first).
     */
    void written(Ticket t, String id, String json, long expiresAtMillis) {
        long maxAge = maxAgeMillis(json);
        long next = t.stamp() + 1;
        if (maxAge != Long.MIN_VALUE && stamps.compareAndSet(t.stripe(), t.stamp(), next)
                && generation.get() == t.generation()) {
            cache.put(id, new Entry(json, expiresAtMillis, maxAge, next, t.generation()));
        } else {
            forget(id);
        }
    }

    /** The key changed, or may have: its entry is dropped, and reads in flight will not fill it. */
    void forget(String id) {
        stamps.incrementAndGet(stripe(id));
        cache.invalidate(id);
    }

    /** Everything may have changed: nothing cached is served again, and reads in flight will not fill. */
    void forgetAll() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }

    /** How many entries are held now (live or not yet found dead), for tests. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private int stripe(String id) {
        int h = id.hashCode();
        h ^= h >>> 16;
        return h & (stamps.length() - 1);
    }

    /** The cookie's {@code originalMaxAge}, {@link #BROWSER_SESSION}, or {@link Long#MIN_VALUE}: not cacheable. */
    static long maxAgeMillis(String json) {
        if (json.isEmpty() || json.indexOf('\uFFFD') >= 0) {
            return Long.MIN_VALUE;
        }
        Matcher m = MAX_AGE.matcher(json);
        if (!m.lookingAt()) {
            return Long.MIN_VALUE;
        }
        return m.group(1) == null ? BROWSER_SESSION : Long.parseLong(m.group(1));
    }

    // ---- the tracking connection ----

    /** An {@code invalidate} push: the keys named, or (no keys) everything, as after {@code FLUSHALL}. */
    private void invalidated(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (!(keys instanceof List<?> list)) {
            forgetAll();
            return;
        }
        for (Object key : list) {
            if (key instanceof String k && k.startsWith(prefix)) {
                forget(k.substring(prefix.length()));
            }
        }
    }

    /** Invalidations may have been lost with the connection, and the next one tracks nothing yet. */
    private void disconnected() {
        synchronized (this) {
            disconnects++;
            servingUntil = System.nanoTime();
            // Client ids start again from 1 after a Redis restart: the new connection may get the old one's id.
            trackedClientId = -1;
        }
        forgetAll();
    }

    /** A heartbeat on the scheduler thread: a failure only lets the lease run out. */
    private void heartbeat() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.debug("near cache heartbeat failed; the cache serves nothing until one succeeds: {}", e.toString());
        }
    }

    /**
     * Asks the connection's client id (turning tracking on first when it is a new connection) and, when the
     * reply came back on the connection that was asked, renews the lease from the time the question was sent.
     */
    private void check() {
        long epoch;
        long tracked;
        synchronized (this) {
            epoch = disconnects;
            tracked = trackedClientId;
        }
        long sent = System.nanoTime();
        long id = await(commands.clientId());
        if (id != tracked) {
            await(commands.clientTracking(TrackingArgs.Builder.enabled().noloop()));
            forgetAll();
            synchronized (this) {
                // A disconnect since the epoch was taken: tracking may have gone to a connection that is gone.
                if (disconnects != epoch) {
                    return;
                }
                trackedClientId = id;
            }
        }
        synchronized (this) {
            if (disconnects == epoch) {
                servingUntil = sent + LEASE.toNanos();
            }
        }
    }

    private <T> T await(io.lettuce.core.RedisFuture<T> future) {
        return LettuceFutures.awaitOrCancel(future, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        synchronized (this) {
            disconnects++;
            servingUntil = System.nanoTime();
        }
        forgetAll();
        connection.close();
    }
}
