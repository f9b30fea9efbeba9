package io.sessions4j.servlet;

import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.StoreFailurePolicy;
import io.sessions4j.UserSessions;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionObserver;
import io.sessions4j.spi.SessionStore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EventListener;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * express-session for Jakarta Servlet 6: gives every request a server-side session behind a signed cookie,
 * and saves it <em>before</em> the response is committed.
 *
 * <pre>{@code
 * SessionConfig config = SessionConfig.builder()
 *         .secrets(System.getenv("SESSION_SECRET"))
 *         .store(new MemoryStore())
 *         .build();
 * context.addFilter(new FilterHolder(new SessionFilter(config)), "/*",
 *         EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
 *
 * // in a servlet
 * Session session = SessionFilter.session(request);   // or request.getSession()
 * int views = session.get("views", Integer.class).orElse(0);
 * session.put("views", views + 1);
 * response.sendRedirect("/next");                      // the session is already saved when the 302 leaves
 * }</pre>
 *
 * <p>The session is committed (saved, touched or destroyed in the store, and {@code Set-Cookie} added) exactly
 * once, at the first of: {@code flushBuffer()}, a flush or close of the writer or output stream,
 * {@code sendRedirect}, {@code sendError}, the declared content length or the buffer being reached by writes,
 * {@code AsyncContext.complete()}, or the filter's return.
 *
 * <p>After that, the application may still change a session whose id the client already has: the change is
 * saved again at the end of the request. A change that changes nothing is always allowed; one that would need a
 * new {@code Set-Cookie} (a new session, {@code regenerate}, {@code changeId}, a cookie attribute) throws
 * {@link IllegalStateException}.
 *
 * <p>Store failures follow {@link SessionConfig#storeFailurePolicy()}: by default a clean {@code 503} with
 * {@code Retry-After: 1}; or rethrown to the container; or, at the start of a request, running it without a
 * session.
 *
 * <p>Session listeners ({@code HttpSessionListener}, {@code HttpSessionAttributeListener},
 * {@code HttpSessionIdListener}) registered with the container are never called for these sessions, because
 * the container does not make them; give them to the filter instead: {@link #addListener}, the context
 * attribute {@link #LISTENERS_ATTRIBUTE}, or the init parameter {@link #LISTENERS_PARAMETER}. Values that are
 * {@code HttpSessionBindingListener}s are told when they are bound and unbound.
 *
 * <p>Forward, include, error and async dispatches that pass through the filter again share the request's
 * session; they never load it a second time.
 *
 * <p>Who closes the store: a filter built from a {@link SessionConfig} owns that configuration's store and
 * closes it in {@link #destroy()}, when the container takes the filter out of service, so
 * {@code new SessionFilter(config)} with {@code .store(SessionStores.open(...))} inline needs nothing else. A
 * filter built from a {@link SessionManager} closes nothing: whoever created the manager (and shares it with
 * other adapters) closes its store.
 */
public final class SessionFilter implements Filter {
    /**
     * A {@code ServletContext} attribute the filter reads at {@code init}: an {@link EventListener}, or an
     * {@link Iterable} of them, to call for this filter's sessions.
     */
    public static final String LISTENERS_ATTRIBUTE = "io.sessions4j.servlet.listeners";

    /**
     * An init parameter the filter reads at {@code init}: the class names of session listeners, separated by
     * commas or white space, each made with its public no-argument constructor.
     */
    public static final String LISTENERS_PARAMETER = "listeners";

    private static final Logger LOG = LoggerFactory.getLogger(SessionFilter.class);

    private final SessionManager manager;
    private final boolean ownsStore;
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private final ServletListeners listeners = new ServletListeners();

    /**
     * A filter running its own engine for this configuration; {@link #destroy()} closes its store.
     *
     * @param config the checked configuration
     */
    public SessionFilter(SessionConfig config) {
        this(SessionManager.create(Objects.requireNonNull(config, "config")), true);
    }

    /**
     * A filter driving an existing engine (shared with other adapters of the same configuration); the store
     * stays open when the filter is destroyed.
     *
     * @param manager the engine
     */
    public SessionFilter(SessionManager manager) {
        this(manager, false);
    }

    private SessionFilter(SessionManager manager, boolean ownsStore) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.ownsStore = ownsStore;
        manager.addListener(listeners);
    }

    /**
     * {@return the live sessions of each principal ({@link Session#principal(String)}), to list and end them}
     * The same on every instance sharing the store; the seam for a Spring Security {@code SessionRegistry}.
     *
     * @throws UnsupportedOperationException if the store keeps no index of sessions by principal
     */
    public UserSessions userSessions() {
        return manager.userSessions();
    }

    /**
     * Adds a session listener: an {@code HttpSessionListener}, {@code HttpSessionAttributeListener} or
     * {@code HttpSessionIdListener} (one object may be several). {@code HttpSessionListener}s are told of creation
     * in the order they were added, and of destruction in the reverse order.
     *
     * @param listener the listener
     * @return this filter
     * @throws IllegalArgumentException when it is none of them
     */
    public SessionFilter addListener(EventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Takes the listeners named by {@link #LISTENERS_ATTRIBUTE} and {@link #LISTENERS_PARAMETER}, in that order. */
    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        ServletContext context = filterConfig.getServletContext();
        listeners.context(context);
        Object given = context.getAttribute(LISTENERS_ATTRIBUTE);
        try {
            if (given instanceof EventListener listener) {
                addListener(listener);
            } else if (given instanceof Iterable<?> many) {
                for (Object listener : many) {
                    if (!(listener instanceof EventListener l)) {
                        throw new IllegalArgumentException("holds " + listener + ", not an EventListener");
                    }
                    addListener(l);
                }
            } else if (given != null) {
                throw new IllegalArgumentException("holds a " + given.getClass().getName()
                        + ", not an EventListener or an Iterable of them");
            }
        } catch (IllegalArgumentException e) {
            throw new ServletException("SessionFilter: context attribute " + LISTENERS_ATTRIBUTE + " " + e.getMessage(), e);
        }
        String names = filterConfig.getInitParameter(LISTENERS_PARAMETER);
        if (names != null && !names.isBlank()) {
            for (String name : names.trim().split("[,\\s]+")) {
                addListener(instantiate(name, classLoader(context)));
            }
        }
    }

    /**
     * The request's session, created if needed.
     *
     * @param request a request the filter runs for
     * @return the session
     * @throws IllegalStateException if the filter did not run for this request, the path is outside the
     *     cookie path, or the request runs without a session because the store was unavailable
     */
    public static Session session(HttpServletRequest request) {
        return active(request).session();
    }

    /**
     * The request's session if it already exists (loaded from the store or created earlier in this request);
     * empty otherwise, also when the filter did not run.
     *
     * @param request the request
     * @return the session, if it exists
     */
    public static Optional<Session> existingSession(HttpServletRequest request) {
        ActiveRequest active = (ActiveRequest) request.getAttribute(ActiveRequest.ATTRIBUTE);
        return active == null ? Optional.empty() : active.existingSession();
    }

    /**
     * Drops the session from this request, as express's {@code req.session = null}: the stored session is kept
     * or destroyed as {@link SessionConfig#unset()} says, and this request's changes are not saved.
     *
     * @param request a request the filter runs for
     * @throws IllegalStateException if the filter did not run for this request
     */
    public static void unset(HttpServletRequest request) {
        active(request).unset();
    }

    /**
     * Stops this filter's listeners from being called (by expiry, for instance), and closes the configuration's
     * store, once, if this filter was built from a {@link SessionConfig} (see the class comment). A store that
     * fails to close is logged, not thrown: the container is shutting down.
     */
    @Override
    public void destroy() {
        manager.removeListener(listeners);
        if (!ownsStore || !destroyed.compareAndSet(false, true)) {
            return;
        }
        SessionStore store = manager.config().store();
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the session store {} failed: {}", store.name(), e.toString());
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        ActiveRequest active = (ActiveRequest) request.getAttribute(ActiveRequest.ATTRIBUTE);
        if (active == null) {
            active = open(request, response);
            if (active == null) {
                return;
            }
            request.setAttribute(ActiveRequest.ATTRIBUTE, active);
        }
        run(active, request, response, chain);
    }

    /** The web application's class loader; embedded containers may have none of their own. */
    private static ClassLoader classLoader(ServletContext context) {
        ClassLoader loader = context.getClassLoader();
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        return loader != null ? loader : SessionFilter.class.getClassLoader();
    }

    private static EventListener instantiate(String className, ClassLoader loader) throws ServletException {
        try {
            Object listener = Class.forName(className, true, loader).getConstructor().newInstance();
            if (!(listener instanceof EventListener l)) {
                throw new ServletException("SessionFilter: init parameter " + LISTENERS_PARAMETER + " names "
                        + className + ", which is not an EventListener");
            }
            return l;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ServletException("SessionFilter: init parameter " + LISTENERS_PARAMETER + ": cannot make a "
                    + className + " with its public no-argument constructor: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new ServletException("SessionFilter: init parameter " + LISTENERS_PARAMETER + ": " + e.getMessage(), e);
        }
    }

    private ActiveRequest open(HttpServletRequest request, HttpServletResponse response) throws ServletException {
        StoreFailurePolicy policy = manager.config().storeFailurePolicy();
        RequestScope scope;
        try {
            scope = manager.open(new ServletExchange(request, response));
        } catch (RuntimeException e) {
            if (!FailureResponses.isStoreFailure(e)) {
                throw e;
            }
            RequestLine line = requestLine(request);
            switch (policy) {
                case PROPAGATE:
                    FailureResponses.log(LOG, "session store failed while loading the session of {}: {}", line, e);
                    FailureResponses.report(manager.observer(), e, SessionObserver.FailureResponse.PROPAGATED);
                    throw new ServletException("session store failed while loading the session", e);
                case CONTINUE_WITHOUT_SESSION:
                    FailureResponses.log(LOG, "session store failed while loading the session of {}; "
                            + "continuing without a session: {}", line, e);
                    FailureResponses.report(manager.observer(), e, SessionObserver.FailureResponse.CONTINUED);
                    scope = null;
                    break;
                case SERVICE_UNAVAILABLE:
                default:
                    FailureResponses.log(LOG, "session store failed while loading the session of {}; answering 503: {}",
                            line, e);
                    if (!response.isCommitted()) {
                        // Reported before the 503 goes out, as when a save fails.
                        FailureResponses.report(manager.observer(), e,
                                SessionObserver.FailureResponse.SERVICE_UNAVAILABLE);
                        FailureResponses.serviceUnavailable(response);
                    } else {
                        FailureResponses.report(manager.observer(), e, SessionObserver.FailureResponse.AFTER_RESPONSE);
                    }
                    return null;
            }
        }
        return new ActiveRequest(scope, new ResponseCommit(scope, response, policy, requestLine(request),
                manager.observer()), listeners);
    }

    private static void run(ActiveRequest active, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        ServletRequest wrappedRequest = request;
        ServletResponse wrappedResponse = response;
        if (!isOurs(request) || !isOurs(response)) {
            CommittingResponse committing = new CommittingResponse(response, active.commit());
            wrappedResponse = committing;
            wrappedRequest = new SessionRequest(request, active, committing);
        }
        active.enter();
        Throwable failure = null;
        try {
            chain.doFilter(wrappedRequest, wrappedResponse);
        } catch (RuntimeException e) {
            if (FailureResponses.isStoreFailure(e) && active.commit().abandonWithFailureResponse()) {
                // The application's own session call (regenerate, save...) hit the store: answered with a 503.
                FailureResponses.log(LOG, "session store failed during {}; answering 503: {}", requestLine(request), e);
                active.commit().report(e, SessionObserver.FailureResponse.SERVICE_UNAVAILABLE);
                return;
            }
            failure = e;
            throw e;
        } catch (IOException | ServletException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (active.exit() && !request.isAsyncStarted()) {
                finish(active, request, failure);
            }
        }
    }

    /**
     * The outermost dispatch returned and the request is not async: commit if nothing did, or save what changed
     * after the commit; then release.
     */
    private static void finish(ActiveRequest active, HttpServletRequest request, Throwable failure)
            throws ServletException {
        try {
            if (failure != null) {
                active.commit().finishQuietly(failure);
                return;
            }
            try {
                active.commit().finish();
            } catch (RuntimeException e) {
                if (FailureResponses.isStoreFailure(e)) {
                    throw new ServletException("session store failed while saving the session", e);
                }
                throw e;
            }
        } finally {
            active.close();
        }
    }

    private static ActiveRequest active(HttpServletRequest request) {
        ActiveRequest active = (ActiveRequest) request.getAttribute(ActiveRequest.ATTRIBUTE);
        if (active == null) {
            throw new IllegalStateException("SessionFilter did not run for this request: register it for this "
                    + "path and dispatcher type");
        }
        return active;
    }

    private static boolean isOurs(ServletRequest request) {
        return request instanceof SessionRequest
                || request instanceof ServletRequestWrapper w && w.isWrapperFor(SessionRequest.class);
    }

    private static boolean isOurs(ServletResponse response) {
        return response instanceof CommittingResponse
                || response instanceof ServletResponseWrapper w && w.isWrapperFor(CommittingResponse.class);
    }

    private static RequestLine requestLine(HttpServletRequest request) {
        return new RequestLine(request);
    }
}
