package io.sessions4j.tck;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * The store under test seen as a "second instance" when the store lives in one object: every call goes to it,
 * and closing this view leaves it open.
 */
final class SharedStore implements SessionStore {
    private final SessionStore store;

    SharedStore(SessionStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public Optional<StoredSession> get(String id) {
        return store.get(id);
    }

    @Override
    public Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        return store.getAndTouch(id, touch);
    }

    @Override
    public void set(String id, StoredSession session) {
        store.set(id, session);
    }

    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        return store.replace(id, expectedJson, session);
    }

    @Override
    public boolean touch(String id, Instant expires) {
        return store.touch(id, expires);
    }

    @Override
    public void destroy(String id) {
        store.destroy(id);
    }

    @Override
    public Optional<StoreLocks> locks() {
        return store.locks();
    }
}
