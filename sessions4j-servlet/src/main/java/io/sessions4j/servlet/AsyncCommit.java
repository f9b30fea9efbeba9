package io.sessions4j.servlet;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback for async requests whose application never calls our {@code complete()} (it completes
 * through the container's own context, or the request times out or fails): commit as soon as the container
 * reports it, and release the scope at the end.
 */
final class AsyncCommit implements AsyncListener {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFilter.class);

    private final ActiveRequest active;

    AsyncCommit(ActiveRequest active) {
        this.active = active;
    }

    /** The end of the request: commits if nothing did, or saves what changed after the commit. */
    @Override
    public void onComplete(AsyncEvent event) {
        try {
            active.commit().finish();
        } catch (RuntimeException e) {
            FailureResponses.log(LOG, "session commit failed at the end of {}: {}", "an async request", e);
        } finally {
            active.close();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        commitQuietly();
    }

    @Override
    public void onError(AsyncEvent event) {
        commitQuietly();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // SessionRequest registers a fresh listener on every startAsync.
    }

    /** The container drives these callbacks; a store failure here has nobody to propagate to. */
    private void commitQuietly() {
        try {
            active.commit().run();
        } catch (RuntimeException e) {
            FailureResponses.log(LOG, "session commit failed at the end of {}: {}", "an async request", e);
        }
    }
}
