package io.sessions4j;

/**
 * The cookie's {@code Secure} attribute.
 *
 * <p>With {@link #ALWAYS} the cookie is only ever sent over a secure request: on a plain HTTP request no
 * {@code Set-Cookie} is written, but the session is still saved (as express-session does). {@link #AUTO}
 * is resolved when the session is created, from whether that request is secure (see {@link TrustProxy}).
 */
public enum Secure {
    /** Always write {@code Secure}. */
    ALWAYS,
    /** Never write {@code Secure}. */
    NEVER,
    /** Write {@code Secure} when the request that creates the session is secure. */
    AUTO
}
