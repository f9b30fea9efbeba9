package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.MemoryStore;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import jakarta.servlet.Filter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** express-session's top-level {@code describe('session()')} tests. */
@DisplayName("session()")
class SessionTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    @Test
    @DisplayName("should export constructors (Java: the public types)")
    void shouldExportPublicTypes() {
        assertThat(SessionStore.class).isAssignableFrom(MemoryStore.class);
        assertThat(Filter.class).isAssignableFrom(SessionFilter.class);
        assertThat(Session.class).isInterface();
    }

    @Test
    @DisplayName("should do nothing if req.session exists (the filter registered twice) "
            + "(express defaults: resave, saveUninitialized)")
    void shouldDoNothingIfRequestAlreadyHasASession() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.with(config).after(new SessionFilter(config))
                .handler((req, res) -> Express.end(res, session(req).id())).start()) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookies()).hasSize(1);
            assertThat(reply.sid()).isEqualTo(reply.body());
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            assertThat(TweakableStore.length(store)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("should error without secret (sessions4j: refused when the configuration is built, §5.10)")
    void shouldRejectMissingSecretWhenBuilt() {
        assertThatThrownBy(() -> SessionConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(?s)secrets: no secret.*SessionConfig\\.builder\\(\\)\\.secrets\\(.*");
    }

    @Test
    @DisplayName("should create a new session")
    void shouldCreateANewSession() {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).put("active", true);
            Express.end(res, "session active");
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("session active");
            assertThat(reply.setCookie("connect.sid")).isNotNull();
            assertThat(TweakableStore.length(store)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("should load session from cookie sid")
    void shouldLoadSessionFromCookieSid() {
        AtomicInteger count = new AtomicInteger();
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, numberingHandler(count))) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session 1");
            first.setCookie("connect.sid");
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("session 1");
        }
    }

    @Test
    @DisplayName("should pass session fetch error (sessions4j: a clean 503, §5.2) "
            + "(express defaults: resave, saveUninitialized)")
    void shouldAnswer503OnSessionFetchError() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config,
                (req, res) -> Express.end(res, "hello, world"))) {
            Reply first = server.get("/").send();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("hello, world");
            store.failAlways(CountingStore.Op.GET);
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(503);
            assertThat(second.body()).doesNotContain("Exception").doesNotContain("hello, world");
            assertThat(second.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("should treat ENOENT session fetch error as not found (Java: the store answers empty)")
    void shouldTreatNotFoundFromStoreAsNewSession() {
        AtomicInteger count = new AtomicInteger();
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, numberingHandler(count))) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session 1");
            TweakableStore.of(store).rewriteReads(found -> Optional.empty());
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("session 2");
        }
    }

    @Test
    @DisplayName("should create multiple sessions")
    void shouldCreateMultipleSessions() {
        AtomicInteger count = new AtomicInteger();
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            boolean isNew = s.get("num").isEmpty();
            s.put("num", s.get("num", Integer.class).orElseGet(count::incrementAndGet));
            Express.end(res, "session " + (isNew ? "created" : "updated"));
        })) {
            CompletableFuture<Reply> a = CompletableFuture.supplyAsync(() -> server.get("/").send());
            CompletableFuture<Reply> b = CompletableFuture.supplyAsync(() -> server.get("/").send());
            assertThat(a.join().body()).isEqualTo("session created");
            assertThat(b.join().body()).isEqualTo("session created");
            assertThat(TweakableStore.length(store)).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("should handle empty req.url (Java: an empty getRequestURI()) "
            + "(express defaults: resave, saveUninitialized)")
    void shouldHandleEmptyRequestUri() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.with(config).before(Express.emptyRequestUri()).start()) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie("connect.sid")).isNotNull();
        }
    }

    @Test
    @DisplayName("should handle multiple res.end calls (Java: the writer closed twice) "
            + "(express defaults: resave, saveUninitialized)")
    void shouldHandleMultipleCloseCalls() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            res.setContentType("text/plain");
            PrintWriter writer = res.getWriter();
            writer.print("Hello, world!");
            writer.close();
            writer.close();
            res.flushBuffer();
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(reply.body()).isEqualTo("Hello, world!");
            assertThat(store.peek(reply.sid())).isPresent();
        }
    }

    @Test
    @DisplayName("should handle res.end(null) calls (Java: the output closed with nothing written) "
            + "(express defaults: resave, saveUninitialized)")
    void shouldHandleEmptyBodyClose() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config,
                (req, res) -> res.getOutputStream().close())) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEmpty();
            assertThat(store.peek(reply.sid())).isPresent();
        }
    }

    @Test
    @DisplayName("should handle reserved properties in storage (sessions4j: such keys are kept, not dropped, §5.8)")
    void shouldKeepReservedNamedPropertiesInStorage() throws Exception {
        AtomicInteger count = new AtomicInteger();
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            s.put("num", s.get("num", Integer.class).orElseGet(count::incrementAndGet));
            Express.end(res, "session saved; save=" + s.get("save").orElse("absent"));
        })) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session saved; save=absent");
            String sid = first.sid();
            StoredSession stored = store.peek(sid).orElseThrow();
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode json = (ObjectNode) mapper.readTree(stored.json());
            json.put("save", "nope");
            TweakableStore.of(store).put(sid, mapper.writeValueAsString(json), stored.expires());

            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("session saved; save=nope");
        }
    }

    @Test
    @DisplayName("should only have session data enumerable (and cookie) "
            + "(Java: keys() holds the data keys; the stored record holds exactly cookie and the data)")
    void shouldOnlyHaveSessionDataAsKeys() throws Exception {
        SessionConfig config = Express.harness(clock).store(store).storeCreationTime(false).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            s.put("test1", 1);
            s.put("test2", "b");
            Express.end(res, String.join(",", new TreeSet<>(s.keys())) + "|" + (s.cookie() != null));
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.body()).isEqualTo("test1,test2|true");
            TreeSet<String> stored = new TreeSet<>();
            new ObjectMapper().readTree(store.peek(reply.sid()).orElseThrow().json()).fieldNames()
                    .forEachRemaining(stored::add);
            assertThat(String.join(",", stored)).isEqualTo("cookie,test1,test2");
        }
    }

    @Test
    @DisplayName("should not save with bogus req.sessionID (Java: a genid returning null fails the request "
            + "cleanly; no cookie, nothing stored)")
    void shouldNotSaveWithBogusGeneratedId() {
        SessionConfig config = Express.defaults(clock).store(store).genid(request -> null).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            s.put("test1", 1);
            s.put("test2", "b");
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isBetween(500, 599);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
            assertThat(TweakableStore.length(store)).isZero();
            assertThat(TweakableStore.writes(store)).isZero();
        }
    }

    @Test
    @DisplayName("should update cookie expiration when slow write")
    void shouldUpdateCookieExpirationWhenSlowWrite() {
        SessionConfig config = Express.harness(clock).store(store).rolling(true).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).put("user", "bob");
            PrintWriter writer = res.getWriter();
            writer.print("hello, ");
            writer.flush();
            writer.print("world!");
        })) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("hello, world!");
            String originalExpires = first.setCookie().attribute("Expires").orElseThrow();
            clock.advance(Duration.ofMillis(1200));
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.setCookie().attribute("Expires")).isPresent().get().isNotEqualTo(originalExpires);
        }
    }

    /** express's {@code req.session.num = req.session.num || ++count; res.end('session ' + num)}. */
    static ConformanceServer.Handler numberingHandler(AtomicInteger count) {
        return (req, res) -> {
            Session s = session(req);
            int num = s.get("num", Integer.class).orElseGet(count::incrementAndGet);
            s.put("num", num);
            Express.end(res, "session " + num);
        };
    }

}
