package io.sessions4j.spi;

import io.sessions4j.SessionStoreException;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where sessions live between requests: a map from session id to {@link StoredSession}, with expiry.
 * The engine owns the JSON; a store keeps the text and honours the expiry. Every operation is blocking and
 * reports failure as {@link SessionStoreException} (naming the store and operation), never as a silent
 * "not found". Implementations must be thread-safe.
 *
 * <p>Two rules keep concurrent requests safe, and the store TCK ({@code sessions4j-store-tck}) checks both:
 * <ul>
 *   <li>{@link #replace} is an atomic compare-and-set on the JSON text;</li>
 *   <li>{@link #touch} and {@link #replace} never bring back a record that was destroyed or expired.</li>
 * </ul>
 * A store that can lock sessions across application instances offers {@link #locks()}; the engine then uses
 * them for {@link io.sessions4j.ConcurrencyMode#LOCK} and for saves that keep conflicting.
 */
public interface SessionStore extends AutoCloseable {

    /** {@return a short name for messages and logs, e.g. {@code RedisStore}} */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * The record, unless missing or expired. Unreadable data is the engine's concern; return the text. A
     * record that is not text at all (bytes that are not UTF-8, a NULL column) is returned with an empty
     * {@link StoredSession#json()}, which the engine treats as unreadable: never as text decoded with
     * replacement characters, which no compare-and-set could ever match.
     *
     * @param id the session id
     * @return the record; empty when it is missing or expired
     */
    Optional<StoredSession> get(String id);

    /**
     * Like {@link #get}, but also slides the record's expiry when {@code touch} says it is due, in the same
     * round trip where the backend allows it. The returned {@link StoredSession#expires()} is the expiry
     * after the touch. The default just reads; the engine then touches at the end of the request.
     *
     * @param id the session id
     * @param touch whether a touch is due, and the expiry it would set
     * @return the record; empty when it is missing or expired
     */
    default Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        return get(id);
    }

    /**
     * Inserts or overwrites the record (used for sessions that were never stored).
     *
     * @param id the session id
     * @param session the JSON and expiry to store
     */
    void set(String id, StoredSession session);

    /**
     * Overwrites the record only if its current JSON text is exactly {@code expectedJson}.
     *
     * @param id the session id
     * @param expectedJson the JSON text the caller last read or wrote
     * @param session the JSON and expiry to store
     * @return {@code false} when the record is missing, expired, or holds other text; nothing is written then
     */
    boolean replace(String id, String expectedJson, StoredSession session);

    /**
     * Moves an existing record's expiry to {@code expires} without changing its JSON.
     *
     * @param id the session id
     * @param expires the new expiry
     * @return {@code false} when the record is missing or expired; it is never created
     */
    boolean touch(String id, Instant expires);

    /**
     * Deletes the record; no effect when missing.
     *
     * @param id the session id
     */
    void destroy(String id);

    /**
     * {@return how many live records there are} Optional capability.
     *
     * @throws UnsupportedOperationException if the store cannot count
     */
    default long length() {
        throw new UnsupportedOperationException(name() + " does not support length()");
    }

    /**
     * Deletes every record of this store (and only of this store: its prefix or table). Optional capability.
     *
     * @throws UnsupportedOperationException if the store cannot clear
     */
    default void clear() {
        throw new UnsupportedOperationException(name() + " does not support clear()");
    }

    /**
     * The ids of live records, fetched lazily in batches where the backend allows it. Close the stream
     * (try-with-resources) when not read to the end. Optional capability.
     *
     * @return the ids, as a stream to close
     * @throws UnsupportedOperationException if the store cannot list its ids
     */
    default Stream<String> ids() {
        throw new UnsupportedOperationException(name() + " does not support ids()");
    }

    /**
     * {@return locks on this store's sessions that hold across every application instance sharing the store, if
     * the store has them} Empty (the default): the engine then serializes a session's requests within its own
     * JVM only, and {@link io.sessions4j.ConcurrencyMode#LOCK} is exact only with sticky routing.
     */
    default Optional<StoreLocks> locks() {
        return Optional.empty();
    }

    /**
     * {@return this store's index of sessions by principal, if it keeps one} Empty (the default): the
     * {@link io.sessions4j.UserSessions} API and {@link io.sessions4j.PrincipalLimit} are then unavailable.
     */
    default Optional<PrincipalIndex> principals() {
        return Optional.empty();
    }

    /**
     * Asks the store to report the records that leave it through its own expiry mechanism (a TTL, a size
     * bound, a prune job), so that the engine can tell {@link io.sessions4j.SessionListener#expired}.
     * Optional capability: the default returns {@code false} and never calls the listener.
     *
     * <p>A store that returns {@code true} reports each expired record <em>at least once</em> (a listener may
     * see one twice, never none), driven by its own expiry rather than by notifications that can be lost, on a
     * thread of its own, and never for a record removed by {@link #destroy}. The listener should return
     * quickly.
     *
     * @param listener told of each record the store expires
     * @return whether this store will report expiry to the listener
     */
    default boolean addExpiryListener(ExpiryListener listener) {
        return false;
    }

    /** Releases connections and threads the store owns. The default does nothing. */
    @Override
    default void close() {
    }
}
