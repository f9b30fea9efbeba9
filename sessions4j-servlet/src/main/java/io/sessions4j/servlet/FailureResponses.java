package io.sessions4j.servlet;

import io.sessions4j.SessionConflictException;
import io.sessions4j.SessionLockTimeoutException;
import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.SessionObserver;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * The clean answer a client gets when the session store fails (a short 503) or the session is over its size
 * limits (a short 500): no stack trace, no cookie.
 */
final class FailureResponses {
    static final String BODY = "Service Unavailable: sessions are temporarily unavailable. Please retry shortly.\n";
    static final String TOO_LARGE_BODY = "Internal Server Error: the session is too large to be saved.\n";

    private FailureResponses() {
    }

    /**
     * Logs what the filter did about a failure ({@code format} takes the request line and the failure). A
     * store failure is a debug line: the engine has logged it already, once per outage and interval rather
     * than once per request, so an outage under load does not flood the log. Anything else is a warning.
     */
    static void log(Logger log, String format, Object requestLine, RuntimeException failure) {
        if (failure instanceof SessionStoreException) {
            log.debug(format, requestLine, failure.toString());
        } else {
            log.warn(format, requestLine, failure.toString());
        }
    }

    /**
     * Tells the observer how a store failure was answered, by its cause.
     *
     * @param failure a failure {@link #isStoreFailure} accepts
     */
    static void report(SessionObserver observer, Throwable failure, SessionObserver.FailureResponse response) {
        SessionObserver.FailureCause cause = failure instanceof SessionConflictException
                ? SessionObserver.FailureCause.CONFLICT
                : failure instanceof SessionLockTimeoutException ? SessionObserver.FailureCause.LOCK_TIMEOUT
                : SessionObserver.FailureCause.STORE;
        observer.failed(cause, response);
    }

    /** Whether a failure is the store's (or the session lock's) rather than a bug; only these follow the policy. */
    static boolean isStoreFailure(Throwable t) {
        return t instanceof SessionStoreException || t instanceof SessionLockTimeoutException;
    }

    /**
     * Replaces whatever the application put in the response by a 503. The caller has checked that the
     * response is not committed; {@code reset()} drops headers too, so no {@code Set-Cookie} of ours or of
     * the application goes out with it.
     */
    static void serviceUnavailable(HttpServletResponse response) {
        replace(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, BODY);
    }

    /** As {@link #serviceUnavailable}, for a session over its size limits: a 500, the stored session unchanged. */
    static void sessionTooLarge(HttpServletResponse response) {
        replace(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, TOO_LARGE_BODY);
    }

    private static void replace(HttpServletResponse response, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.reset();
        response.setStatus(status);
        if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", "1");
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        try {
            try {
                response.getOutputStream().write(bytes);
            } catch (IllegalStateException writerAlreadyUsed) {
                // Containers that keep the writer/stream choice across reset(): use what is left.
                response.getWriter().write(body);
            }
            response.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("could not send the " + status + " response", e);
        }
    }
}
