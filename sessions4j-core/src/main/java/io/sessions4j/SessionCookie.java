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
     * {@return the time left until the cookie expires, counted from now; negative once past} Empty for a
     * browser-session cookie (express's {@code cookie.maxAge} getter).
     */
    Optional<Duration> maxAge();

    /**
     * Sets the lifetime from now: {@code expires = now + maxAge} and {@code originalMaxAge = maxAge}.
     *
     * @param maxAge the lifetime; {@code null} makes it a browser-session cookie
     * @return this cookie
     */
    SessionCookie maxAge(Duration maxAge);

    /** {@return the lifetime the cookie was given, restored on every touch; empty for a browser-session cookie} */
    Optional<Duration> originalMaxAge();

    /** {@return when the cookie expires; empty for a browser-session cookie} */
    Optional<Instant> expires();

    /**
     * Sets an absolute expiry ({@code originalMaxAge} becomes the time left).
     *
     * @param expires the expiry; {@code null} for a browser-session cookie
     * @return this cookie
     */
    SessionCookie expires(Instant expires);

    /** {@return the cookie's {@code Path}} */
    String path();

    /**
     * Sets the cookie's {@code Path}.
     *
     * @param path an absolute path
     * @return this cookie
     */
    SessionCookie path(String path);

    /** {@return the cookie's {@code Domain}; empty for a host-only cookie} */
    Optional<String> domain();

    /**
     * Sets the cookie's {@code Domain}.
     *
     * @param domain the domain; {@code null} for a host-only cookie
     * @return this cookie
     */
    SessionCookie domain(String domain);

    /** {@return whether the cookie is {@code HttpOnly}} */
    boolean httpOnly();

    /**
     * Sets whether the cookie is {@code HttpOnly}.
     *
     * @param httpOnly {@code true} hides the cookie from scripts
     * @return this cookie
     */
    SessionCookie httpOnly(boolean httpOnly);

    /** {@return whether the cookie carries {@code Secure}; an unset value counts as {@code false}} */
    boolean secure();

    /**
     * Sets whether the cookie carries {@code Secure}.
     *
     * @param secure {@code true} sends it over secure requests only
     * @return this cookie
     */
    SessionCookie secure(boolean secure);

    /**
     * {@return the cookie's {@code SameSite}} Never {@link SameSite#AUTO}: that is resolved when the session is
     * created.
     */
    Optional<SameSite> sameSite();

    /**
     * Sets the cookie's {@code SameSite}.
     *
     * @param sameSite the value; {@code null} removes the attribute; {@link SameSite#AUTO} is refused here
     *     (it is a creation-time rule)
     * @return this cookie
     */
    SessionCookie sameSite(SameSite sameSite);

    /** {@return whether the cookie carries {@code Partitioned}} */
    boolean partitioned();

    /**
     * Sets whether the cookie carries {@code Partitioned} (CHIPS).
     *
     * @param partitioned the value
     * @return this cookie
     */
    SessionCookie partitioned(boolean partitioned);

    /** {@return the cookie's {@code Priority}, if set} */
    Optional<Priority> priority();

    /**
     * Sets the cookie's {@code Priority}.
     *
     * @param priority the value; {@code null} removes the attribute
     * @return this cookie
     */
    SessionCookie priority(Priority priority);
}
