package io.sessions4j.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.CookieOptions;
import io.sessions4j.IdTransport;
import io.sessions4j.MemoryStore;
import io.sessions4j.PrincipalLimit;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionEvent;
import io.sessions4j.SessionListener;
import io.sessions4j.SessionStores;
import io.sessions4j.TrustProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.sessions4j.UserSession;
import io.sessions4j.UserSessions;
import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.micrometer.SessionMetrics;
import io.sessions4j.redis.RedisStore;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spi.HttpExchange;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spring.boot.Sessions4jConfigCustomizer;
import io.sessions4j.tck.SessionStoreTck;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.springframework.context.annotation.Bean;

/**
 * Every code example of the published Javadoc and of the top-level README, verbatim, so that the compiler
 * checks them; {@link DocSnippetsTest} checks that each example still appears here. The methods are never
 * called (several would connect to servers): compiling is the point. Free variables of an example
 * ({@code request}, {@code servletContext}, ...) are parameters.
 */
@SuppressWarnings({"unused", "resource"})
final class DocSnippets {
    private final String redisUri = "redis://127.0.0.1:6379";

    /** What {@link SessionManager}'s example hands each session to. */
    interface Handler {
        void handle(Session session);
    }

    /** Where {@link SessionListener}'s example writes. */
    interface Audit {
        void log(String what, SessionEvent event);
    }

    void readmeQuickStart(ServletContext servletContext, HttpServletRequest request) {
        SessionConfig config = SessionConfig.builder()
                .secrets(System.getenv("SESSION_SECRET"))          // first signs, all verify
                .cookie(c -> c.maxAge(Duration.ofHours(8)).sameSite(SameSite.LAX).secure(Secure.AUTO))
                .store(SessionStores.open("redis://127.0.0.1:6379"))   // default: an in-memory store
                .build();
        FilterRegistration.Dynamic sessions = servletContext.addFilter("sessions", new SessionFilter(config));
        sessions.setAsyncSupported(true);                          // if any servlet behind it uses startAsync
        sessions.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
        // nothing to close: when the application stops, the container destroys the filter, which closes the store

        // in a servlet
        Session session = SessionFilter.session(request);          // or request.getSession()
        int views = session.get("views", Integer.class).orElse(0);
        session.put("views", views + 1);
        session.cookie().maxAge();                                 // time left, like express's cookie.maxAge
    }

    void sessionConfig() {
        SessionConfig config = SessionConfig.builder()
                .secrets("a long random secret, at least 32 bytes", "the previous one, still accepted")
                .cookie(c -> c.maxAge(Duration.ofHours(8)).sameSite(SameSite.LAX).secure(Secure.AUTO))
                .proxy(TrustProxy.HEADER)
                .touchAfter(Duration.ofMinutes(1))
                .maxLifetime(Duration.ofDays(1))
                .build();
    }

    void idTransport() {
        SessionConfig api = SessionConfig.builder()
                .secrets(System.getenv("SESSION_SECRET"))
                .idTransport(IdTransport.header())           // X-Session-Token
                .build();
        SessionConfig both = SessionConfig.builder()
                .secrets(System.getenv("SESSION_SECRET"))
                .idTransport(IdTransport.headerThenCookie("X-Session-Token"))
                .build();
    }

    void cookieOptions() {
        CookieOptions cookie = CookieOptions.builder()
                .maxAge(Duration.ofHours(1))
                .sameSite(SameSite.LAX)
                .secure(Secure.AUTO)
                .build();
    }

    void session(HttpServletRequest request) {
        Session session = SessionFilter.session(request);
        int views = session.get("views", Integer.class).orElse(0);
        session.put("views", views + 1);
    }

    void sessionStores() {
        SessionStore store = SessionStores.open("redis://127.0.0.1:6379");   // needs sessions4j-redis
        SessionStore memory = SessionStores.open("memory");                  // always available
        SessionStore bounded = SessionStores.open("memory:maximumWeight=64MB");   // or maximumSize=10000
    }

    void sessionLimits(String secret) {
        SessionConfig config = SessionConfig.builder()
                .secrets(secret)
                .limits(l -> l.maxSessionBytes(256 * 1024).maxNestingDepth(64))
                .build();
    }

