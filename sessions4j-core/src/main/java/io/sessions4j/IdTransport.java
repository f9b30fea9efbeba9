package io.sessions4j;

import io.sessions4j.internal.CookieRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the session id travels between client and server: the signed cookie (the default), a signed token in a
 * request/response header for mobile and API clients, or both, tried in a given order.
 *
 * <pre>{@code
 * SessionConfig api = SessionConfig.builder()
 *         .secrets(System.getenv("SESSION_SECRET"))
 *         .idTransport(IdTransport.header())           // X-Session-Token
 *         .build();
 * SessionConfig both = SessionConfig.builder()
 *         .secrets(System.getenv("SESSION_SECRET"))
 *         .idTransport(IdTransport.headerThenCookie("X-Session-Token"))
 *         .build();
 * }</pre>
 *
 * <p>The token is the cookie's value, byte for byte: {@code s:<id>.<signature>} percent-encoded like the cookie
 * ({@code s%3A<id>.<signature>}, with {@code +} and {@code /} escaped too), so it is safe in a header and in
 * a URL, and a cookie value copied into the header works. It is signed with the first secret and verified against
 * all of them, like the cookie. An incoming token may also be sent unencoded ({@code s:<id>.<signature>}).
 *
 * <p>The response carries the header only when the client needs a new token: when a new session is first stored
 * (as its cookie would be sent), after {@code regenerate()} or {@code changeId()}, and when the client's token was
 * signed with a secret that is no longer the first (it is re-signed, so rotation moves API clients along). Never on
 * other responses: {@code rolling} and cookie attributes concern the cookie only, the token carries no expiry. When
 * the session the token named ends in a request ({@code destroy()}, {@code regenerate()} without a new session
 * stored) the response carries the header with an empty value: the client drops its token. A response carrying
 * the header also carries {@code Cache-Control: no-store}, so that no shared cache hands the token to another
 * client. Browsers reading the header from another origin need {@code Access-Control-Expose-Headers} naming it.
 *
 * <p>Of the cookie options only the path applies to the token: it still decides which requests have a session.
 * {@code Secure}, {@code SameSite}, {@code Domain} and the expiry are attributes the browser enforces for the cookie;
 * the token carries none of them, and a client keeps it until told to drop it or the session stops answering.
 *
 * <p>With both transports the id is read from the first one in the order that is present in the request (a non-empty
 * header, a cookie of the configured name); the other one is not read. A new id goes out on every transport in the
 * list; a session found by header gets no {@code Set-Cookie} refresh ({@code rolling}), one found by cookie no token.
 */
public final class IdTransport {
    /** The header used unless another is named: {@value}. */
    public static final String DEFAULT_HEADER = "X-Session-Token";

    /** One way the id travels. */
    public enum Channel {
        /** The signed session cookie ({@link SessionConfig#name()}). */
        COOKIE,
        /** A signed token in a request and response header ({@link IdTransport#headerName()}). */
        HEADER
    }

    private static final IdTransport COOKIE_ONLY = new IdTransport(List.of(Channel.COOKIE), null);

    private final List<Channel> order;
    private final String headerName;

    private IdTransport(List<Channel> order, String headerName) {
        this.order = order;
        this.headerName = headerName;
    }

    /** {@return the signed cookie only: the default, exactly express-session's behaviour} */
    public static IdTransport cookie() {
        return COOKIE_ONLY;
    }

    /** {@return a token in the {@value #DEFAULT_HEADER} header only; no cookie is read or sent} */
    public static IdTransport header() {
        return header(DEFAULT_HEADER);
    }

    /**
     * A token in the given header only; no cookie is read or sent.
     *
     * @param name the header name, an RFC 7230 token such as {@code X-Session-Token}
     * @return the transport
     * @throws IllegalArgumentException when the name is not a valid header name
     */
    public static IdTransport header(String name) {
        return of(List.of(Channel.HEADER), name);
    }

    /**
     * The header's token when the request has one, else the cookie; a new id goes out on both.
     *
     * @param name the header name
     * @return the transport
     * @throws IllegalArgumentException when the name is not a valid header name
     */
    public static IdTransport headerThenCookie(String name) {
        return of(List.of(Channel.HEADER, Channel.COOKIE), name);
    }

    /**
     * The cookie when the request has one, else the header's token; a new id goes out on both.
     *
     * @param name the header name
     * @return the transport
     * @throws IllegalArgumentException when the name is not a valid header name
     */
    public static IdTransport cookieThenHeader(String name) {
        return of(List.of(Channel.COOKIE, Channel.HEADER), name);
    }

    /**
     * The transports in the given order, e.g. from configuration properties.
     *
     * @param order one or both channels, each at most once; the first present in a request is read
     * @param headerName the header name, used when {@code order} has {@link Channel#HEADER}; {@code null} for
     *     {@value #DEFAULT_HEADER}
     * @return the transport
     * @throws IllegalArgumentException when the order is empty or repeats a channel, or the name is invalid
     */
    public static IdTransport of(List<Channel> order, String headerName) {
        Objects.requireNonNull(order, "order");
        if (order.isEmpty()) {
            throw new IllegalArgumentException("idTransport: name at least one of cookie, header");
        }
        List<Channel> copy = new ArrayList<>(order.size());
        for (Channel c : order) {
            Objects.requireNonNull(c, "order");
            if (copy.contains(c)) {
                throw new IllegalArgumentException("idTransport: " + c + " is listed twice");
            }
            copy.add(c);
        }
        if (!copy.contains(Channel.HEADER)) {
            return COOKIE_ONLY;
        }
        String name = headerName == null ? DEFAULT_HEADER : headerName;
        CookieRules.checkName("idTransport header", name);
        if (name.equalsIgnoreCase("Cookie") || name.equalsIgnoreCase("Set-Cookie")) {
            throw new IllegalArgumentException("idTransport header: " + name + " is the cookie's own header");
        }
        return new IdTransport(List.copyOf(copy), name);
    }

    /** {@return the channels in the order a request is read} */
    public List<Channel> order() {
        return order;
    }

    /** {@return the token header's name, when the header is one of the channels} */
    public Optional<String> headerName() {
        return Optional.ofNullable(headerName);
    }

    /** {@return whether the cookie is read and sent} */
    public boolean usesCookie() {
        return order.contains(Channel.COOKIE);
    }

    /** {@return whether the token header is read and sent} */
    public boolean usesHeader() {
        return headerName != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdTransport t && t.order.equals(order) && Objects.equals(t.headerName, headerName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(order, headerName);
    }

    @Override
    public String toString() {
        return "IdTransport" + order + (headerName == null ? "" : "(" + headerName + ")");
    }
}
