package io.sessions4j.spi;

/** A lock taken with {@link StoreLocks#tryLock}. */
public interface StoreLock {

    /**
     * Ends the lock if this holder still has it; calling it again does nothing. It never ends a lock that
     * another holder took after this one's lease ran out.
     *
     * @return {@code false} when this holder's lease had already run out (another holder may have run
     *     meanwhile), {@code true} otherwise
     * @throws io.sessions4j.SessionStoreException when the backend fails (the lease then runs out on its own)
     */
    boolean release();
}
