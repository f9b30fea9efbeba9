package io.sessions4j.servlet.conformance;

import io.sessions4j.MemoryStore;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.spi.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.testing.ForwardingStore;

/**
 * What the conformance tests need from a store beyond the shared {@link CountingStore} (which sits on top
 * of this one and does the counting and failure injection): slow writes (express's
 * {@code shouldSetSessionInStore(store, 200)}), rewriting what {@code get} answers (a store that ignores
 * expiry, or loses a record), and writing records behind the engine's back (express's
 * {@code store.set(sid, {foo: 'bar'})}).
 */
final class TweakableStore extends ForwardingStore {
    private final SessionStore delegate;
    private volatile Duration setDelay = Duration.ZERO;
    private volatile UnaryOperator<Optional<StoredSession>> readRewrite = UnaryOperator.identity();

    TweakableStore(SessionStore delegate) {
        super(delegate);
        this.delegate = delegate;
    }

    /** A counting store over a tweakable {@link MemoryStore} on the test clock. */
    static CountingStore counting(Clock clock) {
        return new CountingStore(new TweakableStore(MemoryStore.builder().clock(clock).build()));
    }

    /** The tweakable layer under a store made by {@link #counting}. */
    static TweakableStore of(CountingStore store) {
        return (TweakableStore) store.delegate();
    }

    /** Live records, without counting a call. */
    static long length(CountingStore store) {
        return store.delegate().length();
    }

    /** Saves of either kind: {@code set} (never stored) or {@code replace} (compare-and-set). */
    static int writes(CountingStore store) {
        return store.count(CountingStore.Op.SET) + store.count(CountingStore.Op.REPLACE);
    }

    void delaySets(Duration delay) {
        this.setDelay = delay;
    }

    void rewriteReads(UnaryOperator<Optional<StoredSession>> rewrite) {
        this.readRewrite = rewrite;
    }

    /** Writes a record directly (no engine, no counting). */
    void put(String id, String json, Instant expires) {
        delegate.set(id, new StoredSession(json, expires));
    }

    @Override
    public String name() {
        return "TweakableStore";
    }

    @Override
    public Optional<StoredSession> get(String id) {
        return readRewrite.apply(delegate.get(id));
    }

    @Override
    public void set(String id, StoredSession session) {
        if (!setDelay.isZero()) {
            try {
                Thread.sleep(setDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        delegate.set(id, session);
    }
}
