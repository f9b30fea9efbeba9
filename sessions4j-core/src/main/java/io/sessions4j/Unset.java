package io.sessions4j;

/**
 * What happens at the end of a request whose session was {@linkplain io.sessions4j.spi.RequestScope#unset()
 * unset} (express-session's {@code unset} option, for {@code req.session = null}).
 */
public enum Unset {
    /** The stored session is left as it is; this request's changes are not saved. */
    KEEP,
    /** The stored session is destroyed (no store call when it was never stored). */
    DESTROY
}
