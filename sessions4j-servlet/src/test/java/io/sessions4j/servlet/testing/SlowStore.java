package io.sessions4j.servlet.testing;

import io.sessions4j.MemoryStore;
import io.sessions4j.spi.ExpiryListener;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A memory store whose every call blocks for a while, as a network store's calls do, and that records each
 * call made while the calling thread held a monitor ({@code synchronized}) locked by sessions4j code: on JDK
 * 21 to 23 such a call pins a virtual thread to its carrier for as long as the store takes. Monitors are read
 * with {@link java.lang.management.ThreadMXBean}, which sees platform threads only.
 */
public final class SlowStore implements SessionStore {
    private final SessionStore delegate = new MemoryStore();
    private final Duration delay;
    private final List<String> callsUnderMonitor = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    public SlowStore(Duration delay) {
        this.delay = delay;
    }

    /** The calls made while a sessions4j frame held a monitor: the operation and where it was locked. */
    public List<String> callsUnderMonitor() {
        return List.copyOf(callsUnderMonitor);
    }

    public int calls() {
        return calls.get();
    }

    private void enter(String operation) {
        calls.incrementAndGet();
        ThreadInfo info = ManagementFactory.getThreadMXBean()
                .getThreadInfo(new long[] {Thread.currentThread().getId()}, true, false)[0];
        if (info != null) {
            for (MonitorInfo monitor : info.getLockedMonitors()) {
                StackTraceElement frame = monitor.getLockedStackFrame();
                if (frame != null && frame.getClassName().startsWith("io.sessions4j.")) {
                    callsUnderMonitor.add(operation + " under " + describe(monitor) + " locked in " + frame);
                }
            }
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(LockInfo lock) {
        return lock.getClassName();
    }

    @Override
    public Optional<StoredSession> get(String id) {
        enter("get");
        return delegate.get(id);
    }

    @Override
    public Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        enter("get");
        return delegate.getAndTouch(id, touch);
    }

    @Override
    public void set(String id, StoredSession session) {
        enter("set");
        delegate.set(id, session);
    }

    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        enter("replace");
        return delegate.replace(id, expectedJson, session);
    }

    @Override
    public boolean touch(String id, Instant expires) {
        enter("touch");
        return delegate.touch(id, expires);
    }

    @Override
    public void destroy(String id) {
        enter("destroy");
        delegate.destroy(id);
    }

    @Override
    public boolean addExpiryListener(ExpiryListener listener) {
        return delegate.addExpiryListener(listener);
    }
}
