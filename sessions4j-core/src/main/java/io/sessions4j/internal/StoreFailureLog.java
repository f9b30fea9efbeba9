package io.sessions4j.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a store's failures without flooding the log during an outage. Per operation ({@code get},
 * {@code replace}...): the first failure in full, with its stack trace; while it keeps failing, at most one
 * line per interval with the number of failures not logged; and one line when the operation works again.
 * A store that fails and recovers over and over still writes at most two lines per operation and interval:
 * an outage that starts within an interval of the last line is counted, not announced.
 *
 * <p>Thread-safe. The path of a successful call is one volatile read while nothing is failing.
 */
final class StoreFailureLog {
    /** One line per this interval at most, per operation, while it fails. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    /** Where the lines go: SLF4J in production, a list in tests. */
    interface Lines {
        void warn(String line, Throwable cause);

        void info(String line);
    }

    private final String store;
    private final Lines lines;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final Map<String, Outage> byOperation = new HashMap<>();
    private volatile boolean anyFailing;

    StoreFailureLog(String store, Lines lines, LongSupplier nanoTime, Duration interval) {
        this.store = store;
        this.lines = lines;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
    }

    /** The log of one store, to SLF4J logger {@code io.sessions4j.internal.StoreFailureLog}, on the system timer. */
    static StoreFailureLog forStore(String store) {
        Logger log = LoggerFactory.getLogger(StoreFailureLog.class);
        return new StoreFailureLog(store, new Lines() {
            @Override
            public void warn(String line, Throwable cause) {
                log.warn(line, cause);
            }

            @Override
            public void info(String line) {
                log.info(line);
            }
        }, System::nanoTime, INTERVAL);
    }

    void failed(String operation, RuntimeException failure) {
        long now = nanoTime.getAsLong();
        String line;
        boolean full;
        synchronized (this) {
            Outage o = byOperation.computeIfAbsent(operation, k -> new Outage(now - intervalNanos));
            if (!o.down) {
                o.down = true;
                o.announced = false;
                o.since = now;
                o.failures = 0;
                anyFailing = true;
            }
            o.failures++;
            if (now - o.lastLine < intervalNanos) {
                o.unlogged++;
                return;
            }
            full = !o.announced;
            line = full
                    ? store + " " + operation + " failed; requests that need it fail until it works again"
                            + (o.unlogged > 0 ? " (" + o.unlogged + " earlier failures were not logged)" : "")
                            + "; further failures are counted, one line per " + INTERVAL.toSeconds() + " s"
                    : store + " " + operation + " still failing: " + (o.unlogged + 1) + " failures in the last "
                            + seconds(now - o.lastLine) + " s, the latest: " + failure;
            o.announced = true;
            o.lastLine = now;
            o.unlogged = 0;
        }
        if (full) {
            lines.warn(line, failure);
        } else {
            lines.warn(line, null);
        }
    }

    void succeeded(String operation) {
        if (!anyFailing) {
            return;
        }
        long now = nanoTime.getAsLong();
        String line;
        synchronized (this) {
            Outage o = byOperation.get(operation);
            if (o == null || !o.down) {
                return;
            }
            o.down = false;
            anyFailing = byOperation.values().stream().anyMatch(x -> x.down);
            if (!o.announced) {
                return;
            }
            line = store + " " + operation + " works again, after " + o.failures + " failures in "
                    + seconds(now - o.since) + " s" + (o.unlogged > 0 ? " (" + o.unlogged + " not logged)" : "");
            o.lastLine = now;
            o.unlogged = 0;
        }
        lines.info(line);
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /** The state of one operation; guarded by the log's lock. */
    private static final class Outage {
        boolean down;
        /** This outage's first failure was logged, so its end is logged too. */
        boolean announced;
        long since;
        long failures;
        long lastLine;
        long unlogged;

        Outage(long lastLine) {
            this.lastLine = lastLine;
        }
    }
}
