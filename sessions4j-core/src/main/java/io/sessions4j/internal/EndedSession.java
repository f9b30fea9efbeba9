package io.sessions4j.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sessions4j.Session;
import io.sessions4j.SessionCookie;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A session that has ended (destroyed or expired), as lifecycle listeners see it: what it held, readable;
 * every change throws {@link IllegalStateException}.
 */
final class EndedSession implements Session {
    private final String id;
    private final CookieState cookie;
    private final SessionData data;
    private final Instant created;
    private final Instant lastAccessed;
    private final boolean isNew;
    private final String principal;

    EndedSession(String id, CookieState cookie, SessionData data, Instant created, Instant lastAccessed,
            boolean isNew, String principal) {
        this.principal = principal;
        this.id = id;
        this.cookie = cookie.copy();
        this.cookie.guard(real -> {
            throw ended();
        });
        this.data = data;
        this.created = created;
        this.lastAccessed = lastAccessed;
        this.isNew = isNew;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<Object> get(String key) {
        return data.get(key);
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        return data.get(key, type);
    }

    @Override
    public <T> Optional<T> get(String key, TypeReference<T> type) {
        return data.get(key, type);
    }

    @Override
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public Session principal(String principal) {
        throw ended();
    }

    @Override
    public Set<String> keys() {
        return data.keys();
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @Override
    public SessionCookie cookie() {
        return cookie;
    }

    @Override
    public Instant createdAt() {
        return created;
    }

    @Override
    public Instant lastAccessedAt() {
        return lastAccessed;
    }

    @Override
    public Session put(String key, Object value) {
        throw ended();
    }

    @Override
    public Session remove(String key) {
        throw ended();
    }

    @Override
    public void regenerate() {
        throw ended();
    }

    @Override
    public void changeId() {
        throw ended();
    }

    @Override
    public void destroy() {
        throw ended();
    }

    @Override
    public void reload() {
        throw ended();
    }

    @Override
    public void save() {
        throw ended();
    }

    @Override
    public void touch() {
        throw ended();
    }

    private static IllegalStateException ended() {
        return new IllegalStateException("this session has ended (destroyed or expired): it can be read, not changed");
    }

    @Override
    public String toString() {
        return "EndedSession[" + LogIds.hash(id) + "]";
    }
}
