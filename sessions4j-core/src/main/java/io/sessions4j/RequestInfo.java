package io.sessions4j;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of the current HTTP request, handed to the functions a configuration may hold
 * ({@link SessionConfig.Builder#genid}, {@link SessionConfig.Builder#cookiePerRequest}).
 * Adapters implement it; {@link #unwrap} gives the container's own request object.
 */
public interface RequestInfo {

    /**
     * {@return the request path as the client sent it} It is percent-encoded, without the query string, and
     * includes any context path; the cookie {@code path} option is matched against it.
     */
    String path();

    /**
     * All values of a request header, in order.
     *
     * @param name the header name, case-insensitive
     * @return the values; empty when the header is absent
     */
    List<String> headers(String name);

    /**
     * The first value of a request header, if any.
     *
     * @param name the header name, case-insensitive
     * @return the first value; empty when the header is absent
     */
    default Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** {@return whether the container considers the request secure (e.g. {@code HttpServletRequest.isSecure()})} */
    boolean isSecure();

    /** {@return whether the request arrived on a TLS connection to this server, whatever the headers say} */
    boolean isTlsConnection();

    /**
     * The adapter's native request object, e.g. {@code HttpServletRequest}, if it is of that type.
     *
     * @param <T> the type asked for
     * @param type the class of the native request
     * @return the native request; empty when it is not a {@code type}
     */
    <T> Optional<T> unwrap(Class<T> type);
}
