package io.sessions4j;

/**
 * Told about the life of sessions: when one is first stored, destroyed by the application, expired by the
 * store, or given a new id. Register it with {@link SessionConfig.Builder#listener(SessionListener)}.
 *
 * <pre>{@code
 * SessionConfig config = SessionConfig.builder()
 *         .secrets(secret)
 *         .listener(new SessionListener() {
 *             public void expired(SessionEvent event) {
 *                 audit.log("session ended", event);
 *             }
 *         })
 *         .build();
 * }</pre>
 *
 * <p>{@link #created}, {@link #destroyed} and {@link #idChanged} run on the request's thread, in the call
 * that caused them; {@link #expired} runs on a thread of the store. Every session that was created ends in
 * exactly one {@link #destroyed} or {@link #expired}, as far as its store can report expiry
 * ({@link io.sessions4j.spi.SessionStore#addExpiryListener}: the {@link MemoryStore}, the JDBC store with a prune
 * schedule and the Redis store do). A listener that
 * throws is logged and skipped; the request goes on.
 */
public interface SessionListener {

    /**
     * A new session was stored for the first time (at the end of the request that made it, or at its
     * explicit {@link Session#save()}). {@link SessionEvent#session()} is the live session.
     *
     * @param event what happened, to which session
     */
    default void created(SessionEvent event) {
    }

    /**
     * The application ended a stored session: {@link Session#destroy()}, {@link Session#regenerate()} (for the
     * old id), an {@code unset} with {@link Unset#DESTROY}, or a cookie whose {@code maxAge} it set to zero.
     * {@link SessionEvent#session()} shows what the session held, read-only.
     *
     * @param event what happened, to which session
     */
    default void destroyed(SessionEvent event) {
    }

    /**
     * A stored session timed out: the store dropped it on its own (its expiry, or the memory store's size
     * bound), or the engine refused it for passing {@link SessionConfig#maxLifetime()}.
     * {@link SessionEvent#session()} shows, read-only, what the store last held, when it still had it.
     *
     * @param event what happened, to which session
     */
    default void expired(SessionEvent event) {
    }

    /**
     * A stored session moved to a new id with its data ({@link Session#changeId()}); the old id is gone from
     * the store. {@link SessionEvent#previousId()} is the old id, {@link SessionEvent#session()} the live
     * session under its new id.
     *
     * @param event what happened, to which session
     */
    default void idChanged(SessionEvent event) {
    }
}
