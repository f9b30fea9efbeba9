package io.sessions4j.spi;

import io.sessions4j.RequestInfo;

/**
 * One HTTP request and its response, as an adapter (the servlet filter, or a framework integration)
 * presents it to the engine. The engine reads the request through {@link RequestInfo} and writes
 * response headers through {@link #addHeader}, which the adapter must apply before the response is
 * committed.
 */
public interface HttpExchange extends RequestInfo {

    /**
     * Adds a response header, keeping any earlier values of the same name (several {@code Set-Cookie}).
     *
     * @param name the header name
     * @param value the header value
     */
    void addHeader(String name, String value);
}
