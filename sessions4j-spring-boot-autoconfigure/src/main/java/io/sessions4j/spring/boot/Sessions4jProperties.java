package io.sessions4j.spring.boot;

import io.sessions4j.ConcurrencyMode;
import io.sessions4j.IdTransport;
import io.sessions4j.PrincipalLimit;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import io.sessions4j.StoreFailurePolicy;
import io.sessions4j.TrustProxy;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sessions4j.* properties. Where Boot's own server.servlet.session.* property means the same
 * thing (the cookie's name and attributes, the session timeout), it is used when the sessions4j one is
 * not set.
 *
 * @param secret the signing secrets: the first signs new cookies, all of them verify (rotation); required. A
 *     comma-separated list, e.g. from the SESSIONS4J_SECRET environment variable. Use at least 32 random
 *     bytes (openssl rand -base64 32).
 * @param store where sessions live: memory (the default, one node), redis (Boot's
 *     spring.data.redis.* connection settings), a redis:// or rediss:// URI, jdbc
 *     (the application's DataSource), or any other spec SessionStores.open understands. A
 *     SessionStore bean of the application wins over this.
 * @param touchAfter skip store touches that would move a session's expiry by less than this; 0 (the
 *     default) always touches
 * @param maxLifetime the absolute timeout: a session older than this is refused however active; none by default
 * @param browserSessionTtl how long the store keeps a session whose cookie has no max-age after its last use;
 *     default server.servlet.session.timeout when set, else one day
 * @param rolling send the cookie on every response, restarting its expiry
 * @param resave save sessions at the end of every request even when unchanged
 * @param saveUninitialized store (and send the cookie of) new sessions that hold nothing
 * @param concurrency how concurrent requests of one session are reconciled: merge (compare-and-set with a
 *     per-key merge) or lock (one request of a session at a time, across instances)
 * @param storeFailurePolicy what a request does when the store fails: service-unavailable (a 503),
 *     propagate, or continue-without-session
 * @param proxy which requests count as secure for auto cookies: container (the container's
 *     isSecure(), which server.forward-headers-strategy=native makes follow
 *     X-Forwarded-Proto), header, or none
 * @param allowTypes packages (com.example.) and classes whose objects session values may come back as in
 *     later requests; JDK value types and collections always may
 * @param idTransport how the session id travels, in the order a request is read: cookie (the default),
 *     header (a signed token in the id-header, for mobile and API clients), or both, e.g. header,cookie
 * @param idHeader the token header's name, when id-transport has header; default X-Session-Token
 * @param filterOrder the order of the session filter among the servlet filters; it must run before Spring
 *     Security's (-100)
 * @param cookie the session cookie
 * @param principalLimit how many live sessions one user may have, enforced atomically in the store
 * @param redis the Redis store, for store=redis and redis:// URIs
 * @param jdbc the JDBC store, for store=jdbc
 */
@ConfigurationProperties("sessions4j")
public record Sessions4jProperties(
        List<String> secret,
        @DefaultValue("memory") String store,
        @DefaultValue("0s") Duration touchAfter,
        Duration maxLifetime,
        Duration browserSessionTtl,
        boolean rolling,
        boolean resave,
        boolean saveUninitialized,
        @DefaultValue("merge") ConcurrencyMode concurrency,
        @DefaultValue("service-unavailable") StoreFailurePolicy storeFailurePolicy,
        @DefaultValue("container") TrustProxy proxy,
        List<String> allowTypes,
        @DefaultValue("cookie") List<IdTransport.Channel> idTransport,
        @DefaultValue(IdTransport.DEFAULT_HEADER) String idHeader,
        @DefaultValue("" + Sessions4jServletAutoConfiguration.DEFAULT_FILTER_ORDER) int filterOrder,
        @DefaultValue Cookie cookie,
        @DefaultValue PrincipalLimitSettings principalLimit,
        @DefaultValue Redis redis,
        @DefaultValue Jdbc jdbc) {

    /**
     * The session cookie. Unset attributes fall back to server.servlet.session.cookie.*, then to
     * sessions4j's defaults.
     *
     * @param name the cookie name; default server.servlet.session.cookie.name, else connect.sid
     *     (express-session's, so a Node app can share the session)
     * @param path the cookie's Path, also the request paths that get a session; default /
     * @param domain the cookie's Domain; default none (a host-only cookie)
     * @param httpOnly whether scripts are denied the cookie; default true
     * @param secure when the cookie is Secure: always, never or auto (when the request is
     *     secure); Boot's boolean server.servlet.session.cookie.secure maps to always / never. Default:
     *     unset (no Secure attribute)
     * @param sameSite the cookie's SameSite: strict, lax, none or auto; default
     *     unset
     * @param maxAge the cookie's lifetime, which is also the idle timeout of its session; default none (a
     *     browser-session cookie)
     * @param partitioned the cookie's Partitioned attribute (CHIPS); default unset
     */
    public record Cookie(String name, String path, String domain, Boolean httpOnly, Secure secure, SameSite sameSite,
            Duration maxAge, Boolean partitioned) {
    }

    /**
     * A limit of live sessions per principal (the user Spring Security authenticated, or
     * Session.principal(...)), counted and enforced in the store in the same atomic write that names the
     * principal, so simultaneous logins on several instances cannot pass it (unlike Spring Security's
     * maximumSessions check). Off unless max-sessions is set.
     *
     * @param maxSessions how many live sessions one principal may have, at least 1; unset: no limit
     * @param policy what a login beyond the limit does: refuse (the login fails, the other sessions go on) or
     *     end-oldest (the principal's least recently used sessions are destroyed); default end-oldest
     */
    public record PrincipalLimitSettings(Integer maxSessions, @DefaultValue("end-oldest") PrincipalLimit.Policy policy) {
    }

    /**
     * The Redis store.
     *
     * @param prefix the key prefix; default sess: (connect-redis's)
     * @param commandTimeout how long one Redis command may take; default spring.data.redis.timeout when
     *     set, else 2 seconds
     * @param nearCache how many sessions the store's opt-in near cache keeps in this JVM, coherent through
     *     Redis client-side caching (standalone and Sentinel only); default 0, off
     */
    public record Redis(@DefaultValue("sess:") String prefix, Duration commandTimeout,
            @DefaultValue("0") int nearCache) {
    }

    /**
     * The JDBC store, on the application's DataSource; its dialect (PostgreSQL, MariaDB/MySQL, H2, SQLite) is
     * detected from the database.
     *
     * @param table the table; default session (sessions on MariaDB/MySQL)
     * @param schema the table's schema; default the connection's
     * @param createTable create the table and its index at start-up when missing
     */
    public record Jdbc(String table, String schema, @DefaultValue("true") boolean createTable) {
    }
}
