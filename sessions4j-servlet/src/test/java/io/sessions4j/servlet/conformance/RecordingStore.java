package io.sessions4j.servlet.conformance;

import io.sessions4j.MemoryStore;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A store decorator that counts the engine's calls per operation and can make them fail ("boom!", as
 * express-session's tests do), slow them down, or rewrite what {@code get} returns. The counting-store
 * twin of express's {@code shouldSetSessionInStore}/{@code store.get = function(){...}} patches, with
 * what the conformance tests need beyond the shared harness (delays, read rewriting, peeking without
 * counting).
 */
final class RecordingStore implements SessionStore {
    enum Op { GET, SET, REPLACE, TOUCH, DESTROY }

    private final SessionStore delegate;
    private final Map<Op, AtomicInteger> counts = new EnumMap<>(Op.class);
    private final Set<Op> failing = ConcurrentHashMap.newKeySet();
    private final Map<Op, Duration> delays = new ConcurrentHashMap<>();
    private volatile UnaryOperator<Optional<StoredSession>> readRewrite = UnaryOperator.identity();

    RecordingStore(SessionStore delegate) {
        this.delegate = delegate;
        for (Op op : Op.values()) {
            counts.put(op, new AtomicInteger());
        }
    }

    /** A counting store over a {@link MemoryStore} on the given clock. */
    static RecordingStore memory(Clock clock) {
        return new RecordingStore(MemoryStore.builder().clock(clock).build());
    }

    int count(Op op) {
        return counts.get(op).get();
    }

    /** Saves of any kind: {@code set} (never-stored session) plus {@code replace} (compare-and-set). */
    int writes() {
        return count(Op.SET) + count(Op.REPLACE);
    }

    int total() {
        int sum = 0;
        for (AtomicInteger c : counts.values()) {
            sum += c.get();
        }
        return sum;
    }

    void resetCounts() {
        counts.values().forEach(c -> c.set(0));
    }

    void fail(Op... ops) {
        failing.addAll(Set.of(ops));
    }

    void heal() {
        failing.clear();
    }

    void delay(Op op, Duration delay) {
        delays.put(op, delay);
    }

    /** Changes what {@code get} answers (after the delegate answered), e.g. to return an expired record. */
    void rewriteReads(UnaryOperator<Optional<StoredSession>> rewrite) {
        this.readRewrite = rewrite;
    }

    /** The record as the delegate holds it, without counting. */
    Optional<StoredSession> peek(String id) {
        return delegate.get(id);
    }

    /** Writes a record directly, without counting (express tests' {@code store.set(sid, ...)}). */
    void put(String id, String json, Instant expires) {
        delegate.set(id, new StoredSession(json, expires));
    }

    private void enter(Op op) {
        counts.get(op).incrementAndGet();
        Duration d = delays.get(op);
        if (d != null) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failing.contains(op)) {
            throw new IllegalStateException("boom!");
        }
    }

    @Override
    public String name() {
        return "RecordingStore";
    }

    @Override
    public Optional<StoredSession> get(String id) {
        enter(Op.GET);
        return readRewrite.apply(delegate.get(id));
    }

    @Override
    public void set(String id, StoredSession session) {
        enter(Op.SET);
        delegate.set(id, session);
    }

    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        enter(Op.REPLACE);
        return delegate.replace(id, expectedJson, session);
    }

    @Override
    public boolean touch(String id, Instant expires) {
        enter(Op.TOUCH);
        return delegate.touch(id, expires);
    }

    @Override
    public void destroy(String id) {
        enter(Op.DESTROY);
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
    public void close() {
        delegate.close();
    }
}
