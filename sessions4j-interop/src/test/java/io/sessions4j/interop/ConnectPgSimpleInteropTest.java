package io.sessions4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.SessionConfig;
import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.redis.testing.SessionApp;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real express-session 1.19 + connect-pg-simple 10 (node/app.js with STORE=pg, from npm) and a
 * sessions4j app (SessionFilter on Jetty + {@link JdbcStore}) share one PostgreSQL table and one secret; one
 * browser goes back and forth between them. The Node app may run its database sessions in another time
 * zone than the JVM's: JdbcStore is then pinned to the zone the Node app reports.
 */
class ConnectPgSimpleInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_AGE = Duration.ofMinutes(10).toMillis();
    private static final String SECRET = "interop secret shared by node and java, long enough";

    private static String url;
    private static HikariDataSource pool;
    private static final List<String> tables = new ArrayList<>();

    private final List<AutoCloseable> running = new ArrayList<>();
    private String table;
    private NodeApp node;
    private SessionApp javaApp;
    private JdbcStore store;

    @BeforeAll
    static void database() {
        NodeApp.requireNode();
        url = TestDatabases.postgresUrl();
        pool = TestDatabases.pool(url, 8);
    }

    @AfterAll
    static void dropTables() {
        if (pool != null) {
            for (String t : tables) {
                TestDatabases.dropStoreTables(pool, t);
            }
            pool.close();
        }
    }

    @AfterEach
    void stopApps() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    /** Both apps over a fresh table; the Node app's database sessions in {@code nodeZone} (null: the server's). */
    private void startBoth(String nodeZone) throws Exception {
        table = TestDatabases.uniqueTable();
        tables.add(table);
        // The table is created the Java way, from the shipped DDL: connect-pg-simple must accept it as its own.
        JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(Duration.ZERO).build().close();
        node = NodeApp.postgres(url, table, List.of(SECRET), MAX_AGE, nodeZone);
        running.add(node);
        String zone = new Browser().get(node.port(), "/tz").get("timeZone").asText();
        store = JdbcStore.builder(pool).table(table).timeZone(ZoneId.of(zone)).build();
        running.add(store);
        javaApp = SessionApp.start(SessionConfig.builder()
                .secrets(SECRET)
                .store(store)
                .cookie(c -> c.maxAge(Duration.ofMillis(MAX_AGE)))
                .build(), "java");
        running.add(javaApp);
    }

    @ParameterizedTest(name = "node sessions in {0}")
    @ValueSource(strings = {"server default", "America/New_York", "Asia/Kolkata"})
    void aSessionStartedInNodeIsReadAndChangedByJavaAndSeenByNode(String nodeZone) throws Exception {
        startBoth(nodeZone.equals("server default") ? null : nodeZone);
        Browser browser = new Browser();
        assertThat(browser.get(node.port(), "/views").get("views").asInt()).isEqualTo(1);
        assertThat(browser.get(javaApp.port(), "/views").get("views").asInt()).isEqualTo(2);
        assertThat(browser.get(node.port(), "/views").get("views").asInt()).isEqualTo(3);
        assertThat(browser.get(javaApp.port(), "/peek").get("views").asInt()).isEqualTo(3);
        assertThat(browser.get(node.port(), "/peek").get("views").asInt()).isEqualTo(3);
        // Both sides agree on when the row expires: Java reads the instant Node wrote.
        Row row = row(browser.sessionId());
        JsonNode cookie = JSON.readTree(row.sess).get("cookie");
        Instant cookieExpires = Instant.parse(cookie.get("expires").asText());
        assertThat(store.get(browser.sessionId()).orElseThrow().expires())
                .isBetween(cookieExpires.minusSeconds(2), cookieExpires.plusSeconds(2));
    }

    @ParameterizedTest(name = "node sessions in {0}")
    @ValueSource(strings = {"server default", "America/New_York"})
    void aSessionStartedInJavaIsReadAndChangedByNodeAndSeenByJava(String nodeZone) throws Exception {
        startBoth(nodeZone.equals("server default") ? null : nodeZone);
        Browser browser = new Browser();
        assertThat(browser.get(javaApp.port(), "/login?user=ada").get("user").asText()).isEqualTo("ada");
        assertThat(browser.get(node.port(), "/whoami").get("user").asText()).isEqualTo("ada");
        browser.get(node.port(), "/set?key=cart&value=" + enc("[\"book\",{\"qty\":2}]"));
        JsonNode cart = browser.get(javaApp.port(), "/get?key=cart").get("value");
        assertThat(cart.toString()).isEqualTo("[\"book\",{\"qty\":2}]");
        browser.get(javaApp.port(), "/set?key=theme&value=" + enc("\"dark\""));
        assertThat(browser.get(node.port(), "/get?key=theme").get("value").asText()).isEqualTo("dark");
        assertThat(browser.get(node.port(), "/whoami").get("user").asText()).isEqualTo("ada");
    }

    @Test
    void rowsJavaWritesAreTakenByExpressSessionUnchanged() throws Exception {
        startBoth(null);
        Browser browser = new Browser();
        browser.get(javaApp.port(), "/login?user=grace");
        Row before = row(browser.sessionId());
        JsonNode stored = JSON.readTree(before.sess);
        List<String> cookieKeys = new ArrayList<>();
        stored.get("cookie").fieldNames().forEachRemaining(cookieKeys::add);
        assertThat(stored.fieldNames().next()).isEqualTo("cookie");
        assertThat(cookieKeys).startsWith("originalMaxAge").contains("expires", "httpOnly", "path");
        assertThat(stored.get("cookie").get("originalMaxAge").asLong()).isEqualTo(MAX_AGE);

        // A read-only request in express-session: loads the row, answers, touches only "expire".
        JsonNode got = browser.get(node.port(), "/get?key=user");
        assertThat(got.get("value").asText()).isEqualTo("grace");
        assertThat(got.get("id").asText()).isEqualTo(browser.sessionId());
        assertThat(got.get("originalMaxAge").asLong()).isEqualTo(MAX_AGE);
        assertThat(Instant.parse(got.get("expires").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(9)));
        assertThat(row(browser.sessionId()).sess).as("express-session kept the text as Java wrote it")
                .isEqualTo(before.sess);
    }

    @Test
    void logoutOnEitherSideEndsTheSessionForBoth() throws Exception {
        startBoth(null);
        Browser browser = new Browser();
        browser.get(node.port(), "/login?user=linus");
        String id = browser.sessionId();
        assertThat(browser.get(javaApp.port(), "/whoami").get("user").asText()).isEqualTo("linus");
        browser.get(javaApp.port(), "/logout");
        assertThat(rowExists(id)).isFalse();
        assertThat(browser.get(node.port(), "/whoami").get("user").isNull()).isTrue();

        browser.get(javaApp.port(), "/login?user=ken");
        String second = browser.sessionId();
        browser.get(node.port(), "/logout");
        assertThat(rowExists(second)).isFalse();
        assertThat(browser.get(javaApp.port(), "/whoami").get("user").isNull()).isTrue();
    }

    // ---- helpers ----

    private record Row(String sess, String expire) {
    }

    private Row row(String sid) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT sess::text, expire::text FROM \"" + table + "\" WHERE sid = ?")) {
            ps.setString(1, sid);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row for the session").isTrue();
                return new Row(rs.getString(1), rs.getString(2));
            }
        }
    }

    private boolean rowExists(String sid) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM \"" + table + "\" WHERE sid = ?")) {
            ps.setString(1, sid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One browser: keeps the {@code connect.sid} cookie whichever app set it (cookies ignore ports). */
    private static final class Browser {
        private final HttpClient client = HttpClient.newHttpClient();
        private String cookie;

        JsonNode get(int port, String path) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20));
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
            response.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith("connect.sid="))
                    .forEach(v -> cookie = v.substring(0, v.indexOf(';')));
            return JSON.readTree(response.body());
        }

        /** The session id inside the signed cookie value ({@code s:<id>.<signature>}, percent-encoded). */
        String sessionId() {
            String value = URLDecoder.decode(cookie.substring(cookie.indexOf('=') + 1), StandardCharsets.UTF_8);
            return value.substring(2, value.lastIndexOf('.'));
        }
    }
}
