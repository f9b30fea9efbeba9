package io.sessions4j.servlet.conformance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves by hand, so that express's {@code setTimeout} waits for expiry become instant
 * jumps. It starts on a whole second, so that {@code Expires} (second precision) equals {@code now + maxAge}
 * exactly.
 */
final class TestClock extends Clock {
    /** 2030-01-01T00:00:00Z: far from the epoch, on a whole second. */
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    TestClock() {
        this(START);
    }

    TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC only");
    }
}
