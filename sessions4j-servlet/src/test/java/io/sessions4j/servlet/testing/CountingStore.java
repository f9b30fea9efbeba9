package io.sessions4j.servlet.testing;

import io.sessions4j.MemoryStore;
import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A {@link SessionStore} decorator for tests: counts and logs every call per operation, can be told to fail
 * the next N calls of an operation with {@link SessionStoreException}, and can hold the next call of an
 * operation until the test releases it (to prove what the client did or did not receive meanwhile).
 *
 * <pre>{@code
 * CountingStore store = new CountingStore();               // around a fresh MemoryStore
 * SessionConfig config = SessionConfig.builder().secrets(SECRET).store(store).build();
 * ...
 * assertThat(store.calls()).containsExactly("get", "set");
 * store.failNext(CountingStore.Op.SET, 1);                 // the next set throws SessionStoreException
 * CountingStore.Gate gate = store.blockNext(CountingStore.Op.SET);
 * gate.awaitEntered();  ...  gate.release();
 * }</pre>
 *
 * <p>{@code getAndTouch} counts as {@link Op#GET}. Injected failures and gates apply before the delegate is
 * called, so a failed or blocked call changes nothing in the delegate until released.
 */
public final class CountingStore implements SessionStore {

    /** The store operations, named in {@link #calls()} by their lower-case method names. */
    public enum Op {
        GET, SET, REPLACE, TOUCH, DESTROY, LENGTH, CLEAR, IDS;

        public String methodName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final SessionStore delegate;
    private final Map<Op, AtomicInteger> counts = new EnumMap<>(Op.class);
    private final Map<Op, AtomicInteger> failures = new EnumMap<>(Op.class);
    private final Map<Op, Gate> gates = new EnumMap<>(Op.class);
    private final List<String> calls = new ArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile Consumer<Op> beforeEachCall = op -> { };

    /** Around a fresh {@link MemoryStore}. */
    public CountingStore() {
        this(new MemoryStore());
    }

    public CountingStore(SessionStore delegate) {
        this.delegate = delegate;
        for (Op op : Op.values()) {
            counts.put(op, new AtomicInteger());
            failures.put(op, new AtomicInteger());
        }
    }

    public SessionStore delegate() {
        return delegate;
    }

    /** Runs {@code hook} first in every call, on the calling thread, before anything else this store does. */
    public CountingStore beforeEachCall(Consumer<Op> hook) {
        this.beforeEachCall = hook;
        return this;
    }

    /** How many times an operation was called (failed calls included). */
    public int count(Op op) {
        return counts.get(op).get();
    }

    /** Every call so far, in order, by method name: {@code get}, {@code set}, {@code replace}, {@code touch}, {@code destroy}... */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Total number of calls of every operation. */
    public synchronized int totalCalls() {
        return calls.size();
    }

    /** Forgets counts and the call log (not failures or gates, nor the data). */
    public synchronized void resetCounts() {
        calls.clear();
        counts.values().forEach(c -> c.set(0));
    }

    /** The next {@code times} calls of {@code op} throw {@link SessionStoreException} without reaching the delegate. */
    public void failNext(Op op, int times) {
        failures.get(op).set(times);
    }

    /** Every call of {@code op} fails until {@link #heal()}. */
    public void failAlways(Op op) {
        failNext(op, Integer.MAX_VALUE);
    }

    /** Stops all injected failures. */
    public void heal() {
        failures.values().forEach(f -> f.set(0));
    }

    /**
     * The next call of {@code op} waits (on the calling server thread) until {@link Gate#release()}; later calls
     * pass. The gate gives up after 30 seconds so a broken test cannot hang the build.
     */
    public synchronized Gate blockNext(Op op) {
        Gate gate = new Gate();
        gates.put(op, gate);
        return gate;
    }

    /** A held store call: the test waits until the server entered it, checks the world, then releases it. */
    public static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until the server thread is inside the held call. */
        public void awaitEntered() throws InterruptedException {
            if (!entered.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the store call was not made within 10 seconds");
            }
        }

        public boolean hasEntered() {
            return entered.getCount() == 0;
        }

        public void release() {
            released.countDown();
        }

        void hold() {
            entered.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T call(Op op, Supplier<T> action) {
        beforeEachCall.accept(op);
        Gate gate;
        synchronized (this) {
            counts.get(op).incrementAndGet();
            calls.add(op.methodName());
            gate = gates.remove(op);
        }
        if (gate != null) {
            gate.hold();
        }
        AtomicInteger failing = failures.get(op);
        if (failing.getAndUpdate(n -> n > 0 ? (n == Integer.MAX_VALUE ? n : n - 1) : 0) > 0) {
            throw new SessionStoreException(name(), op.methodName(), "injected failure", null);
        }
        return action.get();
    }

    @Override
    public String name() {
        return "CountingStore";
    }

    @Override
    public Optional<StoredSession> get(String id) {
        return call(Op.GET, () -> delegate.get(id));
    }

    @Override
    public Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        return call(Op.GET, () -> delegate.getAndTouch(id, touch));
    }

    @Override
    public void set(String id, StoredSession session) {
        call(Op.SET, () -> {
            delegate.set(id, session);
            return null;
        });
    }

    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        return call(Op.REPLACE, () -> delegate.replace(id, expectedJson, session));
    }

    @Override
    public boolean touch(String id, Instant expires) {
        return call(Op.TOUCH, () -> delegate.touch(id, expires));
    }

    @Override
    public void destroy(String id) {
        call(Op.DESTROY, () -> {
            delegate.destroy(id);
            return null;
        });
    }

    @Override
    public long length() {
        return call(Op.LENGTH, delegate::length);
    }

    @Override
    public void clear() {
        call(Op.CLEAR, () -> {
            delegate.clear();
            return null;
        });
    }

    @Override
    public Stream<String> ids() {
        return call(Op.IDS, delegate::ids);
    }

    @Override
    public boolean addExpiryListener(io.sessions4j.spi.ExpiryListener listener) {
        return delegate.addExpiryListener(listener);
    }

    /** The data as the delegate holds it, without counting a call (for assertions). */
    public Optional<StoredSession> peek(String id) {
        return delegate.get(id);
    }

    /** {@return how often {@link #close()} was called} Not one of {@link #calls()}. */
    public int closeCount() {
        return closes.get();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        delegate.close();
    }
}
