package io.sessions4j.tck;

import io.sessions4j.spi.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A minimal {@link HttpExchange} for driving the engine without an HTTP server: a path, an optional
 * {@code Cookie} header (or another request header, such as a session token), and the response headers the engine
 * adds. For store tests, not for applications.
 */
public final class TckExchange implements HttpExchange {
    private final String path;
    private final String headerName;
    private final String headerValue;
    private final List<String> setCookies = new ArrayList<>();
    private final List<String[]> responseHeaders = new ArrayList<>();

    private TckExchange(String path, String cookieHeader) {
        this(path, "Cookie", cookieHeader);
    }

    private TckExchange(String path, String headerName, String headerValue) {
        this.path = path;
        this.headerName = headerName;
        this.headerValue = headerValue;
    }

    /** {@return a request to {@code /} without cookies} */
    public static TckExchange request() {
        return new TckExchange("/", null);
    }

    /**
     * A request to {@code /} that sends back the cookie from an earlier response's {@code Set-Cookie}.
     *
     * @param earlier an exchange whose response set the cookie
     * @return the new request
     */
    public static TckExchange withCookieFrom(TckExchange earlier) {
        String setCookie = earlier.setCookie().orElseThrow(() -> new AssertionError("no Set-Cookie to send back"));
        return new TckExchange("/", setCookie.substring(0, setCookie.indexOf(';')));
    }

    /**
     * A request to {@code /} with this {@code Cookie} header.
     *
     * @param cookieHeader the header's value, e.g. {@code connect.sid=s%3A...}
     * @return the new request
     */
    public static TckExchange withCookieHeader(String cookieHeader) {
        return new TckExchange("/", cookieHeader);
    }

    /**
     * A request to {@code /} with one header, e.g. the session token of
     * {@link io.sessions4j.IdTransport#header()}.
     *
     * @param name the header name
     * @param value the header's value
     * @return the new request
     */
    public static TckExchange withHeader(String name, String value) {
        return new TckExchange("/", name, value);
    }

    /**
     * The last value of a response header the engine added.
     *
     * @param name the header name, case-insensitive
     * @return its last value; empty when the engine added none
     */
    public Optional<String> responseHeader(String name) {
        for (int i = responseHeaders.size() - 1; i >= 0; i--) {
            if (responseHeaders.get(i)[0].equalsIgnoreCase(name)) {
                return Optional.of(responseHeaders.get(i)[1]);
            }
        }
        return Optional.empty();
    }

    /** {@return the last {@code Set-Cookie} header the engine added, if any} */
    public Optional<String> setCookie() {
        return setCookies.isEmpty() ? Optional.empty() : Optional.of(setCookies.get(setCookies.size() - 1));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<String> headers(String name) {
        if (headerValue != null && name.toLowerCase(Locale.ROOT).equals(headerName.toLowerCase(Locale.ROOT))) {
            return List.of(headerValue);
        }
        return List.of();
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public boolean isTlsConnection() {
        return false;
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return Optional.empty();
    }

    @Override
    public void addHeader(String name, String value) {
        responseHeaders.add(new String[] {name, value});
        if (name.equalsIgnoreCase("Set-Cookie")) {
            setCookies.add(value);
        }
    }
}
