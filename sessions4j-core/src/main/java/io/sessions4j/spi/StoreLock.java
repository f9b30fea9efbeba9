package io.sessions4j.spi;

/** A lock taken with {@link StoreLocks#tryLock}. */
public interface StoreLock {

    /**
     * Ends the lock if this holder still has it. It never ends a lock that another holder took after this
     * one's lease ran out; calling it again does nothing.
     *
     * @return whether this call ended a lease that was still running: {@code false} when the lease had
     *     already run out (another holder may have run meanwhile) or the lock was already released
     * @throws io.sessions4j.SessionStoreException when the backend fails (the lease then runs out on its own)
     */
    boolean release();
}
