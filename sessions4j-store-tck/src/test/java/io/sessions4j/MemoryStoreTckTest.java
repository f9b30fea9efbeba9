package io.sessions4j;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.tck.SessionStoreTck;

/** The memory store passes the store TCK. */
class MemoryStoreTckTest extends SessionStoreTck {
    @Override
    protected SessionStore createStore() {
        return new MemoryStore();
    }

    @Override
    protected java.time.Duration expiryPrecision() {
        return java.time.Duration.ofMillis(50);
    }
}
