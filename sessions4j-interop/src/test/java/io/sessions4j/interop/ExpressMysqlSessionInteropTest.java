package io.sessions4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.SessionConfig;
import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.redis.testing.HttpAgent;
import io.sessions4j.redis.testing.SessionApp;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real express-session 1.19 + express-mysql-session 3 (mysql2; node/app.js with STORE=mysql, from npm)
 * and a sessions4j app (SessionFilter on Jetty + {@link JdbcStore}) share one MariaDB table
 * ({@code session_id}, {@code expires} in epoch seconds, {@code data}) and one secret; one browser goes back
 * and forth between them. The database is {@code SESSIONS4J_MARIADB_URL} (CI: the machine's MariaDB), else
 * one the tests start, through {@link TestDatabases}.
 */
class ExpressMysqlSessionInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_AGE = Duration.ofMinutes(10).toMillis();
    // Long enough that the "not yet expired" checks have seconds to spare on a busy machine.
    private static final long SHORT_MAX_AGE = 2_500;
    private static final String SECRET = "interop secret shared by node and java, long enough";

    private static String url;
    private static HikariDataSource pool;

    private final List<AutoCloseable> running = new ArrayList<>();
    private String table;
    private JdbcStore store;
    private SessionApp java;
    private NodeApp node;

    @BeforeAll
    static void database() {
        NodeApp.requireNode();
        url = TestDatabases.mariadbUrl();
        pool = TestDatabases.pool(url, 8);
    }

    @AfterAll
    static void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    @BeforeEach
    void newTable() {
        table = TestDatabases.uniqueTable();
    }

    @AfterEach
    void stopAppsAndDropTable() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        TestDatabases.dropStoreTables(pool, table);
    }

    /** Both apps over a table made from sessions4j's DDL, with the ten-minute cookie. */
    private void startBoth() {
        store = store(true);
        java = java(store, MAX_AGE);
        node = node(MAX_AGE);
    }

    /** A store on the test's table; {@code create}: from sessions4j's shipped DDL, else it must exist. */
    private JdbcStore store(boolean create) {
        JdbcStore opened = JdbcStore.builder(pool).table(table).createTableIfMissing(create)
                .pruneInterval(Duration.ZERO).build();
        running.add(opened);
        return opened;
    }

    private SessionApp java(JdbcStore sessions, Long maxAgeMillis) {
        SessionApp app = SessionApp.start(SessionConfig.builder()
                .secrets(SECRET)
                .store(sessions)
                .cookie(c -> c.maxAge(maxAgeMillis == null ? null : Duration.ofMillis(maxAgeMillis)))
                .build(), "java");
        running.add(app);
        return app;
    }

    /**
     * The Node app with express-mysql-session's default createDatabaseTable: its {@code CREATE TABLE IF NOT
     * EXISTS}, a no-op when Java made the table first.
     */
    private NodeApp node(Long maxAgeMillis) {
        NodeApp app = NodeApp.overMysql(url, table).set("CREATE_TABLE", "1")
                .secrets(List.of(SECRET)).maxAge(maxAgeMillis).start();
        running.add(app);
        return app;
    }

    @Test
    void aSessionStartedInNodeIsReadAndChangedByJavaAndBothAgreeOnItsExpiry() throws Exception {
        startBoth();
        HttpAgent browser = new HttpAgent("connect.sid");

        assertThat(browser.get(node.baseUrl() + "/login?user=ada").json().get("user").asText()).isEqualTo("ada");
        String id = idOf(browser);
        Row written = row(id).orElseThrow();
        Instant cookieExpires = cookieExpires(written);
        // express-mysql-session rounds the cookie's expiry to the nearest second; Java reads that instant.
        assertThat(written.expires()).isEqualTo(Math.round(cookieExpires.toEpochMilli() / 1000.0));
        assertThat(store.get(id).orElseThrow().expires()).isEqualTo(Instant.ofEpochSecond(written.expires()))
                .isBetween(cookieExpires.minusMillis(500), cookieExpires.plusMillis(500));

        JsonNode javaSees = browser.get(java.baseUrl() + "/get?key=user").json();
        assertThat(javaSees.get("value").asText()).isEqualTo("ada");
        assertThat(javaSees.get("id").asText()).isEqualTo(id);
        assertThat(javaSees.get("originalMaxAge").asLong()).isEqualTo(MAX_AGE);

        browser.get(java.baseUrl() + "/set?key=cart&value=" + HttpAgent.enc("[\"book\",{\"qty\":2,\"name\":\"Zoë\"}]"));
        JsonNode back = browser.get(node.baseUrl() + "/get?key=cart").json();
        assertThat(back.get("value")).isEqualTo(JSON.readTree("[\"book\",{\"qty\":2,\"name\":\"Zoë\"}]"));
        assertThat(back.get("id").asText()).isEqualTo(id);
        assertThat(browser.get(node.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(1);
        assertThat(browser.get(java.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);
        assertThat(browser.get(node.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("ada");
        assertThat(idOf(browser)).isEqualTo(id);
    }

    @Test
    void aSessionStartedInJavaIsReadAndChangedByNodeAndBothAgreeOnItsExpiry() throws Exception {
        startBoth();
        HttpAgent browser = new HttpAgent("connect.sid");

        browser.get(java.baseUrl() + "/login?user=grace");
        String id = idOf(browser);
        Row written = row(id).orElseThrow();
        assertThat(JSON.readTree(written.data()).fieldNames().next()).as("express's order: cookie first")
                .isEqualTo("cookie");
        Instant cookieExpires = cookieExpires(written);
        // sessions4j rounds up, so the row never ends before the cookie.
        assertThat(written.expires()).isEqualTo(Math.floorDiv(cookieExpires.toEpochMilli() + 999, 1000));

        JsonNode nodeSees = browser.get(node.baseUrl() + "/get?key=user").json();
        assertThat(nodeSees.get("value").asText()).isEqualTo("grace");
        assertThat(nodeSees.get("id").asText()).isEqualTo(id);
        assertThat(nodeSees.get("originalMaxAge").asLong()).isEqualTo(MAX_AGE);
        assertThat(Instant.parse(nodeSees.get("expires").asText())).as("the expiry Java wrote")
                .isEqualTo(cookieExpires);

        browser.get(node.baseUrl() + "/set?key=theme&value=" + HttpAgent.enc("\"dark\""));
        JsonNode rewritten = JSON.readTree(row(id).orElseThrow().data());
        assertThat(rewritten.get("theme").asText()).isEqualTo("dark");
        assertThat(rewritten.get("__sessions4j")).as("express-session keeps Java's metadata as ordinary data")
                .isEqualTo(JSON.readTree(written.data()).get("__sessions4j")).isNotNull();
        assertThat(browser.get(java.baseUrl() + "/get?key=theme").json().get("value").asText()).isEqualTo("dark");
        assertThat(browser.get(java.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("grace");
        assertThat(browser.get(java.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(1);
        assertThat(browser.get(node.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);
        assertThat(browser.get(java.baseUrl() + "/peek").json().get("views").asInt()).isEqualTo(2);
        assertThat(idOf(browser)).isEqualTo(id);
    }

    @Test
    void javaSharesTheTableExpressMysqlSessionCreatesItself() throws Exception {
        node = node(MAX_AGE);
        assertThat(indexes()).as("express-mysql-session's schema.sql: the primary key only").containsExactly("PRIMARY");
        store = store(false);
        java = java(store, MAX_AGE);
        HttpAgent fromNode = new HttpAgent("connect.sid");
        HttpAgent fromJava = new HttpAgent("connect.sid");

        fromNode.get(node.baseUrl() + "/views");
        assertThat(fromNode.get(java.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);
        fromJava.get(java.baseUrl() + "/login?user=linus");
        assertThat(fromJava.get(node.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("linus");
        assertThat(store.length()).isEqualTo(2);
        assertThat(store.pruneExpired()).isZero();
        assertThat(fromNode.get(node.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(3);
    }

    @Test
    void eachSidesPruningTakesTheExpiredRowsOfBothAndLeavesTheLiveOnes() throws Exception {
        startBoth();
        SessionApp shortJava = java(store, SHORT_MAX_AGE);
        NodeApp shortNode = node(SHORT_MAX_AGE);

        HttpAgent nodeLive = new HttpAgent("connect.sid");
        nodeLive.get(node.baseUrl() + "/login?user=node-live");
        HttpAgent javaLive = new HttpAgent("connect.sid");
        javaLive.get(java.baseUrl() + "/login?user=java-live");

        // Round 1: express-mysql-session's clearExpiredSessions; round 2: JdbcStore.pruneExpired.
        for (Runnable prune : List.<Runnable>of(() -> prune(node), store::pruneExpired)) {
            HttpAgent nodeShort = new HttpAgent("connect.sid");
            nodeShort.get(shortNode.baseUrl() + "/views");
            HttpAgent javaShort = new HttpAgent("connect.sid");
            javaShort.get(shortJava.baseUrl() + "/views");
            List<String> shortIds = List.of(idOf(nodeShort), idOf(javaShort));

            // Before they expire, neither pruning takes them.
            prune(node);
            store.pruneExpired();
            for (String id : shortIds) {
                assertThat(row(id)).as("live short session " + id).isPresent();
            }

            long lastExpires = Math.max(row(shortIds.get(0)).orElseThrow().expires(),
                    row(shortIds.get(1)).orElseThrow().expires());
            // Past both rules: sessions4j's (expires <= now) and express-mysql-session's (expires < round(now)).
            sleepUntil(Instant.ofEpochSecond(lastExpires).plusMillis(1_100));
            assertThat(nodeShort.get(shortNode.baseUrl() + "/peek").json().get("isNew").asBoolean()).isTrue();
            assertThat(javaShort.get(shortJava.baseUrl() + "/peek").json().get("isNew").asBoolean()).isTrue();

            prune.run();
            for (String id : shortIds) {
                assertThat(row(id)).as("expired session " + id).isEmpty();
            }
            assertThat(row(idOf(nodeLive))).isPresent();
            assertThat(row(idOf(javaLive))).isPresent();
            assertThat(nodeLive.get(java.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("node-live");
            assertThat(javaLive.get(node.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("java-live");
        }
    }

    @Test
    void logoutOnEitherSideDeletesTheRowForBoth() throws Exception {
        startBoth();
        HttpAgent browser = new HttpAgent("connect.sid");

        browser.get(node.baseUrl() + "/login?user=ken");
        String first = idOf(browser);
        assertThat(browser.get(java.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("ken");
        browser.get(java.baseUrl() + "/logout");
        assertThat(row(first)).isEmpty();
        assertThat(browser.get(node.baseUrl() + "/whoami").json().get("user").isNull()).isTrue();

        browser.get(java.baseUrl() + "/login?user=barbara");
        String second = idOf(browser);
        assertThat(browser.get(node.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("barbara");
        browser.get(node.baseUrl() + "/logout");
        assertThat(row(second)).isEmpty();
        assertThat(browser.get(java.baseUrl() + "/whoami").json().get("user").isNull()).isTrue();
    }

    @Test
    void aBrowserSessionCookieSessionLastsOneDayInTheTableOnBothSides() throws Exception {
        store = store(true);
        java = java(store, null);
        node = node(null);
        HttpAgent browser = new HttpAgent("connect.sid");

        browser.get(node.baseUrl() + "/views");
        String id = idOf(browser);
        long day = Duration.ofDays(1).toSeconds();
        long now = Instant.now().getEpochSecond();
        assertThat(row(id).orElseThrow().expires()).as("express-mysql-session's expiration option, one day")
                .isBetween(now + day - 60, now + day + 1);
        assertThat(browser.get(java.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(2);
        JsonNode cookie = JSON.readTree(row(id).orElseThrow().data()).get("cookie");
        assertThat(cookie.get("originalMaxAge").isNull()).isTrue();
        assertThat(cookie.get("expires").isNull()).isTrue();
        assertThat(row(id).orElseThrow().expires()).as("sessions4j's browserSessionTtl, one day")
                .isBetween(now + day - 60, now + day + 1);
        assertThat(browser.get(node.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(3);
    }

    // ---- helpers ----

    private record Row(String data, long expires) {
    }

    private Optional<Row> row(String id) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT `data`, `expires` FROM `" + table + "` WHERE `session_id` = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Row(rs.getString(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    private List<String> indexes() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SHOW INDEX FROM `" + table + "`");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString("Key_name"));
            }
        }
        return names;
    }

    /** The {@code cookie.expires} inside the row's session JSON, as the side that wrote it put it there. */
    private static Instant cookieExpires(Row row) throws Exception {
        return Instant.parse(JSON.readTree(row.data()).get("cookie").get("expires").asText());
    }

    private static void prune(NodeApp app) {
        HttpAgent.Reply reply = new HttpAgent("connect.sid").get(app.baseUrl() + "/prune");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    /** The session id inside the browser's signed cookie ({@code s:<id>.<signature>}, percent-encoded). */
    private static String idOf(HttpAgent browser) {
        String value = URLDecoder.decode(browser.cookie().orElseThrow(), StandardCharsets.UTF_8);
        return value.substring(2, value.lastIndexOf('.'));
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
