package io.sessions4j;

/**
 * How two requests of the same session that run at the same time are reconciled.
 */
public enum ConcurrencyMode {
    /**
     * The default. Requests run in parallel; a save is a compare-and-set on the stored JSON and, when
     * another request saved in between, this request's own changes (the keys it set or removed, and its
     * cookie changes) are applied to the fresh copy and the save is retried. Changes to different keys
     * all survive; for the same key the last save wins.
     */
    MERGE,
    /**
     * Requests of one session are serialized inside this JVM: a request waits (up to
     * {@link SessionConfig#lockTimeout()}) for the previous one to commit before it loads the session.
     * Read-modify-write of one key (a counter) is then exact. The lock is per process: with several app
     * instances, use sticky routing or MERGE.
     */
    LOCK
}
