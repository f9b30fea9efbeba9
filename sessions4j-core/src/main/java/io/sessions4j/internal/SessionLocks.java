package io.sessions4j.internal;

import io.sessions4j.SessionLockTimeoutException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One in-process lock per session id, for {@link io.sessions4j.ConcurrencyMode#LOCK}. Entries are
 * reference-counted and removed when nobody holds or waits for them, so the map holds only ids of
 * requests in flight. A semaphore rather than a {@code ReentrantLock}, because an async request may
 * release from another thread than the one that acquired.
 */
final class SessionLocks {
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** A held lock; {@link #release()} is idempotent. */
    interface Held {
        void release();
    }

    Held acquire(String id, Duration timeout) {
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
        return new Held() {
            private boolean released;

            @Override
            public synchronized void release() {
                if (!released) {
                    released = true;
                    entry.semaphore.release();
                    leave(id);
                }
            }
        };
    }

    /** How many ids currently have a lock entry (for tests). */
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
