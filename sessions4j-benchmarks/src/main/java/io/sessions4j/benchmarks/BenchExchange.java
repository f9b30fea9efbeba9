package io.sessions4j.benchmarks;

import io.sessions4j.spi.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The smallest {@link HttpExchange} there can be: a fixed path, at most one {@code Cookie} header (or one
 * session token header), and the
 * response headers kept in a list. Reused across invocations ({@link #reset}) so the benchmark measures the
 * engine, not the allocation of a fake request.
 */
final class BenchExchange implements HttpExchange {
    private final String path;
    private List<String> cookieHeader = List.of();
    private String tokenHeaderName;
    private List<String> tokenHeader = List.of();
    private final List<String> responseHeaders = new ArrayList<>(2);

    BenchExchange(String path) {
        this.path = path;
    }

    /** Prepares the next request: {@code cookie} is the whole {@code Cookie} header value, or null for none. */
    BenchExchange reset(String cookie) {
        cookieHeader = cookie == null ? List.of() : List.of(cookie);
        tokenHeader = List.of();
        responseHeaders.clear();
        return this;
    }

    /** Prepares the next request with no cookie and this session token in the {@code name} header. */
    BenchExchange resetWithToken(String name, List<String> token) {
        cookieHeader = List.of();
        tokenHeaderName = name;
        tokenHeader = token;
        responseHeaders.clear();
        return this;
    }

    /** The last value of a response header, or null. */
    String responseHeader(String name) {
        String value = null;
        for (int i = 0; i + 1 < responseHeaders.size(); i += 2) {
            if (responseHeaders.get(i).equalsIgnoreCase(name)) {
                value = responseHeaders.get(i + 1);
            }
        }
        return value;
    }

    /** The {@code Set-Cookie} values the engine added to the last response. */
    List<String> setCookies() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i + 1 < responseHeaders.size(); i += 2) {
            if (responseHeaders.get(i).equalsIgnoreCase("Set-Cookie")) {
                values.add(responseHeaders.get(i + 1));
            }
        }
        return values;
    }

    int responseHeaderCount() {
        return responseHeaders.size() / 2;
    }

    @Override
    public void addHeader(String name, String value) {
        responseHeaders.add(name);
        responseHeaders.add(value);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<String> headers(String name) {
        if (name.equalsIgnoreCase("Cookie")) {
            return cookieHeader;
        }
        return name.equalsIgnoreCase(tokenHeaderName) ? tokenHeader : List.of();
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
}
