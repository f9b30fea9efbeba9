package io.sessions4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.CookieOptions;
import io.sessions4j.Session;
import io.sessions4j.SessionException;
import io.sessions4j.SessionStoreException;
import io.sessions4j.Unset;
import io.sessions4j.spi.HttpExchange;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's session state and the end-of-request commit. The decisions follow express-session's
 * {@code shouldSave}, {@code shouldTouch} and {@code shouldSetCookie} (see {@link CommitRules}); the store
 * work (compare-and-set with merge, touch, destroy) is done by {@link SessionWriter}.
 */
final class RequestScopeImpl implements RequestScope {
    private static final Logger LOG = LoggerFactory.getLogger(RequestScopeImpl.class);

    private final Engine engine;
    private final HttpExchange exchange;
    private final boolean available;
    private final CookieOptions cookieOptions;
    private final boolean secureRequest;
    /** The id of the request's validly signed cookie (express's cookieId); null when none. */
    private final String cookieId;
    private SessionLocks.Held lock;
    /** The request cookie's {@code s:id.signature} when signed with the current secret; null otherwise. */
    private String signedCookie;

    private SessionImpl current;
    private boolean requested;
    /** A session dropped by {@link #unset()}, for {@link Unset#DESTROY}. */
    private SessionImpl unsetSession;
    /** Attributes of a cookie the browser holds for a session this request destroyed. */
    private CookieState cookieToExpire;
    private boolean committed;
    private boolean closed;

    private RequestScopeImpl(Engine engine, HttpExchange exchange, boolean available, CookieOptions cookieOptions,
            boolean secureRequest, String cookieId) {
        this.engine = engine;
        this.exchange = exchange;
        this.available = available;
        this.cookieOptions = cookieOptions;
        this.secureRequest = secureRequest;
        this.cookieId = cookieId;
    }

    /** A request outside the cookie path: no session. */
    static RequestScopeImpl unavailable(Engine engine, HttpExchange exchange) {
        return new RequestScopeImpl(engine, exchange, false, null, false, null);
    }

    static RequestScopeImpl loaded(Engine engine, HttpExchange exchange, CookieOptions options, boolean secure,
            String id, StoredSession stored, SessionJson.Parsed parsed, SessionLocks.Held lock, Instant loadedAt,
            String signedCookie) {
        RequestScopeImpl scope = new RequestScopeImpl(engine, exchange, true, options, secure, id);
        scope.signedCookie = signedCookie;
        scope.lock = lock;
        Instant created = parsed.created() != null ? parsed.created() : engine.now();
        Map<String, JsonNode> data = parsed.data();
        SessionImpl s = new SessionImpl(scope, id, parsed.cookie(), new SessionData(engine.values(), data, parsed.types()),
                created, false, data);
        s.storedJson = stored.json();
        s.storedData = data;
        s.storedExpiry = stored.expires();
        s.loadedAt = loadedAt;
        if (!engine.config().resave()) {
            s.saved = data;
            s.savedId = id;
        }
        // A store's touch moves only the record's expiry; show the application the expiry the store has.
        parsed.cookie().extendExpiry(stored.expires());
        scope.current = s;
        return scope;
    }

    static RequestScopeImpl fresh(Engine engine, HttpExchange exchange, CookieOptions options, boolean secure,
            String cookieId) {
        RequestScopeImpl scope = new RequestScopeImpl(engine, exchange, true, options, secure, cookieId);
        // Only saveUninitialized stores a session nobody asked for; otherwise it is made on first use, so
        // anonymous requests and static files cost no id, cookie or data.
        if (engine.config().saveUninitialized()) {
            scope.current = scope.generate();
        }
        return scope;
    }

    Instant now() {
        return engine.now();
    }

    @Override
    public boolean sessionAvailable() {
        return available;
    }

    @Override
    public Session session() {
        if (!available) {
            throw new IllegalStateException("no session for this request: its path is outside the cookie path");
        }
        if (current == null) {
            checkNotCommitted();
            current = generate();
        }
        requested = true;
        return current;
    }

    @Override
    public Optional<Session> existingSession() {
        if (current == null || current.isNew && !requested) {
            return Optional.empty();
        }
        return Optional.of(current);
    }

    @Override
    public Optional<String> requestedSessionId() {
        return Optional.ofNullable(cookieId);
    }

    @Override
    public boolean requestedSessionIdValid() {
        return cookieId != null && current != null && !current.isNew && cookieId.equals(current.id);
    }

