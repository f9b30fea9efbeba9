package io.sessions4j.jdbc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link JdbcStore#pruneExpired()} on one daemon thread, each run after a fresh random 50-150 % of the
 * interval, so that nodes started together do not prune in lock step (connect-pg-simple's randomized
 * interval). A failed run is logged and the schedule goes on: the database may be back next time.
 */
final class Pruner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    private final JdbcStore store;
    private final long meanMillis;
    private final ScheduledExecutorService executor;
    private volatile boolean closed;
    private boolean failing;

    Pruner(JdbcStore store, Duration interval) {
        this.store = store;
        this.meanMillis = Math.max(1, interval.toMillis());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sessions4j-jdbc-prune");
            t.setDaemon(true);
            return t;
        });
        scheduleNext();
    }

    private void scheduleNext() {
        if (closed) {
            return;
        }
        long delay = meanMillis / 2 + ThreadLocalRandom.current().nextLong(meanMillis + 1);
        try {
            executor.schedule(this::run, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void run() {
        try {
            long deleted = store.pruneExpired();
            if (failing) {
                LOG.info("{}: pruning works again", store.name());
                failing = false;
            }
            if (deleted > 0) {
                LOG.debug("{}: pruned {} expired sessions", store.name(), deleted);
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("{}: pruning expired sessions failed; will retry on schedule: {}", store.name(),
                        e.getMessage());
            }
            failing = true;
        } finally {
            scheduleNext();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
