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
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Java values with their types (a record, a {@code Long}, an {@code Instant}, a {@code HashSet}, a list of
 * records) in a session shared with the real express-session over Redis: Node reads every user key as plain
 * JSON, its own saves keep the types Java recorded, and a value Node changes so that it no longer fits comes
 * back to Java as plain JSON without failing the request.
 */
class TypedValuesInteropTest {
    public record Point(int x, int y) {
    }

    public record Note(String text, Instant at) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "interop secret shared by node and java, long enough";
    private static final Instant AT = Instant.parse("2026-11-25T19:35:34.893Z");

    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> raw;
    private static String nodeMissing;

    private final List<AutoCloseable> running = new ArrayList<>();
    private String prefix;

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
        Assumptions.assumeTrue(nodeMissing == null, () -> nodeMissing);
        prefix = TestRedis.uniquePrefix("typed");
    }

    @AfterEach
    void stop() throws Exception {
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

    /** Describes each value with its class: {@code Point(Point[x=1, y=2])}, lists element by element. */
    private static String describe(Object value) {
        if (value instanceof List<?> list) {
            return value.getClass().getSimpleName() + list.stream().map(TypedValuesInteropTest::describe)
                    .collect(Collectors.joining(",", "[", "]"));
        }
        return value == null ? "null" : value.getClass().getSimpleName() + "(" + value + ")";
    }

    /** {@code /put} stores typed values; {@code /get} describes them. */
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

    private String startJava() {
        RedisStore store = RedisStore.builder().uri(redis.uri()).prefix(prefix).build();
        running.add(store);
        SessionConfig config = SessionConfig.builder().secrets(SECRET).store(store)
                .cookie(c -> c.maxAge(Duration.ofMinutes(10))).allowTypes(Point.class, Note.class).build();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new TypedEndpoints()), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty", e);
        }
        running.add(server::stop);
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    private static final String TYPED = "{\"n\":\"Long(5)\",\"notes\":\"ArrayList[Note(Note[text=hi, at=2026-11-25T19:35:34.893Z])]\","
            + "\"p\":\"Point(Point[x=1, y=2])\",\"tags\":\"HashSet([a])\",\"when\":\"Instant(2026-11-25T19:35:34.893Z)\"}";

    @Test
    void nodeReadsPlainJsonAndItsSavesKeepTheJavaTypes() throws Exception {
        NodeApp node = NodeApp.redis(redis.uri(), prefix, List.of(SECRET), Duration.ofMinutes(10).toMillis());
        running.add(node);
        String java = startJava();
        HttpAgent browser = new HttpAgent("connect.sid");

        assertThat(browser.get(java + "/put").body()).isEqualTo(TYPED);
        assertThat(browser.get(node.baseUrl() + "/get?key=p").json().get("value")).isEqualTo(JSON.readTree("{\"x\":1,\"y\":2}"));
        assertThat(browser.get(node.baseUrl() + "/get?key=when").json().get("value").asText()).isEqualTo("2026-11-25T19:35:34.893Z");
        assertThat(browser.get(node.baseUrl() + "/get?key=tags").json().get("value")).isEqualTo(JSON.readTree("[\"a\"]"));
        assertThat(browser.get(node.baseUrl() + "/get?key=notes").json().get("value"))
                .isEqualTo(JSON.readTree("[{\"text\":\"hi\",\"at\":\"2026-11-25T19:35:34.893Z\"}]"));

        // Node saves the session (its view counter): the types Java recorded survive.
        assertThat(browser.get(node.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(1);
        String id = idOf(browser.cookie().orElseThrow());
        JsonNode record = JSON.readTree(raw.sync().get(prefix + id));
        assertThat(record.get("views").asInt()).isEqualTo(1);
        assertThat(record.get("__sessions4j").get("types").get("n").asText()).isEqualTo("Long");
        assertThat(browser.get(java + "/get").body()).isEqualTo(TYPED);
    }

    @Test
    void aValueNodeChangedSoItNoLongerFitsComesBackAsPlainJson() {
        NodeApp node = NodeApp.redis(redis.uri(), prefix, List.of(SECRET), Duration.ofMinutes(10).toMillis());
        running.add(node);
        String java = startJava();
        HttpAgent browser = new HttpAgent("connect.sid");
        browser.get(java + "/put");

        browser.get(node.baseUrl() + "/set?key=n&value=" + HttpAgent.enc("\"many\""));
        browser.get(node.baseUrl() + "/set?key=p&value=" + HttpAgent.enc("[1,2]"));
        HttpAgent.Reply response = browser.get(java + "/get");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"n\":\"String(many)\"", "\"p\":\"ArrayList[Integer(1),Integer(2)]\"",
                "\"when\":\"Instant(2026-11-25T19:35:34.893Z)\"");
    }

    private static String idOf(String cookie) {
        String decoded = URLDecoder.decode(cookie, StandardCharsets.UTF_8);
        return decoded.substring(2, decoded.lastIndexOf('.'));
    }
}
