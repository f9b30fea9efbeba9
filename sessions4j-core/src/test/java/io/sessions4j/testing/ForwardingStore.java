package io.sessions4j.testing;

import io.sessions4j.spi.ExpiryListener;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.StoredSession;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store that passes every call to another one; tests override the calls whose behaviour they change.
 * {@code getAndTouch} is left to its default, {@code get}, so that overriding {@code get} changes loads too.
 * Published in core's test jar for the other modules' tests.
 */
public abstract class ForwardingStore implements SessionStore {
    private final SessionStore delegate;

    protected ForwardingStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    public SessionStore delegate() {
        return delegate;
    }

    @Override
    public Optional<StoredSession> get(String id) {
        return delegate.get(id);
    }

    @Override
    public void set(String id, StoredSession session) {
        delegate.set(id, session);
    }

    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        return delegate.replace(id, expectedJson, session);
    }

    @Override
    public boolean touch(String id, Instant expires) {
        return delegate.touch(id, expires);
    }

    @Override
    public void destroy(String id) {
        delegate.destroy(id);
    }

    @Override
    public long length() {
        return delegate.length();
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public Stream<String> ids() {
        return delegate.ids();
    }

    @Override
    public Optional<StoreLocks> locks() {
        return delegate.locks();
    }

    @Override
    public boolean addExpiryListener(ExpiryListener listener) {
        return delegate.addExpiryListener(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
