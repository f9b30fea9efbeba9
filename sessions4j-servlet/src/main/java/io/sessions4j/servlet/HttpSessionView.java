package io.sessions4j.servlet;

import io.sessions4j.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * {@code request.getSession()} for code written against the Servlet API: an {@link HttpSession} whose
 * attributes are the sessions4j session's values. {@code getAttribute} returns the object that was set (within
 * a request, the same instance; in later requests, an object of the same type when
 * {@code SessionConfig.Builder.allowTypes} admits it, see {@link Session#get(String)}).
 */
final class HttpSessionView implements HttpSession {
    private final Session session;
    private final ServletContext context;
    private boolean invalidated;

    HttpSessionView(Session session, ServletContext context) {
        this.session = session;
        this.context = context;
    }

    Session session() {
        return session;
    }

    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return session.createdAt().toEpochMilli();
    }

    @Override
    public String getId() {
        checkValid("getId");
        return session.id();
    }

    @Override
    public long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return session.lastAccessedAt().toEpochMilli();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    /** Sets the cookie's lifetime, which is also the session's idle timeout; zero or less: a browser-session cookie. */
    @Override
    public void setMaxInactiveInterval(int interval) {
        checkValid("setMaxInactiveInterval");
        session.cookie().maxAge(interval > 0 ? Duration.ofSeconds(interval) : null);
    }

    @Override
    public int getMaxInactiveInterval() {
        checkValid("getMaxInactiveInterval");
        return session.cookie().originalMaxAge()
                .map(d -> (int) Math.min(Integer.MAX_VALUE, d.getSeconds()))
                .orElse(-1);
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        return name == null ? null : session.get(name).orElse(null);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return Collections.enumeration(List.copyOf(session.keys()));
    }

    /**
     * @throws IllegalArgumentException when the value cannot be written as JSON (sessions4j never uses Java
     *     serialization)
     */
    @Override
    public void setAttribute(String name, Object value) {
        checkValid("setAttribute");
        if (name == null) {
            throw new IllegalArgumentException("attribute name must not be null");
        }
        if (value == null) {
            session.remove(name);
        } else {
            session.put(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        if (name != null) {
            session.remove(name);
        }
    }

    @Override
    public void invalidate() {
        checkValid("invalidate");
        session.destroy();
        invalidated = true;
    }

    @Override
    public boolean isNew() {
        checkValid("isNew");
        return session.isNew();
    }

    boolean isInvalidated() {
        return invalidated;
    }

    private void checkValid(String method) {
        if (invalidated) {
            throw new IllegalStateException(method + ": the session has already been invalidated");
        }
    }
}
