package io.sessions4j.spi;

/** The observer of an engine with none registered: a single instance, so the engine can tell and skip timing. */
final class NoObserver implements SessionObserver {
    static final NoObserver INSTANCE = new NoObserver();

    private NoObserver() {
    }
}
