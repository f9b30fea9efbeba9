package io.sessions4j.internal;

import io.sessions4j.spi.SessionObserver;
import java.util.ArrayList;
import java.util.List;

/** Writes down every observer call as a short line ({@code loaded HIT}, {@code store get ok}...), in order. */
final class RecordingObserver implements SessionObserver {
    private final List<String> events = new ArrayList<>();
    final List<Integer> savedBytes = new ArrayList<>();

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized void clear() {
        events.clear();
        savedBytes.clear();
    }

    private synchronized void add(String event) {
        events.add(event);
    }

    @Override
    public void storeOperation(String store, String operation, boolean success, long nanos) {
        if (nanos < 0) {
            throw new AssertionError("negative duration " + nanos);
        }
        add("store " + operation + (success ? " ok" : " failed"));
    }

    @Override
    public void loaded(LoadResult result) {
        add("loaded " + result);
    }

    @Override
    public void sessionCreated() {
        add("created");
    }

    @Override
    public synchronized void saved(int bytes) {
        savedBytes.add(bytes);
        add("saved");
    }

    @Override
    public void touched() {
        add("touched");
    }

    @Override
    public void touchSkipped() {
        add("touch skipped");
    }

    @Override
    public void mergeConflict() {
        add("merge conflict");
    }

    @Override
    public void mergeRetry() {
        add("merge retry");
    }

    @Override
    public void lockWaited(long nanos) {
        add("lock waited");
    }

    @Override
    public void lockTimedOut() {
        add("lock timed out");
    }

    @Override
    public void failed(FailureCause cause, FailureResponse response) {
        add("failed " + cause + " " + response);
    }

    @Override
    public void rejected(Rejection reason) {
        add("rejected " + reason);
    }
}
