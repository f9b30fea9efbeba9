package io.sessions4j.internal;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.time.Instant;
import java.util.Optional;

/** A store that passes every call to another one; tests override the calls whose behaviour they change. */
abstract class ForwardingStore implements SessionStore {
    private final SessionStore delegate;

    ForwardingStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    SessionStore delegate() {
        return delegate;
    }

    @Override
    public Optional<StoredSession> get(String id) {
        return delegate.get(id);
    }

    @Override
    public Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        return delegate.getAndTouch(id, touch);
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
    public Optional<StoreLocks> locks() {
        return delegate.locks();
    }
}
