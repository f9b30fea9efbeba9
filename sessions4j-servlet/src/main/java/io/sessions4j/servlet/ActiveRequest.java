package io.sessions4j.servlet;

import io.sessions4j.Session;
import io.sessions4j.spi.RequestScope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The session state of one request across all its dispatches (forward, include, error, async): the engine's
 * {@link RequestScope}, the once-only commit, and the {@code HttpSession} view handed out. Kept in a request
 * attribute so that a dispatch re-entering the filter finds it instead of opening a second scope. Async
 * requests may call it from several threads; the lock is a {@link ReentrantLock} because some calls reach the
 * store ({@code changeSessionId}), where a monitor would pin a virtual thread to its carrier.
 */
final class ActiveRequest {
    static final String ATTRIBUTE = ActiveRequest.class.getName();

    private static final String NO_STORE = "no session for this request: the session store was unavailable when it "
            + "started (storeFailurePolicy CONTINUE_WITHOUT_SESSION)";

    /** Null when the store failed at open and the request runs without a session. */
    private final RequestScope scope;
    private final ResponseCommit commit;
    private final ServletListeners listeners;
    private final ReentrantLock lock = new ReentrantLock();
    private int depth;
    private HttpSessionView view;
    private CommittingAsyncContext asyncContext;

    ActiveRequest(RequestScope scope, ResponseCommit commit, ServletListeners listeners) {
        this.scope = scope;
        this.commit = commit;
        this.listeners = listeners;
    }

    ResponseCommit commit() {
        return commit;
    }

    void enter() {
        inLock(() -> depth++);
    }

    /** Leaves a dispatch; true when it was the outermost one of the current thread of dispatches. */
    boolean exit() {
        return locked(() -> --depth == 0);
    }

    Session session() {
        return locked(() -> {
            if (scope == null) {
                throw new IllegalStateException(NO_STORE);
            }
            return scope.session();
        });
    }

    Optional<Session> existingSession() {
        return locked(() -> {
            if (scope == null || !scope.sessionAvailable()) {
                return Optional.empty();
            }
            return scope.existingSession();
        });
    }

    void unset() {
        inLock(() -> {
            if (scope != null) {
                scope.unset();
            }
            view = null;
        });
    }

    /** {@code getSession(create)}: the same view for the same session, null when there is none and create is false. */
    HttpSessionView httpSession(boolean create, ServletContext context) {
        return locked(() -> {
            Optional<Session> session = create ? Optional.of(session()) : existingSession();
            if (session.isEmpty()) {
                return null;
            }
            if (view == null || view.session() != session.get() || view.isInvalidated()) {
                view = new HttpSessionView(session.get(), context, listeners);
            }
            return view;
        });
    }

    String changeSessionId() {
        return locked(() -> {
            Session session = existingSession().orElseThrow(() ->
                    new IllegalStateException("changeSessionId: this request has no session"));
            session.changeId();
            return session.id();
        });
    }

    Optional<String> requestedSessionId() {
        return locked(() -> {
            return scope == null ? Optional.empty() : scope.requestedSessionId();
        });
    }

    boolean requestedSessionIdFromCookie() {
        return locked(() -> {
            return scope != null && scope.requestedSessionIdFromCookie();
        });
    }

    boolean requestedSessionIdValid() {
        return locked(() -> {
            return scope != null && scope.requestedSessionIdValid();
        });
    }

    /** Hooks the commit to the async context: before {@code complete()}, and on completion, timeout or error. */
    AsyncContext asyncStarted(AsyncContext context) {
        return locked(() -> {
            if (context instanceof CommittingAsyncContext) {
                return context;
            }
            context.addListener(new AsyncCommit(this));
            asyncContext = new CommittingAsyncContext(context, commit);
            return asyncContext;
        });
    }

    /** {@code getAsyncContext()}: the wrapper {@link #asyncStarted} handed out for this context. */
    AsyncContext wrapAsync(AsyncContext context) {
        return locked(() -> {
            if (context instanceof CommittingAsyncContext) {
                return context;
            }
            if (asyncContext == null || asyncContext.delegate() != context) {
                asyncContext = new CommittingAsyncContext(context, commit);
            }
            return asyncContext;
        });
    }

    private void inLock(Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Releases what the scope holds (the session lock in LOCK mode). Idempotent. */
    void close() {
        if (scope != null) {
            scope.close();
        }
    }
}
