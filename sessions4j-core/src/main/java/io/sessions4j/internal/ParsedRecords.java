package io.sessions4j.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collections;

/**
 * The parsed form of recently loaded records, by session id, so that a session whose stored JSON has not
 * changed since its last load is not parsed again. A memory store hands back the very string it was given,
 * which costs one identity check; other stores' equal text costs one comparison of the characters. The text is
 * the key of truth: an entry whose JSON differs from what the store returns is ignored and replaced.
 *
 * <p>What is kept is shared by the requests that hit it, so nothing in it may change: the data and type maps
 * are unmodifiable, their trees are only ever read (a value handed to the application is decoded from them,
 * or a copy), and the cookie, which each request changes, is copied for every use.
 */
final class ParsedRecords {
    /** Enough for the sessions in active use on one node; each entry holds one session's trees. */
    static final int DEFAULT_SIZE = 4096;

    private record Entry(String json, SessionJson.Parsed parsed) {
    }

    private final Cache<String, Entry> byId;

    ParsedRecords(int maximumSize) {
        this.byId = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    /** {@return the parsed form of {@code json}, for this request's own use, if it is the text last parsed for {@code id}; else null} */
    SessionJson.Parsed get(String id, String json) {
        Entry e = byId.getIfPresent(id);
        if (e == null || e.json != json && !e.json.equals(json)) {
            return null;
        }
        return e.parsed.withCookie(e.parsed.cookie().copy());
    }

    /**
     * Keeps {@code parsed}, just parsed from {@code json}, for later loads of {@code id}.
     *
     * @return the form the caller uses: {@code parsed} with its maps made unmodifiable and its own cookie
     */
    SessionJson.Parsed put(String id, String json, SessionJson.Parsed parsed) {
        SessionJson.Parsed shared = new SessionJson.Parsed(parsed.cookie().copy(),
                parsed.created(), Collections.unmodifiableMap(parsed.data()),
                Collections.unmodifiableMap(parsed.types()), parsed.principal());
        byId.put(id, new Entry(json, shared));
        return shared.withCookie(parsed.cookie());
    }

    /** Keeps {@code parsed}, already shareable (unmodifiable maps, a cookie of its own), as the parse of {@code json}. */
    void keep(String id, String json, SessionJson.Parsed parsed) {
        byId.put(id, new Entry(json, parsed));
    }

    /** Drops what is kept for {@code id} (its record was destroyed): ended sessions' data does not linger. */
    void forget(String id) {
        byId.invalidate(id);
    }
}
