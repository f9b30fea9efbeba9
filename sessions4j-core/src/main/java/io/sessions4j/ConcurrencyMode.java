package io.sessions4j;

/**
 * How two requests of the same session that run at the same time are reconciled.
 */
public enum ConcurrencyMode {
    /**
     * The default. Requests run in parallel; a save is a compare-and-set on the stored JSON and, when
     * another request saved in between, this request's own changes (the keys it set or removed, and its
     * cookie changes) are applied to the fresh copy and the save is retried. Changes to different keys
     * all survive; for the same key the last save wins. A save that still conflicts after
     * {@link SessionConfig#mergeAttempts()} tries takes the session's lock (this JVM's, and the store's when
     * it has {@linkplain io.sessions4j.spi.SessionStore#locks() locks}) and retries under it, so a hot session
     * makes progress instead of failing.
     */
    MERGE,
    /**
     * Requests of one session run one at a time: a request waits (up to {@link SessionConfig#lockTimeout()})
     * for the previous one to commit before it loads the session. Within this JVM by an in-process lock and,
     * when the store has {@linkplain io.sessions4j.spi.SessionStore#locks() locks} (Redis, JDBC and memory
     * stores do), across every instance sharing the store, by a store lock that ends with its
     * {@linkplain SessionConfig#lockLease() lease} if its holder dies. Read-modify-write of one key (a
     * counter) is then exact. With a store without locks, serialization is per instance only: use sticky
     * routing or MERGE.
     */
    LOCK
}
