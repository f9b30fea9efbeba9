package io.sessions4j.spring.boot;

import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.SessionStore;
import java.util.UUID;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The session store's health: one read of an id that exists nowhere (cheap on every store, and it goes the whole
 * way to the backend). UP with the store's name; DOWN with the store's name and the failure when the store throws.
 */
final class SessionStoreHealthIndicator extends AbstractHealthIndicator {
    private final SessionStore store;

    SessionStoreHealthIndicator(SessionStore store) {
        super("sessions4j store health check failed");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        String name = store.name();
        try {
            store.get("sessions4j-health-" + UUID.randomUUID());
            builder.up().withDetail("store", name);
        } catch (SessionStoreException e) {
            builder.down().withDetail("store", name).withDetail("error", e.getMessage());
        }
    }
}
