package io.sessions4j.internal;

import io.sessions4j.SessionLockTimeoutException;
import io.sessions4j.spi.SessionObserver;
import io.sessions4j.spi.StoreLock;
import io.sessions4j.spi.StoreLocks;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's lock: first this JVM's (one semaphore per id), then the store's when it has
 * {@link StoreLocks}. The in-process lock is the fast path: only one request per JVM and session ever
 * asks the store, so waiting on the store costs one poller per instance, not one per request.
 *
 * <p>In-process entries are reference-counted and removed when nobody holds or waits for them, so the map
 * holds only ids of requests in flight. A semaphore rather than a {@code ReentrantLock}, because an async
 * request may release from another thread than the one that acquired.
 */
final class SessionLocks {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLocks.class);
    private static final long MAX_POLL_MILLIS = 10;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final StoreLocks storeLocks;
    private final String storeName;
    private final StoreTiming timing;
    private final SessionObserver observer;
    private final boolean observed;

    SessionLocks(Optional<StoreLocks> storeLocks, String storeName, StoreTiming timing, SessionObserver observer) {
        this.storeLocks = storeLocks.orElse(null);
        this.storeName = storeName;
        this.timing = timing;
        this.observer = observer;
        this.observed = Observers.active(observer);
    }

    /** A held lock; {@link #release()} is idempotent and never throws. */
    interface Held {
        /** The session id this lock is for. */
        String id();

        void release();
    }

    /**
     * Takes the session's lock, waiting at most {@code timeout} in all.
     *
     * @param lease how long the store lock lasts if it is never released (the holder died)
     * @throws SessionLockTimeoutException when the lock was not obtained in time
     * @throws io.sessions4j.SessionStoreException when the store failed to lock; nothing is held then
     */
    Held acquire(String id, Duration lease, Duration timeout) {
        long start = System.nanoTime();
        return waited(start, () -> lockBoth(id, lease, start + timeout.toNanos(), timeout));
    }

    /** Only this JVM's lock, for when the store's lock is unavailable and the caller can do without it. */
    Held acquireLocal(String id, Duration timeout) {
        long start = observed ? System.nanoTime() : 0L;
        return waited(start, () -> lockLocal(id, timeout));
    }

    /** Reports the wait for a lock, or its time-out. */
    private Held waited(long start, java.util.function.Supplier<Held> lock) {
        if (!observed) {
            return lock.get();
        }
        try {
            Held held = lock.get();
            observer.lockWaited(System.nanoTime() - start);
            return held;
        } catch (SessionLockTimeoutException e) {
            observer.lockTimedOut();
            throw e;
        }
    }

    private Held lockBoth(String id, Duration lease, long deadline, Duration timeout) {
        Held local = lockLocal(id, timeout);
        if (storeLocks == null) {
            return local;
        }
        try {
            StoreLock remote = acquireRemote(id, lease, deadline, timeout);
            return held(id, () -> {
                try {
                    releaseRemote(id, remote, lease);
                } finally {
                    local.release();
                }
            });
        } catch (RuntimeException | Error e) {
            local.release();
            throw e;
        }
    }

    private Held lockLocal(String id, Duration timeout) {
        Entry entry = entries.compute(id, (k, e) -> {
            Entry result = e == null ? new Entry() : e;
            result.users++;
            return result;
        });
        boolean acquired = false;
        try {
            acquired = entry.semaphore.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!acquired) {
                leave(id);
            }
        }
        if (!acquired) {
            throw new SessionLockTimeoutException(timeout);
        }
        return held(id, () -> {
            entry.semaphore.release();
            leave(id);
        });
    }

    /** A lock whose release runs {@code release} once (without a monitor: it may call the store). */
    private static Held held(String id, Runnable release) {
        AtomicBoolean released = new AtomicBoolean();
        return new Held() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void release() {
                if (released.compareAndSet(false, true)) {
                    release.run();
                }
            }
        };
    }

    /**
     * Polls the store with a jittered, growing pause (1 ms up to 10 ms): the lock is usually held for one
     * request, and only this JVM's head waiter polls.
     */
    private StoreLock acquireRemote(String id, Duration lease, long deadline, Duration timeout) {
        for (int attempt = 0; ; attempt++) {
            Optional<StoreLock> lock = timing.run("lock", () -> storeLocks.tryLock(id, lease));
            if (lock.isPresent()) {
                return lock.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SessionLockTimeoutException(timeout);
            }
            long ceiling = Math.min(1L << Math.min(attempt, 5), MAX_POLL_MILLIS);
            long pause = Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1,
                    1 + ThreadLocalRandom.current().nextLong(ceiling));
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionLockTimeoutException(timeout);
            }
        }
    }

    private void releaseRemote(String id, StoreLock remote, Duration lease) {
        try {
            if (!timing.run("unlock", remote::release)) {
                LOG.warn("session {} held its {} lock longer than the lease ({} ms); another request may have run "
                        + "at the same time", LogIds.hash(id), storeName, lease.toMillis());
            }
        } catch (RuntimeException e) {
            LOG.warn("releasing the {} lock of session {} failed; it ends with its lease ({} ms): {}", storeName,
                    LogIds.hash(id), lease.toMillis(), e.toString());
        }
    }

    /** Whether a request of this JVM holds or waits for the session's lock: one map lookup, no allocation. */
    boolean busyHere(String id) {
        return entries.containsKey(id);
    }

    /** How many ids currently have a lock entry in this JVM (for tests). */
    int size() {
        return entries.size();
    }

    private void leave(String id) {
        entries.computeIfPresent(id, (k, e) -> --e.users == 0 ? null : e);
    }

    private static final class Entry {
        final Semaphore semaphore = new Semaphore(1);
        int users;
    }
}
