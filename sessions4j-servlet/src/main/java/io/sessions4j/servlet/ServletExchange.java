package io.sessions4j.servlet;

import io.sessions4j.spi.HttpExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * The servlet request and response as the engine sees them. Headers go straight to the container's
 * response, past the committing wrapper: the engine adds them during the commit, while the wrapper is busy
 * holding the application's write back.
 */
final class ServletExchange implements HttpExchange {
    /** Set by the container for requests that arrived over TLS (Servlet 6, section 3.10). */
    private static final String CIPHER_SUITE = "jakarta.servlet.request.cipher_suite";
    private static final String SSL_SESSION_ID = "jakarta.servlet.request.ssl_session_id";

    private final HttpServletRequest request;
    private final HttpServletResponse response;

    ServletExchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public String path() {
        String uri = request.getRequestURI();
        return uri == null || uri.isEmpty() ? "/" : uri;
    }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public boolean isSecure() {
        return request.isSecure();
    }

    @Override
    public boolean isTlsConnection() {
        return request.getAttribute(CIPHER_SUITE) != null || request.getAttribute(SSL_SESSION_ID) != null;
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(request) ? Optional.of(type.cast(request)) : Optional.empty();
    }

    @Override
    public void addHeader(String name, String value) {
        response.addHeader(name, value);
    }

    HttpServletRequest request() {
        return request;
    }
}
