package io.sessions4j.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Locks on sessions that hold across every application instance sharing one store: what makes
 * {@link io.sessions4j.ConcurrencyMode#LOCK} serialize a session's requests across instances, and what a
 * {@link io.sessions4j.ConcurrencyMode#MERGE} save takes briefly when its compare-and-set keeps losing.
 *
 * <p>A lock is a lease: it ends when its holder releases it or when the lease runs out, whichever comes first.
 * An instance that dies while holding a lock therefore blocks that session for at most the lease. Locks are
 * advisory: they serialize the engines that take them and never block {@link SessionStore} operations (a Node
 * app writing the same record is not held back; the engine's compare-and-set still protects against it).
 *
 * <p>Implementations never wait (the engine waits, with backoff, up to its lock timeout) and must be
 * thread-safe. The store TCK checks the contract.
 */
public interface StoreLocks {

    /**
     * Takes the lock of session {@code id} for {@code lease}, unless another holder's lease is still running.
     *
     * @param id the session id
     * @param lease how long the lock lasts unless released
     * @return the lock, or empty when someone else holds it
     * @throws io.sessions4j.SessionStoreException when the backend fails
     */
    Optional<StoreLock> tryLock(String id, Duration lease);
}
