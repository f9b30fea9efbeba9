package io.sessions4j.servlet;

import io.sessions4j.Session;
import io.sessions4j.spi.RequestScope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import java.util.Optional;

/**
 * The session state of one request across all its dispatches (forward, include, error, async): the engine's
 * {@link RequestScope}, the once-only commit, and the {@code HttpSession} view handed out. Kept in a request
 * attribute so that a dispatch re-entering the filter finds it instead of opening a second scope.
 */
final class ActiveRequest {
    static final String ATTRIBUTE = ActiveRequest.class.getName();

    private static final String NO_STORE = "no session for this request: the session store was unavailable when it "
            + "started (storeFailurePolicy CONTINUE_WITHOUT_SESSION)";

    /** Null when the store failed at open and the request runs without a session. */
    private final RequestScope scope;
    private final ResponseCommit commit;
    private int depth;
    private HttpSessionView view;
    private CommittingAsyncContext asyncContext;

    ActiveRequest(RequestScope scope, ResponseCommit commit) {
        this.scope = scope;
        this.commit = commit;
    }

    ResponseCommit commit() {
        return commit;
    }

    synchronized void enter() {
        depth++;
    }

    /** Leaves a dispatch; true when it was the outermost one of the current thread of dispatches. */
    synchronized boolean exit() {
        return --depth == 0;
    }

    synchronized Session session() {
        if (scope == null) {
            throw new IllegalStateException(NO_STORE);
        }
        return scope.session();
    }

    synchronized Optional<Session> existingSession() {
        if (scope == null || !scope.sessionAvailable()) {
            return Optional.empty();
        }
        return scope.existingSession();
    }

    synchronized void unset() {
        if (scope != null) {
            scope.unset();
        }
        view = null;
    }

    /** {@code getSession(create)}: the same view for the same session, null when there is none and create is false. */
    synchronized HttpSessionView httpSession(boolean create, ServletContext context) {
        Optional<Session> session = create ? Optional.of(session()) : existingSession();
        if (session.isEmpty()) {
            return null;
        }
        if (view == null || view.session() != session.get() || view.isInvalidated()) {
            view = new HttpSessionView(session.get(), context);
        }
        return view;
    }

    synchronized String changeSessionId() {
        Session session = existingSession().orElseThrow(() ->
                new IllegalStateException("changeSessionId: this request has no session"));
        session.changeId();
        return session.id();
    }

    synchronized Optional<String> requestedSessionId() {
        return scope == null ? Optional.empty() : scope.requestedSessionId();
    }

    synchronized boolean requestedSessionIdValid() {
        return scope != null && scope.requestedSessionIdValid();
    }

    /** Hooks the commit to the async context: before {@code complete()}, and on completion, timeout or error. */
    synchronized AsyncContext asyncStarted(AsyncContext context) {
        if (context instanceof CommittingAsyncContext) {
            return context;
        }
        context.addListener(new AsyncCommit(this));
        asyncContext = new CommittingAsyncContext(context, commit);
        return asyncContext;
    }

    /** {@code getAsyncContext()}: the wrapper {@link #asyncStarted} handed out for this context. */
    synchronized AsyncContext wrapAsync(AsyncContext context) {
        if (context instanceof CommittingAsyncContext) {
            return context;
        }
        if (asyncContext == null || asyncContext.delegate() != context) {
            asyncContext = new CommittingAsyncContext(context, commit);
        }
        return asyncContext;
    }

    /** Releases what the scope holds (the session lock in LOCK mode). Idempotent. */
    void close() {
        if (scope != null) {
            scope.close();
        }
    }
}
