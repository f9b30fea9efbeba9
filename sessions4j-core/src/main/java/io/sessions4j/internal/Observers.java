package io.sessions4j.internal;

import io.sessions4j.spi.SessionObserver;
import java.util.List;

/** The one observer the engine reports to: none, the only one registered, or all of them in order. */
final class Observers implements SessionObserver {
    private final SessionObserver[] all;

    private Observers(List<SessionObserver> all) {
        this.all = all.toArray(new SessionObserver[0]);
    }

    static SessionObserver of(List<SessionObserver> observers) {
        if (observers.isEmpty()) {
            return SessionObserver.none();
        }
        return observers.size() == 1 ? observers.get(0) : new Observers(observers);
    }

    /** Whether anyone listens: without, the engine reads no clock and measures no size for observers. */
    static boolean active(SessionObserver observer) {
        return observer != SessionObserver.none();
    }

    @Override
    public void storeOperation(String store, String operation, boolean success, long nanos) {
        for (SessionObserver o : all) {
            o.storeOperation(store, operation, success, nanos);
        }
    }

    @Override
    public void loaded(LoadResult result) {
        for (SessionObserver o : all) {
            o.loaded(result);
        }
    }

    @Override
    public void sessionCreated() {
        for (SessionObserver o : all) {
            o.sessionCreated();
        }
    }

    @Override
    public void saved(int bytes) {
        for (SessionObserver o : all) {
            o.saved(bytes);
        }
    }

    @Override
    public void touched() {
        for (SessionObserver o : all) {
            o.touched();
        }
    }

    @Override
    public void touchSkipped() {
        for (SessionObserver o : all) {
            o.touchSkipped();
        }
    }

    @Override
    public void mergeConflict() {
        for (SessionObserver o : all) {
            o.mergeConflict();
        }
    }

    @Override
    public void mergeRetry() {
        for (SessionObserver o : all) {
            o.mergeRetry();
        }
    }

    @Override
    public void lockWaited(long nanos) {
        for (SessionObserver o : all) {
            o.lockWaited(nanos);
        }
    }

    @Override
    public void lockTimedOut() {
        for (SessionObserver o : all) {
            o.lockTimedOut();
        }
    }

    @Override
    public void failed(FailureCause cause, FailureResponse response) {
        for (SessionObserver o : all) {
            o.failed(cause, response);
        }
    }

    @Override
    public void rejected(Rejection reason) {
        for (SessionObserver o : all) {
            o.rejected(reason);
        }
    }
}
