package io.sessions4j.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Lets a store slide a record's expiry in the same round trip that reads it
 * ({@link SessionStore#getAndTouch}). The rule is the engine's touch rule: the wanted expiry is
 * {@code now + cookie.originalMaxAge} (or {@code now + browserSessionTtl} for a browser-session cookie), and
 * the store moves the record's expiry there only when that moves it by at least {@code touchAfter}.
 *
 * @param now the engine clock's current instant
 * @param touchAfter the minimum move worth a write ({@link Duration#ZERO}: always)
 * @param browserSessionTtl the lifetime of records whose cookie has no {@code originalMaxAge}
 */
public record TouchRequest(Instant now, Duration touchAfter, Duration browserSessionTtl) {
    /**
     * Checks that no component is null.
     *
     * @param now the engine clock's current instant
     * @param touchAfter the minimum move worth a write ({@link Duration#ZERO}: always)
     * @param browserSessionTtl the lifetime of records whose cookie has no {@code originalMaxAge}
     */
    public TouchRequest {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(touchAfter, "touchAfter");
        Objects.requireNonNull(browserSessionTtl, "browserSessionTtl");
    }

    /**
     * The expiry a touch now should give a record.
     *
     * @param originalMaxAge the cookie's {@code originalMaxAge}; {@code null} for a browser-session cookie
     * @return the wanted expiry
     */
    public Instant wantedExpiry(Duration originalMaxAge) {
        return now.plus(originalMaxAge == null ? browserSessionTtl : originalMaxAge);
    }

    /**
     * Whether moving a record's expiry is worth a write.
     *
     * @param current the record's expiry now; {@code null} when unknown
     * @param wanted the expiry a touch would give it
     * @return {@code true} when the move is at least {@code touchAfter} forward
     */
    public boolean isDue(Instant current, Instant wanted) {
        return current == null || Duration.between(current, wanted).compareTo(touchAfter) >= 0
                && wanted.isAfter(current);
    }
}
