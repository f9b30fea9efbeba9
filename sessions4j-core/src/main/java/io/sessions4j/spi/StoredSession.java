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
 * <p>{@code principal} is whose session it is ({@link io.sessions4j.Session#principal(String)}), given on writes
 * so that a store with a {@link PrincipalIndex} can index the record in the same atomic write; it is also
 * inside the JSON, where the engine reads it back, so a store may report it as {@code null} on reads.
 *
 * @param json the session JSON, never {@code null}
 * @param expires when the record expires, never {@code null}
 * @param principal whose session it is; {@code null} when nobody's
 */
public record StoredSession(String json, Instant expires, String principal) {
    /**
     * Checks that neither the JSON nor the expiry is null.
     *
     * @param json the session JSON
     * @param expires when the record expires
     * @param principal whose session it is, or {@code null}
     */
    public StoredSession {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(expires, "expires");
    }

    /**
     * A record of nobody's session.
     *
     * @param json the session JSON
     * @param expires when the record expires
     */
    public StoredSession(String json, Instant expires) {
        this(json, expires, null);
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
