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
    public TouchRequest {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(touchAfter, "touchAfter");
        Objects.requireNonNull(browserSessionTtl, "browserSessionTtl");
    }

    /** The expiry a touch now should give a record whose cookie has this {@code originalMaxAge} (null: none). */
    public Instant wantedExpiry(Duration originalMaxAge) {
        return now.plus(originalMaxAge == null ? browserSessionTtl : originalMaxAge);
    }

    /** Whether moving a record from {@code current} to {@code wanted} is worth a write. */
    public boolean isDue(Instant current, Instant wanted) {
        return current == null || Duration.between(current, wanted).compareTo(touchAfter) >= 0
                && wanted.isAfter(current);
    }
}
