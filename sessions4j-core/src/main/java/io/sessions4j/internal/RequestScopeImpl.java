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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's session state, its commit (before the response is committed) and its finish (the end of the
 * request). The decisions follow express-session's {@code shouldSave}, {@code shouldTouch} and
 * {@code shouldSetCookie} (see {@link CommitRules}); the store work (compare-and-set with merge, touch,
 * destroy) is done by {@link SessionWriter}. After the commit, changes follow the rules of {@link RequestScope}:
 * only a session the client already has may still change, and {@link #finish()} saves it again.
 */
final class RequestScopeImpl implements RequestScope {
    private static final Logger LOG = LoggerFactory.getLogger(RequestScopeImpl.class);

    private final Engine engine;
    private final HttpExchange exchange;
    private final boolean available;
    private final CookieOptions cookieOptions;
    private final boolean secureRequest;
    /**
     * The id of the request's validly signed cookie (express's cookieId), or of its token header when the id came
     * that way (see {@link #idByHeader}); null when none.
     */
    private final String cookieId;
    /** Whether {@link #cookieId} came in the token header of {@link io.sessions4j.IdTransport}, not the cookie. */
    private final boolean idByHeader;
    private SessionLocks.Held lock;
    /** The request cookie's {@code s:id.signature} when signed with the current secret; null otherwise. */
    private String signedCookie;

    private SessionImpl current;
    private boolean requested;
    /** A session dropped by {@link #unset()}, for {@link Unset#DESTROY}. */
    private SessionImpl unsetSession;
    /** Attributes of a cookie the browser holds for a session this request destroyed. */
    private CookieState cookieToExpire;
    /** The id whose {@code Set-Cookie} the commit sent; null when none. */
    private String cookieSentId;
    private boolean committed;
    /** A real change was allowed after the commit: {@link #finish()} must look for it. */
    private boolean changedAfterCommit;
    private boolean finished;
    private boolean closed;

    private RequestScopeImpl(Engine engine, HttpExchange exchange, boolean available, CookieOptions cookieOptions,
            boolean secureRequest, String cookieId, boolean idByHeader) {
        this.engine = engine;
        this.idByHeader = idByHeader;
        this.exchange = exchange;
        this.available = available;
        this.cookieOptions = cookieOptions;
        this.secureRequest = secureRequest;
        this.cookieId = cookieId;
    }

    /** A request outside the cookie path: no session. */
    static RequestScopeImpl unavailable(Engine engine, HttpExchange exchange) {
        return new RequestScopeImpl(engine, exchange, false, null, false, null, false);
    }

    static RequestScopeImpl loaded(Engine engine, HttpExchange exchange, CookieOptions options, boolean secure,
            String id, StoredSession stored, SessionJson.Parsed parsed, SessionLocks.Held lock, Instant loadedAt,
            String signedCookie, boolean byHeader) {
        RequestScopeImpl scope = new RequestScopeImpl(engine, exchange, true, options, secure, id, byHeader);
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
        s.announced = true;
        s.principal = parsed.principal();
        s.originalPrincipal = parsed.principal();
        s.storedPrincipal = parsed.principal();
        if (!engine.config().resave()) {
            s.saved = data;
            s.savedId = id;
            s.savedPrincipal = parsed.principal();
        }
        // A store's touch moves only the record's expiry; show the application the expiry the store has.
        parsed.cookie().extendExpiry(stored.expires());
        scope.current = s;
        return scope;
    }

    static RequestScopeImpl fresh(Engine engine, HttpExchange exchange, CookieOptions options, boolean secure,
            String cookieId, boolean byHeader) {
        RequestScopeImpl scope = new RequestScopeImpl(engine, exchange, true, options, secure, cookieId, byHeader);
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
            checkCanSendCookie("a new session");
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
    public boolean requestedSessionIdFromCookie() {
        return cookieId != null && !idByHeader;
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
        checkNotEnded();
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
                tellClientItsIdEnded();
            }
        } finally {
            releaseLock();
        }
    }

    @Override
    public void finish() {
        if (finished) {
            return;
        }
        try {
            // Application code ran between an earlier commit and now; a commit run just now only ran listeners.
            boolean earlier = committed;
            commit();
            if (!available) {
                return;
            }
            if (earlier) {
                commitUnset();
            }
            if (current != null && (earlier || changedAfterCommit)) {
                saveLate(current);
            }
        } finally {
            finished = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        releaseLock();
    }

    private void releaseLock() {
        if (lock != null) {
            lock.release();
            lock = null;
        }
    }

    /** Whether this request holds the lock of the session's current id (LOCK mode, until regenerated). */
    private boolean holdsLock(SessionImpl s) {
        return lock != null && lock.id().equals(s.id);
    }

    // ---- what may change when (see RequestScope) ----

    /** Whether a change must be checked by {@link #allowChange}: the commit ran or the request ended. */
    boolean restrictsChanges() {
        return committed || closed;
    }

    /** Before a real change of {@code s} once {@link #restrictsChanges()}: allowed when the client has its id. */
    void allowChange(SessionImpl s) {
        checkNotEnded();
        if (!clientHasId(s)) {
            throw new IllegalStateException("the response was already committed and the client has no cookie for "
                    + "this session, so the change could never be used; change a new session before the response "
                    + "is flushed, redirected or completed");
        }
        changedAfterCommit = true;
    }

    /** Before a real change of the session cookie: it needs a {@code Set-Cookie}. */
    void allowCookieChange() {
        checkCanSendCookie("a change of the session cookie");
    }

    /** Before what needs a new {@code Set-Cookie}: a new session, a new id, a cookie change. */
    void checkCanSendCookie(String what) {
        checkNotEnded();
        if (committed) {
            throw new IllegalStateException(what + " needs a Set-Cookie header, but the response was already "
                    + "committed; do it before the response is flushed, redirected or completed");
        }
    }

    void checkNotEnded() {
        if (finished || closed) {
            throw new IllegalStateException("the request has ended; its session can no longer be changed");
        }
    }

    private boolean clientHasId(SessionImpl s) {
        return s.id.equals(cookieId) || s.id.equals(cookieSentId);
    }

    // ---- operations called by SessionImpl ----

    void regenerate(SessionImpl s, boolean keepData) {
        String oldId = s.id;
        if (s.storedJson != null) {
            destroyStored(s);
        }
        if (!keepData && s.announced) {
            engine.events().destroyed(s);
            s.announced = false;
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
            // A new login names its principal again (see Session#principal).
            s.principal = null;
        }
        s.storedJson = null;
        s.storedData = null;
        s.storedExpiry = null;
        s.saved = null;
        s.savedId = null;
        s.savedPrincipal = null;
        s.storedPrincipal = null;
        s.explicitlySaved = false;
        s.forceTouch = false;
        if (s.announced) {
            engine.events().idChanged(oldId, s);
        }
    }

    void destroy(SessionImpl s) {
        if (s.storedJson != null) {
            destroyStored(s);
        } else if (s.isNew && cookieId != null && current == s && cookieToExpire == null) {
            // The cookie named a session that did not load (gone, expired, unreadable): logging out must
            // still remove whatever the store holds under it and clear the browser's cookie, parse or not.
            engine.writer().destroy(cookieId);
            cookieToExpire = s.cookie.copy();
        }
        if (s.announced) {
            engine.events().destroyed(s);
            s.announced = false;
        }
        if (committed) {
            LOG.debug("session {} destroyed after its response was committed: the browser keeps a cookie that "
                    + "names no session", LogIds.lazy(s.id));
        } else if (s.id.equals(cookieId)) {
            cookieToExpire = s.cookie.copy();
        }
        s.alive = false;
        if (current == s) {
            current = null;
            requested = false;
        }
    }

    /** Destroys the stored session; when that fails, the session is left alone for the rest of the request. */
    private void destroyStored(SessionImpl s) {
        try {
            engine.writer().destroy(s.id);
        } catch (RuntimeException e) {
            s.destroyFailed = true;
            throw e;
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
        s.principal = parsed.principal();
        s.storedPrincipal = parsed.principal();
        s.savedPrincipal = parsed.principal();
        s.cookieChangedBeforeSave = false;
    }

    /**
     * Names the session's principal. Under a {@link io.sessions4j.PrincipalLimit} a new principal is saved at
     * once, so the store applies the limit atomically and a refusal reaches the caller; the principal is then
     * left as it was.
     */
    void principal(SessionImpl s, String principal) {
        String before = s.principal;
        s.principal = principal;
        if (principal != null && engine.config().principalLimit().isPresent()) {
            try {
                saveNow(s);
            } catch (RuntimeException e) {
                s.principal = before;
                throw e;
            }
        }
    }

    void saveNow(SessionImpl s) {
        if (s.destroyFailed) {
            throw new SessionException("cannot save: destroying this session failed earlier in the request");
        }
        Instant now = now();
        prepareCookie(s, now);
        Map<String, JsonNode> snapshot = s.data.snapshot();
        SessionWriter.Outcome outcome = engine.writer().save(s, snapshot, now, holdsLock(s));
        if (outcome == SessionWriter.Outcome.GONE) {
            throw new SessionException("cannot save: the session was destroyed by another request");
        }
        boolean first = written(s, outcome);
        // What was written (with another request's keys merged in, if it raced) is what the session now holds.
        s.saved = s.storedData != null ? s.storedData : snapshot;
        s.savedId = s.id;
        s.savedPrincipal = s.principal;
        s.explicitlySaved = true;
        s.cookieChangedBeforeSave |= s.cookie.changed();
        s.cookie.clearChanged();
        if (first) {
            announce(s);
        }
    }

    Instant lastAccessed(SessionImpl s) {
        return engine.lastAccessed(s.cookie, s.created, s.storedExpiry);
    }

    // ---- commit ----

    /** Destroys a session dropped by {@link #unset()} under {@link Unset#DESTROY}; once. */
    private void commitUnset() {
        SessionImpl s = unsetSession;
        unsetSession = null;
        if (s == null || engine.config().unset() != Unset.DESTROY) {
            return;
        }
        if (s.storedJson != null) {
            engine.writer().destroy(s.id);
        }
        if (s.announced) {
            engine.events().destroyed(s);
            s.announced = false;
        }
        if (s.id.equals(cookieId) && (current == null || !current.id.equals(s.id))) {
            cookieToExpire = s.cookie.copy();
        }
    }

    private void commitSession(SessionImpl s) {
        if (s.destroyFailed) {
            // The user asked for the session to end; saving or touching it now would extend what is left of it.
            LOG.debug("destroying session {} failed in this request; not saving or touching it", LogIds.lazy(s.id));
            return;
        }
        Instant now = now();
        boolean cookieChanged = s.cookieChanged();
        prepareCookie(s, now);
        Map<String, JsonNode> snapshot = s.data.snapshot();
        CommitRules.Decision decision = CommitRules.decide(engine.config(), s, snapshot, cookieId, cookieChanged);

        boolean first = false;
        if (decision.save()) {
            SessionWriter.Outcome outcome = engine.writer().save(s, snapshot, now, holdsLock(s));
            if (outcome == SessionWriter.Outcome.GONE) {
                LOG.debug("session {} was destroyed by another request; not saving it", LogIds.lazy(s.id));
                s.vanished = true;
                return;
            }
            first = written(s, outcome);
        } else if (decision.touch() && s.storedJson != null) {
            // Judged from the instant of the load, as a store that touched while loading judged it: a
            // commit a few milliseconds later must not count as another touch due.
            Instant wantedAtLoad = engine.touchTarget(s, s.loadedAt != null ? s.loadedAt : now);
            boolean due = s.forceTouch || engine.touchRequest(now).isDue(s.storedExpiry, wantedAtLoad);
            if (due && !engine.writer().touch(s.id, engine.storeExpiry(s.cookie, s.created, now))) {
                LOG.debug("session {} vanished before its touch; not renewing its cookie", LogIds.lazy(s.id));
                s.vanished = true;
                return;
            }
            if (due) {
                engine.observer().touched();
            } else {
                engine.observer().touchSkipped();
            }
        }
        // The baseline of changes made after the commit (saved by finish()).
        s.saved = decision.save() && s.storedData != null ? s.storedData : snapshot;
        s.savedId = s.id;
        s.savedPrincipal = s.principal;
        s.forceTouch = false;

        setCookieHeaders(s, decision, now);
        if (first) {
            // After the header: a listener that changes the session changes one the client has.
            announce(s);
        }
    }

    private void setCookieHeaders(SessionImpl s, CommitRules.Decision decision, Instant now) {
        TokenHeader token = engine.tokenHeader();
        if (token == null) {
            setCookie(s, decision, now);
            return;
        }
        boolean clientHasId = s.id.equals(cookieId);
        // A client that sent its id in the header is not sent a cookie for that same id (rolling, attributes).
        if (engine.config().idTransport().usesCookie() && !(idByHeader && clientHasId)) {
            setCookie(s, decision, now);
        }
        if (decision.setCookie() && !clientHasId) {
            token.send(exchange, engine.token(s.id));
            cookieSentId = s.id;
        } else if (idByHeader && clientHasId && signedCookie == null) {
            // Signed with a secret that is no longer the first: re-signed, so retiring that secret ends no session.
            token.send(exchange, engine.token(s.id));
        } else if (idByHeader && cookieToExpire != null && !clientHasId) {
            token.clear(exchange);
        }
    }

    /** The session's cookie when the decision says so; else the expiry of a cookie that names an ended session. */
    private void setCookie(SessionImpl s, CommitRules.Decision decision, Instant now) {
        if (decision.setCookie()) {
            if (s.cookie.secure() && !secureRequest) {
                LOG.debug("not sending the Secure cookie of session {} over an insecure request",
                        LogIds.lazy(s.id));
            } else {
                String reuse = s.id.equals(cookieId) ? signedCookie : null;
                exchange.addHeader("Set-Cookie", engine.setCookieHeader(s, reuse, cookieOptions.maxAgeAttribute(), now));
                cookieSentId = s.id;
                return;
            }
        }
        if (cookieToExpire != null && !s.id.equals(cookieId) && !idByHeader) {
            exchange.addHeader("Set-Cookie", SetCookieHeader.expired(engine.config().name(), cookieToExpire));
        }
    }

    /** The session the client's id named ended and no other replaces it: the client is told on its own transport. */
    private void tellClientItsIdEnded() {
        if (idByHeader) {
            engine.tokenHeader().clear(exchange);
        } else {
            exchange.addHeader("Set-Cookie", SetCookieHeader.expired(engine.config().name(), cookieToExpire));
        }
    }

    /**
     * Saves what the application changed after the commit, with no header: only a session the client already
     * has gets here with a change (see {@link #allowChange}); an in-place change of a new session's value
     * cannot be refused when it happens, so it is logged.
     */
    private void saveLate(SessionImpl s) {
        if (!s.alive || s.vanished) {
            return;
        }
        Map<String, JsonNode> snapshot = s.data.snapshot();
        boolean changed = s.saved == null || !SessionData.sameData(snapshot, s.saved)
                || !java.util.Objects.equals(s.principal, s.savedPrincipal);
        if (!changed && !s.forceTouch) {
            return;
        }
        if (!clientHasId(s)) {
            LOG.warn("session {} changed after its response was committed, but the client never got its cookie; "
                    + "the change is lost", LogIds.hash(s.id));
            return;
        }
        Instant now = now();
        if (changed) {
            SessionWriter.Outcome outcome = engine.writer().save(s, snapshot, now, holdsLock(s));
            if (outcome == SessionWriter.Outcome.GONE) {
                LOG.debug("session {} was destroyed by another request; not saving its late change",
                        LogIds.lazy(s.id));
            } else if (written(s, outcome)) {
                announce(s);
            }
        } else if (s.storedJson != null) {
            engine.writer().touch(s.id, engine.storeExpiry(s.cookie, s.created, now));
        }
    }

    /**
     * The lifecycle side of a write: a session whose cookie had expired was destroyed by it.
     *
     * @return whether this was the first store of the session, to be announced once the caller is done
     */
    private boolean written(SessionImpl s, SessionWriter.Outcome outcome) {
        if (outcome == SessionWriter.Outcome.DESTROYED) {
            if (s.announced) {
                engine.events().destroyed(s);
                s.announced = false;
            }
            return false;
        }
        return outcome == SessionWriter.Outcome.SAVED && !s.announced;
    }

    private void announce(SessionImpl s) {
        s.announced = true;
        engine.observer().sessionCreated();
        engine.events().created(s);
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
