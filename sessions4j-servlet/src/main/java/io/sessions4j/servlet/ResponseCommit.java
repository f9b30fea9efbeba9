package io.sessions4j.servlet;

import io.sessions4j.SessionTooLargeException;
import io.sessions4j.StoreFailurePolicy;
import io.sessions4j.spi.RequestScope;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the session commit of one request exactly once, whichever trigger comes first (flush, redirect,
 * error, content length or buffer reached, async completion, the filter's return), and applies the store
 * failure policy to it. Triggers may come from another thread in async requests, hence the lock.
 */
final class ResponseCommit {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFilter.class);

    /** Null when the request runs without a session (the store failed at open under CONTINUE_WITHOUT_SESSION). */
    private final RequestScope scope;
    /** The container's response, where a failure response is written. */
    private final HttpServletResponse response;
    private final StoreFailurePolicy policy;
    private final RequestLine requestLine;

    private boolean done;
    private boolean replaced;

    ResponseCommit(RequestScope scope, HttpServletResponse response, StoreFailurePolicy policy, RequestLine requestLine) {
        this.scope = scope;
        this.response = response;
        this.policy = policy;
        this.requestLine = requestLine;
    }

    /**
     * Commits the session unless that already happened.
     *
     * @return {@code true} when the application's response may go on; {@code false} when a failure response
     *     replaced it, and the application's further output must be dropped
     * @throws RuntimeException the store failure itself under {@link StoreFailurePolicy#PROPAGATE}
     */
    synchronized boolean run() {
        if (done) {
            return !replaced;
        }
        done = true;
        if (scope == null) {
            return true;
        }
        if (response.isCommitted()) {
            LOG.debug("the response to {} was committed before the session; its cookie cannot be sent", requestLine);
        }
        try {
            scope.commit();
            return true;
        } catch (SessionTooLargeException e) {
            return onTooLarge(e);
        } catch (RuntimeException e) {
            if (!FailureResponses.isStoreFailure(e)) {
                throw e;
            }
            return onStoreFailure(e);
        }
    }

    /** The session grew over its limits: nothing was saved; the client gets a short 500 if it still can. */
    private boolean onTooLarge(SessionTooLargeException e) {
        LOG.warn("the session of {} was not saved: {}", requestLine, e.getMessage());
        if (response.isCommitted()) {
            return true;
        }
        FailureResponses.sessionTooLarge(response);
        replaced = true;
        return false;
    }

    /**
     * Commits for a response that is already failing (the application threw): store failures are only
     * logged, so they do not hide the application's exception.
     */
    synchronized void runQuietly(Throwable applicationFailure) {
        if (done) {
            return;
        }
        done = true;
        if (scope == null) {
            return;
        }
        try {
            scope.commit();
        } catch (RuntimeException e) {
            LOG.warn("could not save the session of the failed request {}: {}", requestLine, e.toString());
            applicationFailure.addSuppressed(e);
        }
    }

    /**
     * Under {@link StoreFailurePolicy#SERVICE_UNAVAILABLE}, when the application's own session call failed on the
     * store and the response is not committed: gives up the commit and answers 503.
     *
     * @return whether the 503 was written; nothing changed otherwise
     */
    synchronized boolean abandonWithFailureResponse() {
        if (policy != StoreFailurePolicy.SERVICE_UNAVAILABLE || response.isCommitted()) {
            return false;
        }
        done = true;
        FailureResponses.serviceUnavailable(response);
        replaced = true;
        return true;
    }

    /** Whether a failure response replaced the application's output. */
    synchronized boolean isReplaced() {
        return replaced;
    }

    private boolean onStoreFailure(RuntimeException e) {
        switch (policy) {
            case PROPAGATE:
                LOG.warn("session store failed while saving the session of {}: {}", requestLine, e.toString());
                throw e;
            case CONTINUE_WITHOUT_SESSION:
                LOG.warn("session store failed while saving the session of {}; the response goes out without it: {}",
                        requestLine, e.toString());
                return true;
            case SERVICE_UNAVAILABLE:
            default:
                if (response.isCommitted()) {
                    LOG.warn("session store failed while saving the session of {}, after the response was committed: {}",
                            requestLine, e.toString());
                    return true;
                }
                LOG.warn("session store failed while saving the session of {}; answering 503: {}", requestLine,
                        e.toString());
                LOG.debug("session store failure", e);
                FailureResponses.serviceUnavailable(response);
                replaced = true;
                return false;
        }
    }
}
