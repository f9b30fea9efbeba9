package io.sessions4j.servlet.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link CountingStore#beforeEachCall} hook that makes every store call block for a while, as a network
 * store's calls do, and records each call made while the calling thread held a monitor ({@code synchronized})
 * locked by sessions4j code: on JDK 21 to 23 such a call pins a virtual thread to its carrier for as long as
 * the store takes. Monitors are read with {@link java.lang.management.ThreadMXBean}, which sees platform
 * threads only.
 */
public final class StoreCallProbe implements Consumer<CountingStore.Op> {
    private final Duration delay;
    private final List<String> callsUnderMonitor = new CopyOnWriteArrayList<>();

    public StoreCallProbe(Duration delay) {
        this.delay = delay;
    }

    /** The calls made while a sessions4j frame held a monitor: the operation, the monitor, where it was locked. */
    public List<String> callsUnderMonitor() {
        return List.copyOf(callsUnderMonitor);
    }

    @Override
    public void accept(CountingStore.Op op) {
        ThreadInfo info = ManagementFactory.getThreadMXBean()
                .getThreadInfo(new long[] {Thread.currentThread().getId()}, true, false)[0];
        if (info != null) {
            for (MonitorInfo monitor : info.getLockedMonitors()) {
                StackTraceElement frame = monitor.getLockedStackFrame();
                if (frame != null && frame.getClassName().startsWith("io.sessions4j.")) {
                    callsUnderMonitor.add(op.methodName() + " under " + monitor.getClassName() + " locked in " + frame);
                }
            }
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
