package io.sessions4j.internal;

import io.sessions4j.spi.SessionObserver;
import java.util.function.Supplier;

/**
 * Where every store call of the engine is timed for the observer: one place, so that without an observer
 * no call reads the clock, and with one no call goes unmeasured.
 */
final class StoreTiming {
    private final String store;
    private final SessionObserver observer;
    private final boolean active;

    StoreTiming(String store, SessionObserver observer) {
        this.store = store;
        this.observer = observer;
        this.active = Observers.active(observer);
    }

    /** Runs one store operation, reporting its duration and whether it returned; its failure is rethrown. */
    <T> T run(String operation, Supplier<T> op) {
        if (!active) {
            return op.get();
        }
        long start = System.nanoTime();
        boolean success = false;
        try {
            T result = op.get();
            success = true;
            return result;
        } finally {
            observer.storeOperation(store, operation, success, System.nanoTime() - start);
        }
    }
}
