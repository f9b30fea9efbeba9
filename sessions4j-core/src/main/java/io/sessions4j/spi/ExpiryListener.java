package io.sessions4j.spi;

import java.util.Optional;

/**
 * What a store calls when a record leaves it through the store's own expiry (a TTL, an eviction, a prune
 * job), never for {@link SessionStore#destroy}. See {@link SessionStore#addExpiryListener}.
 */
@FunctionalInterface
public interface ExpiryListener {

    /**
     * @param id the session id of the record that expired
     * @param last the record as the store last held it; a record with empty {@link StoredSession#json() json}
     *     and its {@link StoredSession#principal() principal} when the store kept only whose session it was
     *     (Redis); or empty when the store no longer has anything of it
     */
    void expired(String id, Optional<StoredSession> last);
}
