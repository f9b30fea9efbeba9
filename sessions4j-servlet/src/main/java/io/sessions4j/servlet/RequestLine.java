package io.sessions4j.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Method and path of a request for log messages, built only when a message is actually logged. Never the
 * query string or the cookie, which may carry secrets.
 */
final class RequestLine {
    private final HttpServletRequest request;

    RequestLine(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public String toString() {
        return request.getMethod() + " " + request.getRequestURI();
    }
}
