package io.sessions4j.spi;

import java.util.List;
import java.util.Objects;

/**
 * A store's index of sessions by principal ({@link StoredSession#principal()}), kept in the same atomic writes
 * that save, touch and destroy the sessions: never rebuilt from notifications that can be lost. It is what
 * {@link io.sessions4j.UserSessions} lists and ends sessions by, and what makes a
 * {@link io.sessions4j.PrincipalLimit} exact across instances.
 *
 * <p>An index may briefly hold an id whose record is gone or now names another principal (a store that cannot
 * update both in one step, such as Redis Cluster, or a principal changed on a live session): the engine checks
 * every listed id against its record and {@link #remove removes} the ones that do not match, so reads heal
 * the index. A record that expires or is destroyed leaves the index without a sweep over all sessions.
 * Implementations must be thread-safe; the store TCK checks the contract.
 */
public interface PrincipalIndex {

    /**
     * The ids the index holds for a principal, the record that expires first first. Ids of records that have
     * expired are left out (and may be pruned while reading).
     *
     * @param principal the principal
     * @return the ids, possibly with a few stale ones the caller checks
     */
    List<String> ids(String principal);

    /**
     * Removes one id from a principal's index; no effect when absent. The record itself is left alone.
     *
     * @param principal the principal
     * @param id the session id
     */
    void remove(String principal, String id);

    /**
     * Writes a record whose principal is new to it, admitting it into the principal's index under a limit, in
     * one atomic step across every instance sharing the store: {@link SessionStore#set} when
     * {@code expectedJson} is {@code null}, otherwise {@link SessionStore#replace}. When the principal already
     * has {@code limit} other live sessions, either nothing is written ({@link Outcome#REFUSED}) or, with
     * {@code endOldest}, the ones that expire first are destroyed (record and index entry) to make room.
     *
     * @param id the session id
     * @param expectedJson the text the record must still hold, or {@code null} to write it unconditionally
     * @param session the record to write; its {@link StoredSession#principal()} is not null
     * @param limit how many live sessions the principal may have, at least 1
     * @param endOldest whether to end the principal's oldest sessions rather than refuse
     * @return what happened, and the ids of the sessions ended to make room
     */
    Admission admit(String id, String expectedJson, StoredSession session, int limit, boolean endOldest);

    /** What {@link #admit} did. */
    enum Outcome {
        /** The record was written and indexed. */
        WRITTEN,
        /** The record no longer held {@code expectedJson}; nothing was written. */
        CONFLICT,
        /** The principal was at its limit; nothing was written. */
        REFUSED
    }

    /**
     * The result of {@link #admit}.
     *
     * @param outcome what happened
     * @param ended the ids of the principal's sessions destroyed to make room (empty unless written)
     */
    record Admission(Outcome outcome, List<String> ended) {
        /**
         * Copies the list.
         *
         * @param outcome what happened
         * @param ended the ids destroyed to make room
         */
        public Admission {
            Objects.requireNonNull(outcome, "outcome");
            ended = List.copyOf(ended);
        }
    }
}
