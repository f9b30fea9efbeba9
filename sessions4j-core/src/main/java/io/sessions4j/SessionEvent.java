package io.sessions4j;

import io.sessions4j.internal.LogIds;
import java.util.Objects;
import java.util.Optional;

/**
 * One moment in the life of a session, as given to a {@link SessionListener}. Its {@code toString()} shows a
 * hash of the id, never the id itself.
 */
public final class SessionEvent {

    /** What happened. */
    public enum Type {
        /** A new session was stored for the first time. */
        CREATED,
        /** The application ended a stored session. */
        DESTROYED,
        /** The store expired a session. */
        EXPIRED,
        /** A session got a new id. */
        ID_CHANGED
    }

    private final Type type;
    private final String id;
    private final String previousId;
    private final Session session;
    /** Whose session it was, for an ended session whose data the store no longer had. */
    private final String principal;

    private SessionEvent(Type type, String id, String previousId, Session session, String principal) {
        this.type = Objects.requireNonNull(type, "type");
        this.id = Objects.requireNonNull(id, "id");
        this.previousId = previousId;
        this.session = session;
        this.principal = principal;
    }

    /**
     * A session stored for the first time.
     *
     * @param session the live session
     * @return the event
     */
    public static SessionEvent created(Session session) {
        return new SessionEvent(Type.CREATED, session.id(), null, session, null);
    }

    /**
     * A session the application ended.
     *
     * @param ended the session as it was when it ended, read-only
     * @return the event
     */
    public static SessionEvent destroyed(Session ended) {
        return new SessionEvent(Type.DESTROYED, ended.id(), null, ended, null);
    }

    /**
     * A session the store expired.
     *
     * @param id the session's id
     * @param lastStored what the store last held, read-only; {@code null} when the store reported only the id
     * @return the event
     */
    public static SessionEvent expired(String id, Session lastStored) {
        return new SessionEvent(Type.EXPIRED, id, null, lastStored, null);
    }

    /**
     * A session that ended, of which the store kept whose it was but not its data: a Redis expiry (the key and
     * its value are gone when the store notices), or a session another store ended to make room under a
     * {@link PrincipalLimit} before its data could be read.
     *
     * @param type {@link Type#DESTROYED} or {@link Type#EXPIRED}
     * @param id the session's id
     * @param principal whose session it was, or {@code null} when nobody's or unknown
     * @return the event, without a {@link #session()}
     * @throws IllegalArgumentException for another type
     */
    public static SessionEvent endedWithoutData(Type type, String id, String principal) {
        if (type != Type.DESTROYED && type != Type.EXPIRED) {
            throw new IllegalArgumentException("type: only an ended session (DESTROYED, EXPIRED), got " + type);
        }
        return new SessionEvent(type, id, null, null, principal);
    }

    /**
     * A session that got a new id.
     *
     * @param previousId the id it had before
     * @param session the live session, under its new id
     * @return the event
     */
    public static SessionEvent idChanged(String previousId, Session session) {
        return new SessionEvent(Type.ID_CHANGED, session.id(), Objects.requireNonNull(previousId, "previousId"),
                session, null);
    }

    /** {@return what happened} */
    public Type type() {
        return type;
    }

    /** {@return the session's id; for {@link Type#ID_CHANGED} the new one} */
    public String id() {
        return id;
    }

    /** {@return for {@link Type#ID_CHANGED}, the id the session had before} */
    public Optional<String> previousId() {
        return Optional.ofNullable(previousId);
    }

    /**
     * {@return whose session it was ({@link Session#principal(String)}), if known} Empty for nobody's session and
     * for an expiry reported by a store that kept neither the data nor the principal.
     */
    public Optional<String> principal() {
        return session != null ? session.principal() : Optional.ofNullable(principal);
    }

    /**
     * {@return the session, if known} Live for {@link Type#CREATED} and {@link Type#ID_CHANGED}; for
     * {@link Type#DESTROYED} and {@link Type#EXPIRED} a read-only copy of what it held (reads work, changes throw
     * {@link IllegalStateException}). Empty only for an ended session whose data the store no longer had
     * ({@link #endedWithoutData}; {@link #principal()} may still be known).
     */
    public Optional<Session> session() {
        return Optional.ofNullable(session);
    }

    @Override
    public String toString() {
        return "SessionEvent[" + type + " " + LogIds.hash(id) + "]";
    }
}
