package io.sessions4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.redis.RedisStore;
import io.sessions4j.redis.testing.HttpAgent;
import io.sessions4j.redis.testing.SessionApp;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real express-session 1.19 + connect-redis 9 (node/app.js with STORE=redis, installed with
 * {@code npm ci}) and a sessions4j app (SessionFilter on Jetty + {@link RedisStore}) share one Redis, one key
 * prefix and one secret; one browser goes back and forth between them. Java objects the Java app keeps
 * (records, {@code Long}, {@code Instant}, sets, lists of records) are plain JSON to Node and keep their types.
 */
class ExpressSessionRedisInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_AGE = Duration.ofMinutes(10).toMillis();
    private static final String SECRET = "interop secret shared by node and java, long enough";

    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> raw;

    private final List<AutoCloseable> running = new ArrayList<>();
    private String prefix;

    /** Why node cannot run here, reported on every test as its skip reason. */
    private static String nodeMissing;

    @BeforeAll
    static void startRedis() {
        try {
            NodeApp.requireNode();
        } catch (org.opentest4j.TestAbortedException e) {
            nodeMissing = e.getMessage();
            return;
        }
        redis = TestRedis.externalOrOwned();
        client = RedisClient.create(redis.uri());
        raw = client.connect();
    }

    @AfterAll
    static void stopRedis() {
        if (raw != null) {
            raw.close();
            client.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void newPrefix() {
        org.junit.jupiter.api.Assumptions.assumeTrue(nodeMissing == null, () -> nodeMissing);
        prefix = TestRedis.uniquePrefix("interop");
    }

    @AfterEach
    void stopApps() throws Exception {
        if (prefix == null) {
            return;
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        try (RedisStore cleaner = RedisStore.builder().uri(redis.uri()).prefix(prefix).build()) {
            cleaner.clear();
        }
    }

    private NodeApp node(String... secrets) {
        NodeApp app = NodeApp.redis(redis.uri(), prefix, List.of(secrets), MAX_AGE);
        running.add(app);
        return app;
    }

    private SessionApp java(String first, String... older) {
        RedisStore store = RedisStore.builder().uri(redis.uri()).prefix(prefix).build();
        running.add(store);
        SessionApp app = SessionApp.start(SessionConfig.builder()
                .secrets(first, older)
                .cookie(c -> c.maxAge(Duration.ofMillis(MAX_AGE)))
                .store(store)
                .build(), "java");
        running.add(app);
        return app;
    }

    private static String value(String json) {
        return HttpAgent.enc(json);
    }

    /** The session id inside a cookie value {@code s%3A<id>.<mac>}. */
    private static String idOf(String cookie) {
        String decoded = URLDecoder.decode(cookie, StandardCharsets.UTF_8);
        return decoded.substring(2, decoded.lastIndexOf('.'));
    }

    @Test
    void aSessionCreatedByNodeIsReadAndChangedByJavaAndNodeSeesTheChange() throws Exception {
        NodeApp node = node(SECRET);
        SessionApp java = java(SECRET);
        HttpAgent browser = new HttpAgent("connect.sid");

        assertThat(browser.get(node.baseUrl() + "/set?key=cart&value=" + value("[\"book\"]")).status()).isEqualTo(200);
        String nodeCookie = browser.cookie().orElseThrow();

        JsonNode seen = browser.get(java.baseUrl() + "/get?key=cart").json();
        assertThat(seen.get("value")).isEqualTo(JSON.readTree("[\"book\"]"));
        assertThat(seen.get("id").asText()).isEqualTo(idOf(nodeCookie));
        assertThat(seen.get("originalMaxAge").asLong()).isEqualTo(MAX_AGE);

        browser.get(java.baseUrl() + "/set?key=cart&value=" + value("[\"book\",\"pen\"]"));
        assertThat(browser.get(java.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(1);

        JsonNode back = browser.get(node.baseUrl() + "/get?key=cart").json();
        assertThat(back.get("value")).isEqualTo(JSON.readTree("[\"book\",\"pen\"]"));
        assertThat(back.get("id").asText()).isEqualTo(idOf(nodeCookie));
        assertThat(browser.get(node.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);
        assertThat(browser.get(java.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(3);
    }

    @Test
    void aSessionCreatedByJavaIsReadAndChangedByNodeAndJavaSeesTheChange() throws Exception {
        NodeApp node = node(SECRET);
        SessionApp java = java(SECRET);
        HttpAgent browser = new HttpAgent("connect.sid");

        browser.get(java.baseUrl() + "/set?key=profile&value=" + value("{\"name\":\"Zoë\",\"langs\":[\"fr\",\"中文\"]}"));
        String javaCookie = browser.cookie().orElseThrow();

        JsonNode seen = browser.get(node.baseUrl() + "/get?key=profile").json();
        assertThat(seen.get("id").asText()).isEqualTo(idOf(javaCookie));
        assertThat(seen.get("value")).isEqualTo(JSON.readTree("{\"name\":\"Zoë\",\"langs\":[\"fr\",\"中文\"]}"));

        browser.get(node.baseUrl() + "/set?key=profile&value=" + value("{\"name\":\"Zoé\"}"));
        JsonNode back = browser.get(java.baseUrl() + "/get?key=profile").json();
        assertThat(back.get("value")).isEqualTo(JSON.readTree("{\"name\":\"Zoé\"}"));
        assertThat(back.get("id").asText()).isEqualTo(idOf(javaCookie));
    }

    @Test
    void aLoginOnNodeIsSeenByJavaAndALogoutOnJavaIsSeenByNode() {
        NodeApp node = node(SECRET);
        SessionApp java = java(SECRET);
        HttpAgent browser = new HttpAgent("connect.sid");

        browser.get(node.baseUrl() + "/login?user=ada");
        assertThat(browser.get(java.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("ada");
        String loggedIn = browser.cookie().orElseThrow();

        browser.get(java.baseUrl() + "/logout");
        HttpAgent oldTab = new HttpAgent("connect.sid");
        oldTab.cookie(loggedIn);
        assertThat(oldTab.get(node.baseUrl() + "/whoami").json().get("user").isNull()).isTrue();
        assertThat(raw.sync().exists(prefix + idOf(loggedIn))).isZero();

        browser.get(java.baseUrl() + "/login?user=grace");
        assertThat(browser.get(node.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("grace");
        browser.get(node.baseUrl() + "/logout");
        assertThat(browser.get(java.baseUrl() + "/whoami").json().get("user").isNull()).isTrue();
    }

    @Test
    void cookiesSignedWithARotatedSecretListVerifyOnTheOtherSide() {
        NodeApp nodeNewOld = node("new secret, rotated in today", "old secret, still accepted");
        SessionApp javaOld = java("old secret, still accepted");
        NodeApp nodeOld = node("old secret, still accepted");
        SessionApp javaNewOld = java("new secret, rotated in today", "old secret, still accepted");

        // Java signs with "old"; Node, which signs with "new", still verifies "old".
        HttpAgent a = new HttpAgent("connect.sid");
        a.get(javaOld.baseUrl() + "/views");
        assertThat(a.get(nodeNewOld.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);

        // Node signs with "old"; Java, which signs with "new", still verifies "old".
        HttpAgent b = new HttpAgent("connect.sid");
        b.get(nodeOld.baseUrl() + "/views");
        assertThat(b.get(javaNewOld.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);

        // Java signs with "new"; Node verifies it with its first secret.
        HttpAgent c = new HttpAgent("connect.sid");
        c.get(javaNewOld.baseUrl() + "/views");
        assertThat(c.get(nodeNewOld.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);

        // Node signs with "new"; a Java app that knows only "old" must not accept it.
        HttpAgent d = new HttpAgent("connect.sid");
        d.get(nodeNewOld.baseUrl() + "/views");
        String signedWithNew = d.cookie().orElseThrow();
        JsonNode refused = d.get(javaOld.baseUrl() + "/peek").json();
        assertThat(refused.get("views").asInt()).isZero();
        assertThat(refused.get("isNew").asBoolean()).isTrue();
        d.cookie(signedWithNew);
        assertThat(d.get(nodeNewOld.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);
    }

    @Test
    void theJsonJavaWritesIsReadByExpressSessionUnchangedIncludingExpiry() throws Exception {
        NodeApp node = node(SECRET);
        SessionApp java = java(SECRET);
        HttpAgent browser = new HttpAgent("connect.sid");

        browser.get(java.baseUrl() + "/set?key=n&value=1");
        String id = idOf(browser.cookie().orElseThrow());
        String stored = raw.sync().get(prefix + id);
        JsonNode record = JSON.readTree(stored);
        List<String> cookieKeys = new ArrayList<>();
        for (Iterator<String> it = record.get("cookie").fieldNames(); it.hasNext(); ) {
            cookieKeys.add(it.next());
        }
        assertThat(cookieKeys).as("express's key order").containsExactly("originalMaxAge", "expires", "httpOnly", "path");
        assertThat(stored).startsWith("{\"cookie\":{\"originalMaxAge\":" + MAX_AGE + ",\"expires\":\"");
        Instant expires = Instant.parse(record.get("cookie").get("expires").asText());
        assertThat(raw.sync().pttl(prefix + id)).isBetween(MAX_AGE - 5_000, MAX_AGE);

        JsonNode seen = browser.get(node.baseUrl() + "/get?key=n").json();
        assertThat(seen.get("value").asInt()).isEqualTo(1);
        assertThat(seen.get("originalMaxAge").asLong()).isEqualTo(MAX_AGE);
        assertThat(Instant.parse(seen.get("expires").asText())).isEqualTo(expires);
        long remaining = Duration.between(Instant.now(), expires).toMillis();
        assertThat(seen.get("maxAge").asLong()).isBetween(remaining - 2_000, remaining + 2_000);
        assertThat(seen.get("cookie").get("httpOnly").asBoolean()).isTrue();
        assertThat(seen.get("cookie").get("path").asText()).isEqualTo("/");

        // And Node's own write (it touches with EXPIRE, saves with SET EX) is read back by Java with its expiry.
        browser.get(node.baseUrl() + "/set?key=n&value=2");
        JsonNode javaSees = browser.get(java.baseUrl() + "/get?key=n").json();
        assertThat(javaSees.get("value").asInt()).isEqualTo(2);
        assertThat(javaSees.get("originalMaxAge").asLong()).isEqualTo(MAX_AGE);
        assertThat(javaSees.get("maxAge").asLong()).isBetween(MAX_AGE - 5_000, MAX_AGE);
    }

    @Test
    void aBrowserSessionCookieSessionMovesBetweenThemWithTheDefaultTtl() throws Exception {
        NodeApp node = NodeApp.redis(redis.uri(), prefix, List.of(SECRET), null);
        running.add(node);
        RedisStore store = RedisStore.builder().uri(redis.uri()).prefix(prefix).build();
        running.add(store);
        SessionApp java = SessionApp.start(SessionConfig.builder().secrets(SECRET).store(store).build(), "java");
        running.add(java);
        HttpAgent browser = new HttpAgent("connect.sid");

        browser.get(node.baseUrl() + "/views");
        String id = idOf(browser.cookie().orElseThrow());
        assertThat(raw.sync().ttl(prefix + id)).as("connect-redis's 86400 s").isBetween(86_000L, 86_400L);
        assertThat(browser.get(java.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);
        JsonNode record = JSON.readTree(raw.sync().get(prefix + id));
        assertThat(record.get("cookie").get("originalMaxAge").isNull()).isTrue();
        assertThat(record.get("cookie").get("expires").isNull()).isTrue();
        assertThat(raw.sync().ttl(prefix + id)).as("sessions4j's browserSessionTtl, one day").isBetween(86_000L, 86_400L);
        assertThat(browser.get(node.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(3);
    }

    public record Point(int x, int y) {
    }

    public record Note(String text, Instant at) {
    }

    private static final Instant AT = Instant.parse("2026-11-25T19:35:34.893Z");
    private static final String TYPED = "{\"n\":\"Long(5)\",\"notes\":\"ArrayList[Note(Note[text=hi, at=2026-11-25T19:35:34.893Z])]\","
            + "\"p\":\"Point(Point[x=1, y=2])\",\"tags\":\"HashSet([a])\",\"when\":\"Instant(2026-11-25T19:35:34.893Z)\"}";

    /** Describes a value with its class: {@code Point(Point[x=1, y=2])}, lists element by element. */
    private static String describe(Object value) {
        if (value instanceof List<?> list) {
            return value.getClass().getSimpleName() + list.stream().map(ExpressSessionRedisInteropTest::describe)
                    .collect(Collectors.joining(",", "[", "]"));
        }
        return value == null ? "null" : value.getClass().getSimpleName() + "(" + value + ")";
    }

    /** A Java app keeping Java objects: {@code /put} stores them, both {@code /put} and {@code /get} describe them. */
    private static final class TypedEndpoints extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            Session s = SessionFilter.session(req);
            if (req.getRequestURI().equals("/put")) {
                s.put("p", new Point(1, 2));
                s.put("n", 5L);
                s.put("when", AT);
                s.put("tags", new HashSet<>(Set.of("a")));
                s.put("notes", new ArrayList<>(List.of(new Note("hi", AT))));
            }
            TreeMap<String, String> out = new TreeMap<>();
            for (String key : List.of("p", "n", "when", "tags", "notes")) {
                out.put(key, describe(s.get(key).orElse(null)));
            }
            res.setContentType("application/json");
            res.getWriter().print(JSON.writeValueAsString(out));
        }
    }

    private SessionApp typedJava() {
        RedisStore store = RedisStore.builder().uri(redis.uri()).prefix(prefix).build();
        running.add(store);
        SessionApp app = SessionApp.start(SessionConfig.builder().secrets(SECRET).store(store)
                .cookie(c -> c.maxAge(Duration.ofMillis(MAX_AGE))).allowTypes(Point.class, Note.class).build(),
                "java", new TypedEndpoints());
        running.add(app);
        return app;
    }

    @Test
    void nodeReadsJavaObjectsAsPlainJsonAndItsSavesKeepTheirTypes() throws Exception {
        NodeApp node = node(SECRET);
        SessionApp java = typedJava();
        HttpAgent browser = new HttpAgent("connect.sid");

        assertThat(browser.get(java.baseUrl() + "/put").body()).isEqualTo(TYPED);
        assertThat(browser.get(node.baseUrl() + "/get?key=p").json().get("value")).isEqualTo(JSON.readTree("{\"x\":1,\"y\":2}"));
        assertThat(browser.get(node.baseUrl() + "/get?key=when").json().get("value").asText()).isEqualTo("2026-11-25T19:35:34.893Z");
        assertThat(browser.get(node.baseUrl() + "/get?key=tags").json().get("value")).isEqualTo(JSON.readTree("[\"a\"]"));
        assertThat(browser.get(node.baseUrl() + "/get?key=notes").json().get("value"))
                .isEqualTo(JSON.readTree("[{\"text\":\"hi\",\"at\":\"2026-11-25T19:35:34.893Z\"}]"));

        // Node saves the session (its view counter): the types Java recorded survive.
        assertThat(browser.get(node.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(1);
        JsonNode record = JSON.readTree(raw.sync().get(prefix + idOf(browser.cookie().orElseThrow())));
        assertThat(record.get("views").asInt()).isEqualTo(1);
        assertThat(record.get("__sessions4j").get("types").get("n").asText()).isEqualTo("Long");
        assertThat(browser.get(java.baseUrl() + "/get").body()).isEqualTo(TYPED);
    }

    @Test
    void aJavaObjectNodeChangedSoItNoLongerFitsComesBackToJavaAsPlainJson() {
        NodeApp node = node(SECRET);
        SessionApp java = typedJava();
        HttpAgent browser = new HttpAgent("connect.sid");
        browser.get(java.baseUrl() + "/put");

        browser.get(node.baseUrl() + "/set?key=n&value=" + value("\"many\""));
        browser.get(node.baseUrl() + "/set?key=p&value=" + value("[1,2]"));
        HttpAgent.Reply reply = browser.get(java.baseUrl() + "/get");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"n\":\"String(many)\"", "\"p\":\"ArrayList[Integer(1),Integer(2)]\"",
                "\"when\":\"Instant(2026-11-25T19:35:34.893Z)\"");
    }
}
