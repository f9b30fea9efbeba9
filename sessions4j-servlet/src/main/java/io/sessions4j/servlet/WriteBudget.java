package io.sessions4j.servlet;

import jakarta.servlet.ServletResponse;

/**
 * Counts the body bytes of a response and tells when the next write may make the container commit it: the
 * declared content length is reached, the buffer fills, or a single write is large enough that a container
 * may send it past the buffer. Jetty sends writes larger than its aggregation size (by default a quarter of
 * the buffer) directly, so that is where "large" starts.
 */
final class WriteBudget {
    private final ServletResponse response;
    private long written;
    private long contentLength = -1;

    WriteBudget(ServletResponse response) {
        this.response = response;
    }

    /** Whether writing {@code bytes} more may commit the response. */
    synchronized boolean mayCommit(long bytes) {
        long after = written + bytes;
        if (contentLength >= 0 && after >= contentLength) {
            return true;
        }
        int buffer = response.getBufferSize();
        return after >= buffer || bytes > buffer / 4;
    }

    synchronized void wrote(long bytes) {
        written += bytes;
    }

    /** Records a declared content length; returns whether what was written already reaches it. */
    synchronized boolean contentLength(long length) {
        contentLength = length;
        return length >= 0 && written >= length;
    }

    /** The buffer was cleared ({@code resetBuffer}); with {@code headersToo} the content length went as well. */
    synchronized void reset(boolean headersToo) {
        written = 0;
        if (headersToo) {
            contentLength = -1;
        }
    }
}
