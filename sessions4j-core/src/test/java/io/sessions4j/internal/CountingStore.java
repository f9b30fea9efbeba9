package io.sessions4j.internal;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.testing.ForwardingStore;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real store to record the calls the engine makes, and to make chosen operations fail. Only for
 * unit-testing the engine's decisions.
 */
final class CountingStore extends ForwardingStore {
    private final List<String> calls = new ArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    CountingStore(SessionStore delegate) {
        super(delegate);
    }

    /** The operations called so far, in order ({@code get}, {@code set}, {@code replace}, ...). */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized void reset() {
        calls.clear();
    }

    /** The next {@code times} calls of {@code operation} throw. */
    void failNext(String operation, int times) {
        failures.put(operation, new AtomicInteger(times));
    }

    private void record(String operation) {
        synchronized (this) {
            calls.add(operation);
        }
        AtomicInteger left = failures.get(operation);
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException("injected failure of " + operation);
        }
    }

    @Override
    public String name() {
        return "CountingStore";
    }

    @Override
    public Optional<StoredSession> get(String id) {
        record("get");
        return super.get(id);
    }

    @Override
    public Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        record("get");
        return delegate().getAndTouch(id, touch);
    }

    @Override
    public void set(String id, StoredSession session) {
        record("set");
        super.set(id, session);
    }

    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        record("replace");
        return super.replace(id, expectedJson, session);
    }

    @Override
    public boolean touch(String id, Instant expires) {
        record("touch");
        return super.touch(id, expires);
    }

    @Override
    public void destroy(String id) {
        record("destroy");
        super.destroy(id);
    }

    /** Engine tests judge this JVM's serialization alone: the store's locks are not passed on. */
    @Override
    public Optional<StoreLocks> locks() {
        return Optional.empty();
    }
}
