package io.sessions4j.internal;

import io.sessions4j.SessionEvent;
import io.sessions4j.SessionListener;
import io.sessions4j.spi.StoredSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link SessionListener}s of one engine what happens to sessions. Without listeners every call is
 * a no-op that builds nothing. The store's expiry reports are asked for when the first listener arrives.
 */
final class LifecycleEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleEvents.class);

    private final Engine engine;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean expiryRequested = new AtomicBoolean();

    LifecycleEvents(Engine engine) {
        this.engine = engine;
    }

    void add(SessionListener listener) {
        listeners.add(listener);
        if (expiryRequested.compareAndSet(false, true)) {
            engine.config().store().addExpiryListener(this::expired);
        }
    }

    void remove(SessionListener listener) {
        listeners.remove(listener);
    }

    void created(SessionImpl s) {
        if (!listeners.isEmpty()) {
            fire(SessionEvent.created(s), SessionListener::created);
        }
    }

    void idChanged(String previousId, SessionImpl s) {
        if (!listeners.isEmpty()) {
            fire(SessionEvent.idChanged(previousId, s), SessionListener::idChanged);
        }
    }

    /** {@code s} is being destroyed by the application; listeners get a read-only copy of what it holds. */
    void destroyed(SessionImpl s) {
        if (!listeners.isEmpty()) {
            EndedSession ended = new EndedSession(s.id, s.cookie, s.data, s.created,
                    engine.lastAccessed(s.cookie, s.created, s.storedExpiry), s.isNew, s.principal);
            fire(SessionEvent.destroyed(ended), SessionListener::destroyed);
        }
    }

    /** Whether anyone listens: work done only for the events (reading data first) can be skipped otherwise. */
    boolean active() {
        return !listeners.isEmpty();
    }

    /**
     * A stored session timed out; {@code last} is what the store held, if it still had it. A store that kept
     * only whose session it was reports a record with empty text and that principal (Redis).
     */
    void expired(String id, Optional<StoredSession> last) {
        if (!listeners.isEmpty()) {
            EndedSession ended = last.map(stored -> ended(id, stored)).orElse(null);
            fire(ended != null ? SessionEvent.expired(id, ended)
                    : SessionEvent.endedWithoutData(SessionEvent.Type.EXPIRED, id,
                            last.map(StoredSession::principal).orElse(null)), SessionListener::expired);
        }
    }

    /**
     * Sessions of {@code principal} the store ended to make room under its limit ({@link
     * io.sessions4j.PrincipalLimit.Policy#END_OLDEST}); {@code read} holds what was read of them just before the
     * admission, and a session missing from it is reported with its principal only.
     */
    void endedByLimit(List<String> ids, String principal, Map<String, StoredSession> read) {
        if (!listeners.isEmpty()) {
            for (String id : ids) {
                StoredSession last = read.get(id);
                EndedSession ended = last != null ? ended(id, last) : null;
                fire(ended != null ? SessionEvent.destroyed(ended)
                        : SessionEvent.endedWithoutData(SessionEvent.Type.DESTROYED, id, principal),
                        SessionListener::destroyed);
            }
        }
    }

    /** A stored session the application ended outside a request ({@link io.sessions4j.UserSessions}). */
    void destroyed(String id, StoredSession last) {
        if (!listeners.isEmpty()) {
            EndedSession ended = ended(id, last);
            if (ended != null) {
                fire(SessionEvent.destroyed(ended), SessionListener::destroyed);
            }
        }
    }

    /** The session in a stored record, read-only; null when the record cannot be read. */
    private EndedSession ended(String id, StoredSession stored) {
        if (stored.json().isEmpty()) {
            return null;
        }
        SessionJson.Parsed parsed;
        try {
            parsed = engine.json().parse(stored.json(), engine.config().clock());
        } catch (SessionJson.CorruptSessionException e) {
            LOG.debug("expired session {} held unreadable data: {}", LogIds.lazy(id), e.getMessage());
            return null;
        }
        Instant created = parsed.created();
        Instant lastAccessed = engine.lastAccessed(parsed.cookie(), created != null ? created : Instant.EPOCH,
                stored.expires());
        return new EndedSession(id, parsed.cookie(), new SessionData(engine.values(), parsed.data(), parsed.types()),
                created != null ? created : lastAccessed, lastAccessed, false, parsed.principal());
    }

    private void fire(SessionEvent event, BiConsumer<SessionListener, SessionEvent> call) {
        for (SessionListener listener : listeners) {
            try {
                call.accept(listener, event);
            } catch (RuntimeException e) {
                LOG.warn("session listener {} failed on {}: {}", listener.getClass().getName(), event, e.toString());
                LOG.debug("session listener failure", e);
            }
        }
    }
}
