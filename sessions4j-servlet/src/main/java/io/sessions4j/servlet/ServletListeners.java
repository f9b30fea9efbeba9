package io.sessions4j.servlet;

import io.sessions4j.SessionEvent;
import io.sessions4j.SessionListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EventListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Servlet session listeners of one {@link SessionFilter}, called with the Servlet specification's
 * semantics. Lifecycle events come from the engine (this is its {@link SessionListener}); attribute and binding
 * events from {@link HttpSessionView}'s calls, and from the store's expiry, which unbinds what the expired
 * session held. A listener that throws is logged and the others still run.
 */
final class ServletListeners implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFilter.class);

    private final List<HttpSessionListener> lifecycle = new CopyOnWriteArrayList<>();
    private final List<HttpSessionAttributeListener> attributes = new CopyOnWriteArrayList<>();
    private final List<HttpSessionIdListener> ids = new CopyOnWriteArrayList<>();
    /** The context of sessions given to listeners outside a request (expiry); set by the filter's init. */
    private volatile ServletContext context;

    /**
     * @throws IllegalArgumentException when the listener is none of the three session listener types
     */
    void add(EventListener listener) {
        boolean known = false;
        if (listener instanceof HttpSessionListener l) {
            lifecycle.add(l);
            known = true;
        }
        if (listener instanceof HttpSessionAttributeListener l) {
            attributes.add(l);
            known = true;
        }
        if (listener instanceof HttpSessionIdListener l) {
            ids.add(l);
            known = true;
        }
        if (!known) {
            throw new IllegalArgumentException(listener.getClass().getName() + " is not an HttpSessionListener, "
                    + "HttpSessionAttributeListener or HttpSessionIdListener"
                    + (listener instanceof HttpSessionBindingListener
                            ? " (an HttpSessionBindingListener is told when it is put in a session, not registered)"
                            : ""));
        }
    }

    void context(ServletContext context) {
        this.context = context;
    }

    // ---- lifecycle, from the engine ----

    @Override
    public void created(SessionEvent event) {
        HttpSessionEvent created = new HttpSessionEvent(view(event));
        each(lifecycle, l -> l.sessionCreated(created));
    }

    /** Destroyed by the application: listeners are told first; HttpSessionView.invalidate() then unbinds. */
    @Override
    public void destroyed(SessionEvent event) {
        sessionDestroyed(view(event));
    }

    /** The store dropped the session: destroyed, then what it held is unbound, as a container's timeout does. */
    @Override
    public void expired(SessionEvent event) {
        HttpSessionView view = view(event);
        sessionDestroyed(view);
        if (event.session().isPresent()) {
            Map<String, Object> held = view.attributes();
            view.invalidated();
            unbound(view, held);
        }
    }

    @Override
    public void idChanged(SessionEvent event) {
        HttpSessionEvent changed = new HttpSessionEvent(view(event));
        String previous = event.previousId().orElseThrow();
        each(ids, l -> l.sessionIdChanged(changed, previous));
    }

    // ---- attributes, from HttpSessionView ----

    /** After {@code setAttribute(name, value)}; {@code old} is the value it replaced, if {@code replacing}. */
    void bound(HttpSessionView session, String name, Object value, boolean replacing, Object old) {
        if (value != old) {
            if (value instanceof HttpSessionBindingListener l) {
                call(l, () -> l.valueBound(new HttpSessionBindingEvent(session, name, value)));
            }
            if (old instanceof HttpSessionBindingListener l) {
                call(l, () -> l.valueUnbound(new HttpSessionBindingEvent(session, name, old)));
            }
        }
        // attributeReplaced carries the old value, as HttpSessionBindingEvent.getValue() says.
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, replacing ? old : value);
        each(attributes, replacing ? l -> l.attributeReplaced(event) : l -> l.attributeAdded(event));
    }

    /** After {@code value} left the session under {@code name}. */
    void removed(HttpSessionView session, String name, Object value) {
        if (value instanceof HttpSessionBindingListener l) {
            call(l, () -> l.valueUnbound(new HttpSessionBindingEvent(session, name, value)));
        }
        HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
        each(attributes, l -> l.attributeRemoved(event));
    }

    /** After the session was invalidated: every value it held is unbound. */
    void unbound(HttpSessionView session, Map<String, Object> held) {
        held.forEach((name, value) -> removed(session, name, value));
    }

    private void sessionDestroyed(HttpSessionView view) {
        HttpSessionEvent destroyed = new HttpSessionEvent(view);
        // The specification calls sessionDestroyed in the reverse order of declaration.
        List<HttpSessionListener> declared = List.copyOf(lifecycle);
        for (int i = declared.size() - 1; i >= 0; i--) {
            HttpSessionListener l = declared.get(i);
            call(l, () -> l.sessionDestroyed(destroyed));
        }
    }

    private HttpSessionView view(SessionEvent event) {
        return event.session()
                .map(s -> new HttpSessionView(s, context, this))
                .orElseGet(() -> HttpSessionView.withoutData(event.id(), context, this));
    }

    private static <L> void each(List<L> listeners, Consumer<L> call) {
        for (L l : listeners) {
            call(l, () -> call.accept(l));
        }
    }

    private static void call(Object listener, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("session listener {} failed: {}", listener.getClass().getName(), e.toString());
            LOG.debug("session listener failure", e);
        }
    }
}
