package io.sessions4j.servlet.conformance;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/** A store that passes every call to another one; tests override the calls whose behaviour they change. */
abstract class ForwardingStore implements SessionStore {
    private final SessionStore delegate;

    ForwardingStore(SessionStore delegate) {
        this.delegate = delegate;
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
    public boolean addExpiryListener(io.sessions4j.spi.ExpiryListener listener) {
        return delegate.addExpiryListener(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
