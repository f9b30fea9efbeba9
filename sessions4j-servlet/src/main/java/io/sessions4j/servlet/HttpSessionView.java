package io.sessions4j.servlet;

import io.sessions4j.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code request.getSession()} for code written against the Servlet API: an {@link HttpSession} whose
 * attributes are the sessions4j session's values. {@code getAttribute} returns the object that was set (within
 * a request, the same instance; in later requests, an object of the same type when
 * {@code SessionConfig.Builder.allowTypes} admits it, see {@link Session#get(String)}). Its
 * {@code setAttribute}, {@code removeAttribute} and {@code invalidate} tell the filter's
 * {@link ServletListeners} and the values that are {@code HttpSessionBindingListener}s, as the Servlet
 * specification says.
 */
final class HttpSessionView implements HttpSession {
    /** Null only for an expired session whose store kept no data (see {@link #withoutData}). */
    private final Session session;
    /** The id as of the invalidation (while valid, the session's own id is read). */
    private String id;
    private final ServletContext context;
    private final ServletListeners listeners;
    /**
     * The {@code HttpSessionBindingListener} values bound through this view, by name: the very objects to
     * unbind later in the request (a value read back from the store is a copy).
     */
    private final Map<String, Object> bound = new HashMap<>();
    private boolean invalidated;

    HttpSessionView(Session session, ServletContext context, ServletListeners listeners) {
        this(session, session.id(), context, listeners);
    }

    private HttpSessionView(Session session, String id, ServletContext context, ServletListeners listeners) {
        this.session = session;
        this.id = id;
        this.context = context;
        this.listeners = listeners;
    }

    /** An expired session of which only the id is known: everything but {@link #getId()} throws. */
    static HttpSessionView withoutData(String id, ServletContext context, ServletListeners listeners) {
        HttpSessionView view = new HttpSessionView(null, id, context, listeners);
        view.invalidated = true;
        return view;
    }

    Session session() {
        return session;
    }

    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return session.createdAt().toEpochMilli();
    }

    /** Also on an invalidated session, as the specification allows (listeners read it after the fact). */
    @Override
    public String getId() {
        return session != null && !invalidated ? session.id() : id;
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

    /**
     * Sets the cookie's lifetime, which is also the session's idle timeout; zero or less: a browser-session
     * cookie. The current value again is no change (it does not restart the cookie's lifetime).
     */
    @Override
    public void setMaxInactiveInterval(int interval) {
        checkValid("setMaxInactiveInterval");
        int current = getMaxInactiveInterval();
        if (interval == current || interval <= 0 && current < 0) {
            return;
        }
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
            removeAttribute(name);
            return;
        }
        boolean replacing = session.keys().contains(name);
        Object old = replacing ? valueOf(name) : null;
        session.put(name, value);
        bound.remove(name);
        if (value instanceof HttpSessionBindingListener) {
            bound.put(name, value);
        }
        listeners.bound(this, name, value, replacing, old);
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        if (name == null || !session.keys().contains(name)) {
            return;
        }
        Object old = valueOf(name);
        session.remove(name);
        bound.remove(name);
        listeners.removed(this, name, old);
    }

    /**
     * Destroys the session (session listeners are told while it can still be read), then unbinds every value
     * it held.
     */
    @Override
    public void invalidate() {
        checkValid("invalidate");
        Map<String, Object> held = attributes();
        id = session.id();
        session.destroy();
        invalidated = true;
        listeners.unbound(this, held);
    }

    @Override
    public boolean isNew() {
        checkValid("isNew");
        return session.isNew();
    }

    boolean isInvalidated() {
        return invalidated;
    }

    /** Marks this view as invalidated: from now on it behaves as the specification says for such a session. */
    void invalidated() {
        if (!invalidated && session != null) {
            id = session.id();
        }
        invalidated = true;
    }

    /** Every attribute and its value, in order. */
    Map<String, Object> attributes() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String name : List.copyOf(session.keys())) {
            Object value = valueOf(name);
            if (value != null) {
                all.put(name, value);
            }
        }
        return all;
    }

    private Object valueOf(String name) {
        Object held = bound.get(name);
        return held != null ? held : session.get(name).orElse(null);
    }

    private void checkValid(String method) {
        if (invalidated) {
            throw new IllegalStateException(method + ": the session has already been invalidated");
        }
    }
}
