package io.sessions4j;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.sessions4j.spi.StoreLock;
import io.sessions4j.spi.StoreLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@link MemoryStore}'s session locks: leases in a map, taken and ended atomically per id. They matter
 * when several engines share one store object (tests, or several configurations in one JVM); a lease that is
 * never released (its holder was abandoned) is taken over once it ends, and its entry is then evicted.
 */
final class MemoryLocks implements StoreLocks {
    private final Cache<String, Lease> leases;
    private final Clock clock;

    MemoryLocks(Clock clock) {
        this.clock = clock;
        this.leases = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.writing((String id, Lease lease) -> lease.left(clock.instant())))
                .build();
    }

    @Override
    public Optional<StoreLock> tryLock(String id, Duration lease) {
        Instant now = clock.instant();
        Lease mine = new Lease(now.plus(lease));
        Lease holder = leases.asMap().compute(id, (k, current) ->
                current == null || !current.until.isAfter(now) ? mine : current);
        return holder == mine ? Optional.of(() -> release(id, mine)) : Optional.empty();
    }

    private boolean release(String id, Lease mine) {
        boolean inTime = mine.until.isAfter(clock.instant());
        return leases.asMap().remove(id, mine) && inTime;
    }

    /** A lease; its identity is the owner token. */
    private static final class Lease {
        final Instant until;

        Lease(Instant until) {
            this.until = until;
        }

        Duration left(Instant now) {
            return now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
        }
    }
}