    void memoryStore() {
        MemoryStore store = MemoryStore.builder().maximumWeight(256L << 20).build();   // 256 MB
        MemoryStore small = MemoryStore.builder().maximumSize(10_000).build();         // or a number of sessions
    }

    void sessionManager(SessionConfig config, HttpExchange exchange, Handler handler) {
        SessionManager sessions = SessionManager.create(config);
        try (RequestScope scope = sessions.open(exchange)) {
            handler.handle(scope.session());   // whatever commits the response calls scope.commit() first
            scope.finish();                    // the end of the request
        }
    }

    void sessionListener(String secret, Audit audit) {
        SessionConfig config = SessionConfig.builder()
                .secrets(secret)
                .listener(new SessionListener() {
                    public void expired(SessionEvent event) {
                        audit.log("session ended", event);
                    }
                })
                .build();
    }

    void sessionFilter(ServletContextHandler context, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        SessionConfig config = SessionConfig.builder()
                .secrets(System.getenv("SESSION_SECRET"))
                .store(new MemoryStore())
                .build();
        context.addFilter(new FilterHolder(new SessionFilter(config)), "/*",
                EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));

        // in a servlet
        Session session = SessionFilter.session(request);   // or request.getSession()
        int views = session.get("views", Integer.class).orElse(0);
        session.put("views", views + 1);
        response.sendRedirect("/next");                      // the session is already saved when the 302 leaves
    }

    void redisStore() {
        RedisStore store = RedisStore.builder()
                .uri("redis://127.0.0.1:6379")          // rediss://, redis-sentinel://host:26379#mymaster
                .prefix("sess:")                        // connect-redis's default
                .commandTimeout(Duration.ofSeconds(2))  // the default
                .build();
        SessionConfig config = SessionConfig.builder().secrets("...").store(store).build();
    }

    void redisNearCache() {
        RedisStore store = RedisStore.builder()
                .uri("redis://127.0.0.1:6379")
                .nearCache(10_000)                         // opt-in: up to 10,000 sessions kept in this JVM
                .build();
        SessionConfig config = SessionConfig.builder()
                .secrets("a long random secret, at least 32 bytes")
                .touchAfter(Duration.ofMinutes(1))         // a cached read then rarely needs Redis at all
                .store(store)
                .build();
    }

    void jdbcStore() {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/app");
        hikari.setConnectionTimeout(2_000);           // a down database fails requests in 2 s, not 30
        JdbcStore store = JdbcStore.builder(new HikariDataSource(hikari))
                .createTableIfMissing(true)
                .build();
    }

    /** The application's user, in the principal examples. */
    interface User {
        String name();
    }

    void principalOnLogin(Session session, User user, HttpServletRequest request) {
        session.regenerate();                 // a new id on login (session fixation)
        session.principal(user.name());
        session.put("userAgent", request.getHeader("User-Agent"));
    }

    void userSessions(SessionFilter filter, HttpServletRequest request) {
        UserSessions users = filter.userSessions();
        List<UserSession> devices = users.list("alice", "userAgent");
        users.destroyOthers(SessionFilter.session(request));   // "sign out my other devices"
        users.destroyAll("alice");                             // "log out everywhere", e.g. after a password change
    }

    void principalLimit(String secret) {
        SessionConfig limited = SessionConfig.builder()
                .secrets(secret)
                .principalLimit(PrincipalLimit.of(1, PrincipalLimit.Policy.END_OLDEST))
                .build();
    }

    // The store TCK's example: an inner class, which Surefire never runs (it skips classes with a '$').
    class RedisStoreTest extends SessionStoreTck {
        protected SessionStore createStore() {
            return RedisStore.builder().uri(redisUri).prefix("tck:" + UUID.randomUUID() + ":").build();
        }
    }

    void sessionMetrics(MeterRegistry registry, SessionStore store) {
        SessionMetrics metrics = new SessionMetrics(registry);
        SessionConfig config = SessionConfig.builder()
                .secrets(System.getenv("SESSION_SECRET"))
                .store(store)
                .observer(metrics)
                .build();
        metrics.monitorActiveSessions(store);
    }

    // sessions4j-spring-boot-autoconfigure: Sessions4jConfigCustomizer's example (a @Bean method in the application).
    @Bean
    Sessions4jConfigCustomizer sessionTypes() {
        return builder -> builder.allowTypes("com.example.shop.").limits(l -> l.maxSessionBytes(256 * 1024));
    }
}
