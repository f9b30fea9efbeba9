package io.sessions4j.internal;

import io.sessions4j.spi.HttpExchange;
import io.sessions4j.spi.SessionObserver;
import java.util.List;

/**
 * The session token header of {@link io.sessions4j.IdTransport}: reads the one token a request carries, and
 * writes a new token or the empty value that tells the client to drop its own. Signing is the engine's, as for
 * the cookie; this class only knows the header.
 */
final class TokenHeader {
    /**
     * Longer than any token a configuration can issue (a 512-character id, percent-encoded, and its signature),
     * so anything beyond is refused before an HMAC is spent on it.
     */
    static final int MAX_LENGTH = 3 * 512 + 64;

    private final String name;

    TokenHeader(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /**
     * The token to verify, decoded like a cookie value (percent-decoded when valid, raw otherwise).
     *
     * <p>A client sends one token; browsers' duplicate cookies (one per path or domain) have no counterpart here.
     * So several different values (repeated headers, or one folded with commas by a proxy) name no session: they
     * are reported as {@link SessionObserver.Rejection#MALFORMED}, as is an over-long value. An empty value counts
     * as no header, since it is what a client that dropped its token may echo.
     *
     * @return {@code null} when the request has no token; an empty list when it has one that was refused here; else
     *     the one value
     */
    List<String> candidates(HttpExchange exchange, SessionObserver observer) {
        String found = null;
        for (String header : exchange.headers(name)) {
            if (header == null) {
                continue;
            }
            int from = 0;
            while (from <= header.length()) {
                int comma = header.indexOf(',', from);
                int end = comma < 0 ? header.length() : comma;
                String part = header.substring(from, end).strip();
                from = end + 1;
                if (part.isEmpty()) {
                    continue;
                }
                if (part.length() > MAX_LENGTH || found != null && !found.equals(part)) {
                    observer.rejected(SessionObserver.Rejection.MALFORMED);
                    return List.of();
                }
                found = part;
            }
        }
        if (found == null) {
            return null;
        }
        String decoded = UriComponent.decode(found);
        return List.of(decoded != null ? decoded : found);
    }

    /** Gives the client its new token; caches must not keep a response that carries one. */
    void send(HttpExchange exchange, String encodedToken) {
        exchange.addHeader(name, encodedToken);
        exchange.addHeader("Cache-Control", "no-store");
    }

    /** Tells the client that the session its token named has ended: the header with an empty value. */
    void clear(HttpExchange exchange) {
        send(exchange, "");
    }
}
