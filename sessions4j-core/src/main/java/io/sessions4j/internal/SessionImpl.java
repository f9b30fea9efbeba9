package io.sessions4j.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.Session;
import io.sessions4j.SessionCookie;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The session handed to the application. It stays the same object across {@link #regenerate()} and
 * {@link #changeId()} (Java code holds references, unlike {@code req.session}); after {@link #destroy()}
 * it refuses every call. All store work is delegated to the {@link RequestScopeImpl}, which also decides what
 * may still change after the commit: a call that changes nothing is always allowed.
 */
final class SessionImpl implements Session {
    /** Long enough for any user name or e-mail address; short enough to stay a cheap index key. */
    static final int MAX_PRINCIPAL_LENGTH = 256;

    private final RequestScopeImpl scope;

    String id;
    CookieState cookie;
    SessionData data;
    Instant created;
    /** Created in this request, not loaded. */
    boolean isNew;
    boolean alive = true;

    /** The id at load or generation; a different current id means regenerated (express's originalId). */
    final String originalId;
    /** The data at load or generation (express's originalHash). */
    Map<String, JsonNode> original;
    /**
     * The data as last saved, or as loaded when resave is off (express's savedHash); after the commit, as
     * committed (the baseline of later changes). Null when none.
     */
    Map<String, JsonNode> saved;
    String savedId;

    /** The JSON text the store holds for {@link #id} as far as this request knows; null when not stored. */
    String storedJson;
    /** The data inside {@link #storedJson}: the base for computing this request's own changes. */
    Map<String, JsonNode> storedData;
    /** The store's expiry of the record; null when not stored. */
    Instant storedExpiry;

    /** Whose session it is ({@link #principal(String)}); null when nobody's. */
    String principal;
    /** The principal at load or generation (the counterpart of {@link #original}). */
    String originalPrincipal;
    /** The principal as last saved (the counterpart of {@link #saved}). */
    String savedPrincipal;
    /** The principal inside {@link #storedJson}. */
    String storedPrincipal;

    /** When the session was loaded from the store (the instant a store-side touch used); null when new. */
    Instant loadedAt;

    /** Lifecycle listeners know this session under {@link #id} (it was stored, or loaded). */
    boolean announced;
    /** Another request destroyed the stored session while this one ran: it is never written again. */
    boolean vanished;

    /** {@link #touch()} was called: touch the store at commit whatever touchAfter says. */
    boolean forceTouch;
    /** {@link #save()} was called at least once under the current id. */
    boolean explicitlySaved;
    /** The application changed the cookie before an explicit save cleared {@link CookieState#changed()}. */
    boolean cookieChangedBeforeSave;
    /** A destroy of the stored session failed in this request: it must not be saved or touched after that. */
    boolean destroyFailed;

    SessionImpl(RequestScopeImpl scope, String id, CookieState cookie, SessionData data, Instant created,
            boolean isNew, Map<String, JsonNode> original) {
        this.scope = scope;
        this.id = id;
        attach(cookie);
        this.data = data;
        this.created = created;
        this.isNew = isNew;
        this.originalId = id;
        this.original = original;
    }

    @Override
    public String id() {
        checkAlive();
        return id;
    }

    @Override
    public Optional<Object> get(String key) {
        checkAlive();
        return data.get(key);
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        checkAlive();
        return data.get(key, type);
    }

    @Override
    public <T> Optional<T> get(String key, TypeReference<T> type) {
        checkAlive();
        return data.get(key, type);
    }

    @Override
    public Session put(String key, Object value) {
        checkAlive();
        if (value == null) {
            return remove(key);
        }
        SessionData.checkKey(key);
        if (scope.restrictsChanges() && !data.holdsEqual(key, value)) {
            scope.allowChange(this);
        }
        data.put(key, value);
        return this;
    }

    @Override
    public Session remove(String key) {
        checkAlive();
        SessionData.checkKey(key);
        if (scope.restrictsChanges() && data.keys().contains(key)) {
            scope.allowChange(this);
        }
        data.remove(key);
        return this;
    }

    @Override
    public Session principal(String principal) {
        checkAlive();
        if (principal != null && (principal.isEmpty() || principal.length() > MAX_PRINCIPAL_LENGTH)) {
            throw new IllegalArgumentException("principal: must be 1 to " + MAX_PRINCIPAL_LENGTH
                    + " characters, got " + principal.length());
        }
        if (java.util.Objects.equals(principal, this.principal)) {
            return this;
        }
        if (scope.restrictsChanges()) {
            scope.allowChange(this);
        }
        scope.principal(this, principal);
        return this;
    }

    @Override
    public Optional<String> principal() {
        checkAlive();
        return Optional.ofNullable(principal);
    }

    @Override
    public Set<String> keys() {
        checkAlive();
        return data.keys();
    }

    @Override
    public boolean isNew() {
        checkAlive();
        return isNew;
    }

    @Override
    public SessionCookie cookie() {
        checkAlive();
        return cookie;
    }

    @Override
    public Instant createdAt() {
        checkAlive();
        return created;
    }

    @Override
    public Instant lastAccessedAt() {
        checkAlive();
        return scope.lastAccessed(this);
    }

    @Override
    public void regenerate() {
        checkAlive();
        scope.checkCanSendCookie("regenerate()");
        scope.regenerate(this, false);
    }

    @Override
    public void changeId() {
        checkAlive();
        scope.checkCanSendCookie("changeId()");
        scope.regenerate(this, true);
    }

    /** After the commit too: the store forgets the session at once, only the browser's cookie stays. */
    @Override
    public void destroy() {
        checkAlive();
        scope.checkNotEnded();
        scope.destroy(this);
    }

    @Override
    public void reload() {
        checkAlive();
        scope.checkNotEnded();
        scope.reload(this);
    }

    @Override
    public void save() {
        checkChange();
        scope.saveNow(this);
    }

    @Override
    public void touch() {
        checkChange();
        cookie.resetExpiry(scope.now());
        forceTouch = true;
    }

    /** Makes {@code cookie} this session's cookie, guarded like the session itself. */
    void attach(CookieState cookie) {
        this.cookie = cookie;
        cookie.guard(real -> {
            checkAlive();
            if (real && scope.restrictsChanges()) {
                scope.allowCookieChange();
            }
        });
    }

    /** Whether the session's cookie counts as changed by the application in this request. */
    boolean cookieChanged() {
        return cookieChangedBeforeSave || cookie.changed();
    }

    void checkAlive() {
        if (!alive) {
            throw new IllegalStateException("this session was destroyed or unset; ask for the request's session again");
        }
    }

    private void checkChange() {
        checkAlive();
        if (scope.restrictsChanges()) {
            scope.allowChange(this);
        }
    }

    @Override
    public String toString() {
        return "Session[" + LogIds.hash(id) + "]";
    }
}
