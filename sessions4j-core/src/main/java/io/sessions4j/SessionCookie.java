package io.sessions4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The cookie of one session, as express-session's {@code req.session.cookie}. It is stored with the
 * session, so a change made here (say, "remember me" setting a longer {@link #maxAge(Duration)}) lasts
 * for the life of the session and is sent to the browser in a new {@code Set-Cookie} at the end of the
 * request.
 */
public interface SessionCookie {

    /**
     * The time left until the cookie expires, counted from now; negative once past. Empty for a
     * browser-session cookie (express's {@code cookie.maxAge} getter).
     */
    Optional<Duration> maxAge();

    /**
     * Sets the lifetime from now: {@code expires = now + maxAge} and {@code originalMaxAge = maxAge}.
     * {@code null} makes it a browser-session cookie.
     */
    SessionCookie maxAge(Duration maxAge);

    /** The lifetime the cookie was given, restored on every touch; empty for a browser-session cookie. */
    Optional<Duration> originalMaxAge();

    /** When the cookie expires; empty for a browser-session cookie. */
    Optional<Instant> expires();

    /** Sets an absolute expiry ({@code originalMaxAge} becomes the time left); {@code null} for a browser-session cookie. */
    SessionCookie expires(Instant expires);

    String path();

    SessionCookie path(String path);

    Optional<String> domain();

    SessionCookie domain(String domain);

    boolean httpOnly();

    SessionCookie httpOnly(boolean httpOnly);

    /** Whether the cookie carries {@code Secure}; an unset value counts as {@code false}. */
    boolean secure();

    SessionCookie secure(boolean secure);

    /** Never {@link SameSite#AUTO}: that is resolved when the session is created. */
    Optional<SameSite> sameSite();

    /** {@code null} removes the attribute; {@link SameSite#AUTO} is refused here (it is a creation-time rule). */
    SessionCookie sameSite(SameSite sameSite);

    boolean partitioned();

    SessionCookie partitioned(boolean partitioned);

    Optional<Priority> priority();

    SessionCookie priority(Priority priority);
}
