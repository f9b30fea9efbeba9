package io.sessions4j.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Writes {@code Set-Cookie} values in the attribute order of the {@code cookie} npm package (0.7):
 * {@code Max-Age; Domain; Path; Expires; HttpOnly; Secure; Partitioned; Priority; SameSite}.
 */
final class SetCookieHeader {
    private static final Instant EPOCH = Instant.EPOCH;

    private SetCookieHeader() {
    }

    /**
     * The header for a live session cookie.
     *
     * @param value the cookie value, written encoded like {@code encodeURIComponent} (as the cookie package's
     *     {@code serialize} does)
     * @param maxAgeAttribute whether to also write {@code Max-Age} (express-session never does)
     */
    static String format(String name, String value, CookieState cookie, boolean maxAgeAttribute, Instant now) {
        // Room for escapes and the attributes (Expires alone is 38 characters), so the builder rarely grows.
        StringBuilder sb = new StringBuilder(name.length() + value.length() + 160).append(name).append('=');
        UriComponent.appendEncoded(sb, value);
        Instant expires = cookie.expiresOrNull();
        if (maxAgeAttribute && expires != null) {
            long seconds = Math.floorDiv(Duration.between(now, expires).toMillis(), 1000L);
            sb.append("; Max-Age=").append(Math.max(0, seconds));
        }
        appendAttributes(sb, cookie, expires);
        return sb.toString();
    }

    /** A header that makes the browser drop the cookie: empty value, {@code Expires} at the epoch. */
    static String expired(String name, CookieState cookie) {
        StringBuilder sb = new StringBuilder(120).append(name).append('=');
        appendAttributes(sb, cookie, EPOCH);
        return sb.toString();
    }

    private static void appendAttributes(StringBuilder sb, CookieState cookie, Instant expires) {
        cookie.domain().ifPresent(d -> sb.append("; Domain=").append(d));
        sb.append("; Path=").append(cookie.path());
        if (expires != null) {
            HttpDates.appendExpiresAttribute(sb.append("; Expires="), expires);
        }
        if (cookie.httpOnly()) {
            sb.append("; HttpOnly");
        }
        if (cookie.secure()) {
            sb.append("; Secure");
        }
        if (cookie.partitionedFlag()) {
            sb.append("; Partitioned");
        }
        if (cookie.priorityOrNull() != null) {
            sb.append("; Priority=").append(cookie.priorityOrNull().attributeValue());
        }
        if (cookie.sameSiteOrNull() != null) {
            sb.append("; SameSite=").append(cookie.sameSiteOrNull().attributeValue());
        }
    }
}
