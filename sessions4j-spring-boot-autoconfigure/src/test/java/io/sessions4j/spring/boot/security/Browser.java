package io.sessions4j.spring.boot.security;

import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * One client of a real {@link SessionFilter}: keeps the session cookie between requests, and runs each request's
 * code with the request in Spring's {@link RequestContextHolder}, as Boot's {@code RequestContextFilter} does.
 */
final class Browser {
    private final SessionFilter filter;
    private String cookie;

    Browser(SessionFilter filter) {
        this.filter = filter;
    }

    /** Runs {@code handler} inside one request through the filter. */
    MockHttpServletResponse request(Consumer<HttpServletRequest> handler) {
        return exchange((request, response) -> handler.accept(request));
    }

    /** Runs {@code handler} inside one request through the filter, with the response. */
    MockHttpServletResponse exchange(BiConsumer<HttpServletRequest, HttpServletResponse> handler) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        if (cookie != null) {
            request.addHeader("Cookie", "connect.sid=" + cookie);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            filter.doFilter(request, response, (req, res) -> {
                HttpServletRequest wrapped = (HttpServletRequest) req;
                RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(wrapped));
                try {
                    handler.accept(wrapped, (HttpServletResponse) res);
                } finally {
                    RequestContextHolder.resetRequestAttributes();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String setCookie : response.getHeaders("Set-Cookie")) {
            if (setCookie.startsWith("connect.sid=")) {
                String value = setCookie.substring("connect.sid=".length(), setCookie.indexOf(';'));
                cookie = setCookie.contains("Expires=Thu, 01 Jan 1970") ? null : value;
            }
        }
        return response;
    }

    /** {@return the session id the browser's cookie names, as the next request will see it} */
    String sessionId() {
        String[] id = new String[1];
        request(r -> id[0] = r.getSession(false) == null ? null : r.getSession(false).getId());
        return id[0];
    }
}
