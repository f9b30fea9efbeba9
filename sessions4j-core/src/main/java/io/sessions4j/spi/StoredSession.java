package io.sessions4j.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store keeps for one session: the session's JSON text, exactly as the engine wrote it (express
 * format: {@code {"cookie":{...},...}}), and the instant the record expires.
 *
 * <p>On writes, {@code expires} is computed by the engine (the cookie's expiry, or the configured TTL for
 * browser-session cookies) and a store should use it as the record's TTL. On reads, a store reports the
 * record's <em>current</em> expiry as it knows it (a Redis TTL, an {@code expire} column), which may be
 * later than the {@code cookie.expires} inside the JSON when the record was touched since.
 *
 * @param json the session JSON, never {@code null}
 * @param expires when the record expires, never {@code null}
 */
public record StoredSession(String json, Instant expires) {
    /**
     * Checks that no component is null.
     *
     * @param json the session JSON
     * @param expires when the record expires
     */
    public StoredSession {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(expires, "expires");
    }

    /**
     * Whether the record has expired at {@code now}.
     *
     * @param now the current time
     * @return {@code true} from the {@code expires} instant on
     */
    public boolean isExpiredAt(Instant now) {
        return !expires.isAfter(now);
    }
}
