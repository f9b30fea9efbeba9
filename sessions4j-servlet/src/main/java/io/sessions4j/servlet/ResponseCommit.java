package io.sessions4j.servlet;

import io.sessions4j.SessionTooLargeException;
import io.sessions4j.StoreFailurePolicy;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionObserver;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the session commit of one request exactly once, whichever trigger comes first (flush, redirect,
 * error, content length or buffer reached, async completion, the filter's return), applies the store failure
 * policy to it, and at the very end of the request saves what the application changed after it. Triggers may
 * come from another thread in async requests, hence the lock: a {@link ReentrantLock}, because the store is
 * called while it is held and a virtual thread must not be pinned to its carrier by a monitor meanwhile.
 */
final class ResponseCommit {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFilter.class);

    /** Null when the request runs without a session (the store failed at open under CONTINUE_WITHOUT_SESSION). */
    private final RequestScope scope;
    /** The container's response, where a failure response is written. */
    private final HttpServletResponse response;
    private final StoreFailurePolicy policy;
    private final RequestLine requestLine;
    private final SessionObserver observer;
    private final ReentrantLock lock = new ReentrantLock();

    private boolean done;
    private boolean finished;
    private boolean replaced;

    ResponseCommit(RequestScope scope, HttpServletResponse response, StoreFailurePolicy policy, RequestLine requestLine,
            SessionObserver observer) {
        this.scope = scope;
        this.response = response;
        this.policy = policy;
        this.requestLine = requestLine;
        this.observer = observer;
    }

    /** Tells the observer how a store failure of this request was answered. */
    void report(RuntimeException failure, SessionObserver.FailureResponse answer) {
        FailureResponses.report(observer, failure, answer);
    }

    /**
     * Commits the session unless that already happened.
     *
     * @return {@code true} when the application's response may go on; {@code false} when a failure response
     *     replaced it, and the application's further output must be dropped
     * @throws RuntimeException the store failure itself under {@link StoreFailurePolicy#PROPAGATE}
     */
    boolean run() {
        lock.lock();
        try {
            return commitOnce(false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The end of the request: commits if nothing did yet, otherwise saves what the application changed after
     * the commit (the response is gone, so a store failure then is logged, or thrown under
     * {@link StoreFailurePolicy#PROPAGATE}). Runs once.
     */
    void finish() {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            if (!done) {
                commitOnce(true);
                return;
            }
            if (scope == null || replaced) {
                return;
            }
            try {
                scope.finish();
            } catch (SessionTooLargeException e) {
                LOG.warn("what {} changed after its response was committed was not saved: {}", requestLine,
                        e.getMessage());
            } catch (RuntimeException e) {
                if (!FailureResponses.isStoreFailure(e)) {
                    throw e;
                }
                FailureResponses.log(LOG, "session store failed while saving what {} changed after its response was "
                        + "committed: {}", requestLine, e);
                if (policy == StoreFailurePolicy.PROPAGATE) {
                    report(e, SessionObserver.FailureResponse.PROPAGATED);
                    throw e;
                }
                report(e, SessionObserver.FailureResponse.AFTER_RESPONSE);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Finishes a request that is already failing (the application threw): store failures are only logged, so
     * they do not hide the application's exception.
     */
    void finishQuietly(Throwable applicationFailure) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            done = true;
            if (scope == null || replaced) {
                return;
            }
            try {
                scope.finish();
            } catch (RuntimeException e) {
                FailureResponses.log(LOG, "could not save the session of the failed request {}: {}", requestLine, e);
                applicationFailure.addSuppressed(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under {@link StoreFailurePolicy#SERVICE_UNAVAILABLE}, when the application's own session call failed on the
     * store and the response is not committed: gives up the commit and answers 503.
     *
     * @return whether the 503 was written; nothing changed otherwise
     */
    boolean abandonWithFailureResponse() {
        lock.lock();
        try {
            if (policy != StoreFailurePolicy.SERVICE_UNAVAILABLE || response.isCommitted()) {
                return false;
            }
            done = true;
            FailureResponses.serviceUnavailable(response);
            replaced = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a failure response replaced the application's output. */
    boolean isReplaced() {
        lock.lock();
        try {
            return replaced;
        } finally {
            lock.unlock();
        }
    }

    /** @param atEnd whether this is the end of the request ({@link RequestScope#finish()} then commits) */
    private boolean commitOnce(boolean atEnd) {
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
            if (atEnd) {
                scope.finish();
            } else {
                scope.commit();
            }
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

    private boolean onStoreFailure(RuntimeException e) {
        switch (policy) {
            case PROPAGATE:
                FailureResponses.log(LOG, "session store failed while saving the session of {}: {}", requestLine, e);
                report(e, SessionObserver.FailureResponse.PROPAGATED);
                throw e;
            case CONTINUE_WITHOUT_SESSION:
                FailureResponses.log(LOG, "session store failed while saving the session of {}; the response goes "
                        + "out without it: {}", requestLine, e);
                report(e, SessionObserver.FailureResponse.CONTINUED);
                return true;
            case SERVICE_UNAVAILABLE:
            default:
                if (response.isCommitted()) {
                    FailureResponses.log(LOG, "session store failed while saving the session of {}, after the "
                            + "response was committed: {}", requestLine, e);
                    report(e, SessionObserver.FailureResponse.AFTER_RESPONSE);
                    return true;
                }
                FailureResponses.log(LOG, "session store failed while saving the session of {}; answering 503: {}",
                        requestLine, e);
                // Reported before the 503 goes out, so whoever reads the observer after the client has its answer
                // finds it counted.
                report(e, SessionObserver.FailureResponse.SERVICE_UNAVAILABLE);
                FailureResponses.serviceUnavailable(response);
                replaced = true;
                return false;
        }
    }
}
