package io.sessions4j;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One live session of a principal, as {@link UserSessions#list} shows it: for a "your devices" page or an
 * admin's view. {@link #hashedId()} is what to show or log; {@link #id()} is what to pass back to
 * {@link UserSessions#destroy}, and is a credential: never display it.
 *
 * @param id the session id
 * @param hashedId a short hash of the id, safe for logs and pages (the one sessions4j logs)
 * @param createdAt when the session was created
 * @param lastAccessedAt when it was last used, as far as the store's expiry tells
 * @param expiresAt when the store will end it unless it is used again
 * @param attributes the values of the session keys the caller asked for that the session holds (their plain
 *     JSON forms: strings, numbers, lists, maps)
 */
public record UserSession(String id, String hashedId, Instant createdAt, Instant lastAccessedAt, Instant expiresAt,
        Map<String, Object> attributes) {

    /**
     * Checks the values and copies the attributes.
     *
     * @param id the session id
     * @param hashedId a short hash of the id
     * @param createdAt when the session was created
     * @param lastAccessedAt when it was last used
     * @param expiresAt when the store will end it
     * @param attributes the values asked for
     */
    public UserSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hashedId, "hashedId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        attributes = Map.copyOf(attributes);
    }

    @Override
    public String toString() {
        return "UserSession[" + hashedId + ", created " + createdAt + ", last access " + lastAccessedAt
                + ", expires " + expiresAt + ", " + attributes + "]";
    }
}
