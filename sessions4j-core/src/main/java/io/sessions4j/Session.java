package io.sessions4j;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The server-side session of the current request, read and written like a map of Java objects stored as
 * JSON. This is express-session's {@code req.session}; the callbacks there are plain blocking calls here.
 *
 * <p>Values are anything Jackson can write: strings, numbers, booleans, lists, sets, maps, arrays, records,
 * POJOs, enums, {@code java.time} types. They are stored as plain JSON (never with Java serialization), which
 * express-session reads and writes as it always does.
 *
 * <ul>
 *   <li><b>Within a request</b> a key holds one object: {@link #get(String)} returns the very instance that
 *       was {@link #put}, or, for a loaded value, the object its JSON was decoded to at the first read (once;
 *       every later read returns the same instance).</li>
 *   <li><b>Across requests</b> a value comes back as the type it was put as ({@code Long} stays {@code Long},
 *       a {@code HashSet} a {@code HashSet}, a {@code List<Note>} a list of {@code Note}): its type is stored
 *       next to the JSON, in the record's {@code __sessions4j} object. Classes of the application come back
 *       only if {@link SessionConfig.Builder#allowTypes(String...)} admits them; JDK value types and
 *       collections always do. A value whose type is not admitted, whose JSON another writer changed so that
 *       it no longer fits, or that was written by Node (no type), comes back in its plain JSON form, with a
 *       warning in the log where a type was refused.</li>
 *   <li>A value obtained from {@code get} and then mutated in place is detected as changed at the end of the
 *       request and saved, just as express-session notices in-place changes.</li>
 * </ul>
 *
 * <p>The round-trip table (what comes back for each kind of value, with and without the allowlist, with
 * {@link SessionConfig#storeCreationTime()} off, after a Node write) is in {@code docs/values.md}.
 *
 * <pre>{@code
 * Session session = SessionFilter.session(request);
 * int views = session.get("views", Integer.class).orElse(0);
 * session.put("views", views + 1);
 * }</pre>
 *
 * <p>A {@code Session} belongs to one request and is not meant to be shared between threads without
 * synchronization. Store failures surface as {@link SessionStoreException}.
 */
public interface Session {

    /** {@return the session id (the part of the cookie before the signature)} Changes on {@link #regenerate()}. */
    String id();

    /**
     * The object a key holds: the one put in this request, or the stored value decoded as its recorded type;
     * without a usable type, Jackson's natural form of its JSON ({@code String}, {@code Integer}/{@code Long}/
     * {@code Double}, {@code Boolean}, {@code List}, {@code Map}).
     *
     * @param key the key
     * @return the value; empty when absent or JSON {@code null}
     */
    Optional<Object> get(String key);

    /**
     * The value of a key as {@code type}: the object the key holds when it is one, otherwise converted from its
     * JSON (the converted object is tracked for in-place changes too).
     *
     * @param <T> the value's type
     * @param key the key
     * @param type the value's class, e.g. {@code Integer.class} or a record
     * @return the value; empty when absent or JSON {@code null}
     * @throws SessionException if the JSON cannot be converted to {@code type}
     */
    <T> Optional<T> get(String key, Class<T> type);

    /**
     * As {@link #get(String, Class)} for a generic type; the object the key holds answers it when its element
     * types are known to fit.
     *
     * @param <T> the value's type
     * @param key the key
     * @param type the value's type, e.g. {@code new TypeReference<List<Item>>() {}}
     * @return the value; empty when absent or JSON {@code null}
     * @throws SessionException if the JSON cannot be converted to {@code type}
     */
    <T> Optional<T> get(String key, TypeReference<T> type);

    /**
     * Sets a key, recording the value's type (with its element types, for collections and maps) for later
     * requests. {@code null} removes it (as {@code HttpSession.setAttribute} does).
     *
     * @param key the key
     * @param value anything Jackson can write, or {@code null}
     * @return this session
     * @throws IllegalArgumentException if the value cannot be written as JSON, is over one of the
     *     {@link SessionConfig#limits()} (naming the key and the limit), or the key is reserved
     */
    Session put(String key, Object value);

    /**
     * Removes a key; no effect when absent.
     *
     * @param key the key
     * @return this session
     */
    Session remove(String key);

    /** {@return the keys of the session's data, in insertion order ({@code cookie} is not one of them)} */
    Set<String> keys();

    /** {@return whether the session was created by this request rather than loaded from the store} */
    boolean isNew();

    /** {@return the session's cookie} */
    SessionCookie cookie();

    /**
     * {@return when the session was first created} It is kept across {@link #changeId()}, not {@link #regenerate()}.
     */
    Instant createdAt();

    /**
     * {@return when the session was last used before this request} As far as the store's expiry tells
     * (accurate to the configured touch throttle); {@link #createdAt()} for a new session.
     */
    Instant lastAccessedAt();

    /**
     * Says whose session this is, for {@link UserSessions} (listing a user's sessions, "log out everywhere") and
     * the {@link SessionConfig.Builder#principalLimit per-user limit}. It is stored in the record's
     * {@code __sessions4j} object, not as a user key, so express code reading the session sees no new key. It
     * is kept by {@link #changeId()} and saved with the session; {@link #regenerate()} and {@link #destroy()}
     * clear it (call this again after regenerating on login, as Spring Security does after authentication).
     *
     * <p>With a {@link SessionConfig#principalLimit() limit}, naming a new principal saves the session at once
     * (as {@link #save()} does), so that the limit is applied atomically in the store and a refusal is thrown
     * here, in the login handler.
     *
     * <pre>{@code
     * session.regenerate();                 // a new id on login (session fixation)
     * session.principal(user.name());
     * session.put("userAgent", request.getHeader("User-Agent"));
     * }</pre>
     *
     * @param principal the user's name or id, non-empty; {@code null} to make it nobody's session
     * @return this session
     * @throws PrincipalLimitException when the principal is at its limit and the policy refuses new sessions
     *     (the session then stays nobody's)
     * @throws IllegalArgumentException if {@code principal} is empty or longer than 256 characters
     */
    Session principal(String principal);

    /** {@return whose session this is, if the application said so with {@link #principal(String)}} */
    Optional<String> principal();

    /**
     * Replaces the session with a brand-new, empty one under a new id, and destroys the old one in the
     * store at once. Call it on login to defeat session fixation.
     *
     * @throws SessionStoreException if the store could not destroy the old session (the session is then
     *     left unchanged)
     */
    void regenerate();

    /**
     * Moves the session's data to a new id and destroys the old id in the store at once
     * ({@code HttpServletRequest.changeSessionId()}).
     *
     * @throws SessionStoreException if the store could not destroy the old session
     */
    void changeId();

    /**
     * Deletes the session from the store at once and expires the cookie in the browser at the end of the
     * request. Using this object afterwards throws {@link IllegalStateException}; ask the adapter again
     * for a new session if the request needs one.
     */
    void destroy();

    /**
     * Replaces this session's data with what the store holds now, discarding unsaved changes.
     *
     * @throws SessionException if the session no longer exists in the store
     */
    void reload();

    /**
     * Saves the session now rather than at the end of the request (which then saves again only if
     * something changed after this call). A new session saved this way also gets its cookie.
     *
     * @throws SessionTooLargeException if the session is over its {@link SessionConfig#limits()} (the store keeps
     *     what it had)
     */
    void save();

    /**
     * Resets the cookie's expiry to a full {@link SessionCookie#originalMaxAge()} from now and makes sure
     * the store's expiry is refreshed at the end of the request, whatever {@code touchAfter} says.
     */
    void touch();
}
