package io.sessions4j.internal;

import io.sessions4j.spi.HttpExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An HTTP exchange for engine unit tests: request headers in, response headers out. */
final class FakeExchange implements HttpExchange {
    private final String path;
    private final Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
    private final List<String> setCookies = new ArrayList<>();
    private final Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
    private boolean secure;
    private boolean tls;

    FakeExchange(String path) {
        this.path = path;
    }

    static FakeExchange get(String path) {
        return new FakeExchange(path);
    }

    /** A request that sends back the cookie of an earlier response. */
    static FakeExchange following(FakeExchange earlier) {
        return get("/").cookie(earlier.cookiePair());
    }

    FakeExchange cookie(String cookieHeader) {
        return header("Cookie", cookieHeader);
    }

    FakeExchange header(String name, String value) {
        requestHeaders.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    FakeExchange secure(boolean secure) {
        this.secure = secure;
        return this;
    }

    FakeExchange tls(boolean tls) {
        this.tls = tls;
        return this;
    }

    List<String> setCookies() {
        return setCookies;
    }

    /** Every value of a response header, in the order added; empty when it was never added. */
    List<String> responseHeaders(String name) {
        return responseHeaders.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The {@code name=value} part of the single Set-Cookie header. */
    String cookiePair() {
        if (setCookies.size() != 1) {
            throw new AssertionError("expected one Set-Cookie, got " + setCookies);
        }
        String header = setCookies.get(0);
        return header.substring(0, header.indexOf(';'));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<String> headers(String name) {
        return requestHeaders.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public boolean isSecure() {
        return secure || tls;
    }

    @Override
    public boolean isTlsConnection() {
        return tls;
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return Optional.empty();
    }

    @Override
    public void addHeader(String name, String value) {
        responseHeaders.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        if (name.equalsIgnoreCase("Set-Cookie")) {
            setCookies.add(value);
        }
    }
}
