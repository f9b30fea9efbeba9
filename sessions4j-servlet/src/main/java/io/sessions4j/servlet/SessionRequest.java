package io.sessions4j.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * The request the application sees: {@code getSession()} and the requested-session-id methods answer from the
 * sessions4j session instead of the container's session manager, and async processing is hooked so that the
 * session commits before {@code AsyncContext.complete()}.
 */
final class SessionRequest extends HttpServletRequestWrapper {
    private final ActiveRequest active;
    private final CommittingResponse response;

    SessionRequest(HttpServletRequest request, ActiveRequest active, CommittingResponse response) {
        super(request);
        this.active = active;
        this.response = response;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return active.httpSession(create, getServletContext());
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        return active.changeSessionId();
    }

    @Override
    public String getRequestedSessionId() {
        return active.requestedSessionId().orElse(null);
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return active.requestedSessionIdValid();
    }

    /** True when the request carried a validly signed session cookie (not a token header: see IdTransport). */
    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return active.requestedSessionIdFromCookie();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    /**
     * Starts async processing with these wrappers rather than the container's originals, so that output
     * written through {@code AsyncContext.getResponse()} still commits the session first.
     */
    @Override
    public AsyncContext startAsync() {
        return active.asyncStarted(super.startAsync(this, response));
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return active.asyncStarted(super.startAsync(request, response));
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext context = super.getAsyncContext();
        return context == null ? null : active.wrapAsync(context);
    }
}