    @Override
    public void unset() {
        if (current == null) {
            return;
        }
        checkNotCommitted();
        current.alive = false;
        if (unsetSession == null) {
            unsetSession = current;
        }
        current = null;
        requested = false;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void commit() {
        if (committed) {
            return;
        }
        committed = true;
        try {
            if (!available) {
                return;
            }
            commitUnset();
            if (current != null) {
                commitSession(current);
            } else if (cookieToExpire != null) {
                exchange.addHeader("Set-Cookie", SetCookieHeader.expired(engine.config().name(), cookieToExpire));
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (lock != null) {
            lock.release();
            lock = null;
        }
    }

    void checkNotCommitted() {
        if (committed) {
            throw new IllegalStateException("the session was already committed with the response; change it "
                    + "before the response is flushed, redirected or completed");
        }
    }

    // ---- operations called by SessionImpl ----

    void regenerate(SessionImpl s, boolean keepData) {
        String oldId = s.id;
        if (s.storedJson != null) {
            engine.writer().destroy(oldId);
        }
        if (oldId.equals(cookieId)) {
            cookieToExpire = s.cookie.copy();
        }
        s.id = engine.newId(exchange);
        if (!keepData) {
            s.attach(newCookie());
            s.data = SessionData.empty(engine.values());
            s.created = now();
            s.isNew = true;
        }
        s.storedJson = null;
        s.storedData = null;
        s.storedExpiry = null;
        s.saved = null;
        s.savedId = null;
        s.explicitlySaved = false;
        s.forceTouch = false;
    }

    void destroy(SessionImpl s) {
        if (s.storedJson != null) {
            engine.writer().destroy(s.id);
        }
        if (s.id.equals(cookieId)) {
            cookieToExpire = s.cookie.copy();
        }
        s.alive = false;
        if (current == s) {
            current = null;
            requested = false;
        }
    }

    void reload(SessionImpl s) {
        Optional<StoredSession> stored = engine.writer().get(s.id);
        if (stored.isEmpty()) {
            throw new SessionException("failed to load session: it no longer exists in the store");
        }
        SessionJson.Parsed parsed = engine.parse(s.id, stored.get());
        if (parsed == null) {
            throw new SessionException("failed to load session: the store holds unreadable data");
        }
        s.attach(parsed.cookie());
        s.data = new SessionData(engine.values(), parsed.data(), parsed.types());
        if (parsed.created() != null) {
            s.created = parsed.created();
        }
        s.storedJson = stored.get().json();
        s.storedData = parsed.data();
        s.storedExpiry = stored.get().expires();
        s.saved = parsed.data();
        s.savedId = s.id;
        s.cookieChangedBeforeSave = false;
    }

    void saveNow(SessionImpl s) {
        Instant now = now();
        prepareCookie(s, now);
        Map<String, JsonNode> snapshot = s.data.snapshot();
        SessionWriter.Outcome outcome = engine.writer().save(s, snapshot, now);
        if (outcome == SessionWriter.Outcome.GONE) {
            throw new SessionException("cannot save: the session was destroyed by another request");
        }
        // What was written (with another request's keys merged in, if it raced) is what the session now holds.
        s.saved = s.storedData != null ? s.storedData : snapshot;
        s.savedId = s.id;
        s.explicitlySaved = true;
        s.cookieChangedBeforeSave |= s.cookie.changed();
        s.cookie.clearChanged();
    }

    Instant lastAccessed(SessionImpl s) {
        if (s.storedExpiry == null) {
            return s.created;
        }
        Long oma = s.cookie.originalMaxAgeMillis();
        Duration idle = oma != null ? Duration.ofMillis(oma) : engine.config().browserSessionTtl();
        Instant estimate = s.storedExpiry.minus(idle);
        if (estimate.isBefore(s.created)) {
            return s.created;
        }
        Instant now = now();
        return estimate.isAfter(now) ? now : estimate;
    }

    // ---- commit ----

    private void commitUnset() {
        SessionImpl s = unsetSession;
        if (s == null || engine.config().unset() != Unset.DESTROY) {
            return;
        }
        if (s.storedJson != null) {
            engine.writer().destroy(s.id);
        }
        if (s.id.equals(cookieId) && (current == null || !current.id.equals(s.id))) {
            cookieToExpire = s.cookie.copy();
        }
    }

    private void commitSession(SessionImpl s) {
        Instant now = now();
        boolean cookieChanged = s.cookieChanged();
        prepareCookie(s, now);
        Map<String, JsonNode> snapshot = s.data.snapshot();
        CommitRules.Decision decision = CommitRules.decide(engine.config(), s, snapshot, cookieId, cookieChanged);

        if (decision.save()) {
            if (engine.writer().save(s, snapshot, now) == SessionWriter.Outcome.GONE) {
                LOG.debug("session {} was destroyed by another request; not saving it", LogIds.lazy(s.id));
                return;
            }
        } else if (decision.touch() && s.storedJson != null) {
            // Judged from the instant of the load, as a store that touched while loading judged it: a
            // commit a few milliseconds later must not count as another touch due.
            Instant wantedAtLoad = engine.touchTarget(s, s.loadedAt != null ? s.loadedAt : now);
            boolean due = s.forceTouch || engine.touchRequest(now).isDue(s.storedExpiry, wantedAtLoad);
            if (due && !engine.writer().touch(s.id, engine.storeExpiry(s.cookie, s.created, now))) {
                LOG.debug("session {} vanished before its touch; not renewing its cookie", LogIds.lazy(s.id));
                return;
            }
        }

        if (decision.setCookie()) {
            if (s.cookie.secure() && !secureRequest) {
                LOG.debug("not sending the Secure cookie of session {} over an insecure request",
                        LogIds.lazy(s.id));
            } else {
                String reuse = s.id.equals(cookieId) ? signedCookie : null;
                exchange.addHeader("Set-Cookie", engine.setCookieHeader(s, reuse, cookieOptions.maxAgeAttribute(), now));
                return;
            }
        }
        if (cookieToExpire != null && !s.id.equals(cookieId)) {
            exchange.addHeader("Set-Cookie", SetCookieHeader.expired(engine.config().name(), cookieToExpire));
        }
    }

    /** express's end-of-request touch ({@code resetMaxAge}), then the absolute-timeout cap. */
    private void prepareCookie(SessionImpl s, Instant now) {
        s.cookie.resetExpiry(now);
        engine.deadline(s).ifPresent(s.cookie::capExpiry);
    }

    private SessionImpl generate() {
        String id = engine.newId(exchange);
        Instant now = now();
        return new SessionImpl(this, id, newCookie(), SessionData.empty(engine.values()),
                now.truncatedTo(ChronoUnit.MILLIS), true, Map.of());
    }

    private CookieState newCookie() {
        return CookieState.create(cookieOptions, secureRequest, engine.config().clock());
    }
}
