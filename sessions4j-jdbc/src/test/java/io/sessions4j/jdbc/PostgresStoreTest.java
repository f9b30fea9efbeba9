package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.SessionStoreException;
import io.sessions4j.jdbc.testing.CountingDataSource;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL specifics: connect-pg-simple's table and time handling, the fused read-and-touch, failures. */
class PostgresStoreTest {
    private static HikariDataSource pool;
    private static final List<String> tables = new ArrayList<>();
    private String table;
    private JdbcStore store;

    @BeforeAll
    static void database() {
        pool = TestDatabases.pool(TestDatabases.postgresUrl(), 8);
    }

    @AfterAll
    static void dropTables() {
        for (String t : tables) {
            TestDatabases.dropStoreTables(pool, t);
        }
        pool.close();
    }

    @BeforeEach
    void openStore() {
        table = TestDatabases.uniqueTable();
        tables.add(table);
        store = JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(Duration.ZERO).build();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void createsConnectPgSimplesTable() throws SQLException {
        assertThat(store.dialect()).isEqualTo(JdbcDialect.POSTGRESQL);
        List<String> columns = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT column_name, data_type, datetime_precision FROM information_schema.columns"
                        + " WHERE table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1) + " " + rs.getString(2)
                            + (rs.getObject(3) == null ? "" : "(" + rs.getInt(3) + ")"));
                }
            }
        }
        // connect-pg-simple's three columns, then the nullable principal column of the principal index.
        assertThat(columns).containsExactly("sid character varying", "sess json",
                "expire timestamp without time zone(6)", "principal character varying");
        assertThat(query("SELECT indexdef FROM pg_indexes WHERE tablename = '" + table + "' ORDER BY indexname"))
                .anySatisfy(def -> assertThat(def).contains("\"IDX_" + table + "_expire\"").contains("(expire)"))
                .anySatisfy(def -> assertThat(def).contains("UNIQUE INDEX " + table + "_pkey"))
                .anySatisfy(def -> assertThat(def).contains("\"IDX_" + table + "_principal\"")
                        .contains("(principal, expire)"));
    }

    @Test
    void shippedDdlFileIsConnectPgSimplesTableSql() {
        JdbcStore defaults = JdbcStore.builder(pool).dialect(JdbcDialect.POSTGRESQL).pruneInterval(Duration.ZERO).build();
        assertThat(defaults.createTableStatements()).containsExactly(
                "CREATE TABLE IF NOT EXISTS \"session\" (\n  \"sid\" varchar NOT NULL COLLATE \"default\",\n"
                        + "  \"sess\" json NOT NULL,\n  \"expire\" timestamp(6) NOT NULL,\n"
                        + "  CONSTRAINT \"session_pkey\" PRIMARY KEY (\"sid\") NOT DEFERRABLE INITIALLY IMMEDIATE\n)",
                "CREATE INDEX IF NOT EXISTS \"IDX_session_expire\" ON \"session\" (\"expire\")",
                "CREATE TABLE IF NOT EXISTS \"session_lock\" (\n  \"sid\" varchar NOT NULL PRIMARY KEY,\n"
                        + "  \"owner\" varchar(64) NOT NULL,\n  \"expires_ms\" bigint NOT NULL\n)");
    }

    @Test
    void readsARowWrittenWithConnectPgSimplesSql() throws SQLException {
        // connect-pg-simple's set: expire = to_timestamp(ceil(cookie.expires / 1000)).
        Instant cookieExpires = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        long expireSeconds = (cookieExpires.toEpochMilli() + 999) / 1000;
        String json = "{\"cookie\":{\"originalMaxAge\":600000,\"expires\":\"" + cookieExpires
                + "\",\"httpOnly\":true,\"path\":\"/\"},\"views\":1}";
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO \"" + table
                + "\" (sess, expire, sid) SELECT ?::json, to_timestamp(?), ? ON CONFLICT (sid) DO UPDATE"
                + " SET sess = ?::json, expire = to_timestamp(?) RETURNING sid")) {
            ps.setString(1, json);
            ps.setLong(2, expireSeconds);
            ps.setString(3, "node-sid");
            ps.setString(4, json);
            ps.setLong(5, expireSeconds);
            ps.executeQuery().close();
        }
        StoredSession read = store.get("node-sid").orElseThrow();
        assertThat(read.json()).isEqualTo(json);
        assertThat(read.expires()).isEqualTo(Instant.ofEpochSecond(expireSeconds));
    }

    /**
     * A compare-and-set against a record of DIGEST_MIN_CHARS or more sends a SHA-256 of the expected text, and
     * the database compares it with one of the stored text, computed from the row itself
     * (connect-pg-simple keeps no version): a row it wrote, with characters outside ASCII and the BMP, matches
     * its exact text, and not the same JSON spelled otherwise.
     */
    @Test
    void compareAndSetMatchesARowConnectPgSimpleWroteByItsExactText() throws SQLException {
        Instant expires = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        String json = "{\"cookie\":{\"originalMaxAge\":600000},\"name\":\"Zoë € 😀\",\"pad\":\""
                + "x".repeat(JdbcStore.DIGEST_MIN_CHARS) + "\"}";
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO \"" + table
                + "\" (sess, expire, sid) SELECT ?::json, to_timestamp(?), ?")) {
            ps.setString(1, json);
            ps.setLong(2, expires.getEpochSecond());
            ps.setString(3, "node-cas");
            ps.executeUpdate();
        }
        StoredSession next = new StoredSession("{\"n\":2}", expires);
        assertThat(store.replace("node-cas", json.replace("😀", "😁"), next)).isFalse();
        assertThat(store.replace("node-cas", json.replace(",", ", "), next)).as("same JSON, other text").isFalse();
        CountingDataSource counting = new CountingDataSource(pool);
        try (JdbcStore countingStore = JdbcStore.builder(counting.dataSource()).table(table)
                .pruneInterval(Duration.ZERO).build()) {
            assertThat(countingStore.replace("node-cas", json, next)).isTrue();
            assertThat(countingStore.replace("node-cas", next.json(), next)).as("a short record").isTrue();
        }
        assertThat(counting.statements()).filteredOn(sql -> sql.startsWith("UPDATE")).hasSize(2)
                .satisfiesExactly(sql -> assertThat(sql).contains("sha256("), sql -> assertThat(sql).doesNotContain("sha256("));
        assertThat(store.get("node-cas").orElseThrow().json()).isEqualTo(next.json());
    }

    @Test
    void writesExpireAsConnectPgSimpleDoesInTheConnectionsTimeZone() throws SQLException {
        Instant expires = Instant.parse("2031-05-06T07:08:09.123Z");
        try (HikariDataSource tokyo = poolIn("Asia/Tokyo");
                JdbcStore tokyoStore = JdbcStore.builder(tokyo).table(table).pruneInterval(Duration.ZERO).build()) {
            tokyoStore.set("tz", new StoredSession("{}", expires));
            assertThat(tokyoStore.get("tz").orElseThrow().expires()).isEqualTo(expires);
            // The stored wall-clock time is Tokyo's, exactly what to_timestamp() gives connect-pg-simple there.
            assertThat(wallClock(tokyo, "tz")).isEqualTo(LocalDateTime.ofInstant(expires, ZoneId.of("Asia/Tokyo")));
            assertThat(query(tokyo, "SELECT (expire = to_timestamp(" + expires.toEpochMilli() / 1000.0
                    + "))::text FROM \"" + table + "\" WHERE sid = 'tz'")).containsExactly("true");
        }
    }

    @Test
    void aPinnedTimeZoneWritesTheSameRowsWhateverTheConnectionsZone() throws SQLException {
        Instant expires = Instant.parse("2031-05-06T07:08:09.123Z");
        try (HikariDataSource tokyo = poolIn("Asia/Tokyo"); HikariDataSource utc = poolIn("UTC");
                JdbcStore pinned = JdbcStore.builder(tokyo).table(table).timeZone(ZoneOffset.UTC)
                        .pruneInterval(Duration.ZERO).build();
                JdbcStore unpinnedTokyo = JdbcStore.builder(tokyo).table(table).pruneInterval(Duration.ZERO).build();
                JdbcStore utcReader = JdbcStore.builder(utc).table(table).pruneInterval(Duration.ZERO).build()) {
            pinned.set("pinned", new StoredSession("{}", expires));
            assertThat(wallClock(tokyo, "pinned")).isEqualTo(LocalDateTime.ofInstant(expires, ZoneOffset.UTC));
            assertThat(utcReader.get("pinned").orElseThrow().expires()).isEqualTo(expires);
            assertThat(pinned.get("pinned").orElseThrow().expires()).isEqualTo(expires);
            // Why the option exists: without it, writer and reader in different zones disagree by the offset.
            unpinnedTokyo.set("unpinned", new StoredSession("{}", expires));
            assertThat(utcReader.get("unpinned").orElseThrow().expires()).isEqualTo(expires.plus(Duration.ofHours(9)));
        }
    }

    @Test
    void readOnlyGetAndTouchWritesNoRowVersionUntilTheTouchIsDue() throws Exception {
        Instant expires = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        store.set("t", new StoredSession("{\"cookie\":{\"originalMaxAge\":600000}}", expires));
        String version = xmin("t");
        TouchRequest notDue = new TouchRequest(Instant.now(), Duration.ofMinutes(1), Duration.ofDays(1));
        assertThat(store.getAndTouch("t", notDue).orElseThrow().expires()).isEqualTo(expires);
        assertThat(xmin("t")).as("no write when not due").isEqualTo(version);

        Thread.sleep(50);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TouchRequest due = new TouchRequest(now, Duration.ofMillis(10), Duration.ofDays(1));
        StoredSession touched = store.getAndTouch("t", due).orElseThrow();
        assertThat(touched.expires()).isEqualTo(now.plus(Duration.ofMinutes(10)));
        assertThat(store.get("t").orElseThrow().expires()).isEqualTo(touched.expires());
        assertThat(xmin("t")).isNotEqualTo(version);
    }

    @Test
    void getAndTouchUsesTheBrowserSessionTtlWhenOriginalMaxAgeIsMissingOrNotANumber() {
        Instant expires = Instant.now().plus(Duration.ofMinutes(1));
        store.set("none", new StoredSession("{\"cookie\":{\"originalMaxAge\":null}}", expires));
        store.set("text", new StoredSession("{\"cookie\":{\"originalMaxAge\":\"soon\"}}", expires));
        store.set("nocookie", new StoredSession("[1,2]", expires));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TouchRequest touch = new TouchRequest(now, Duration.ofMillis(1), Duration.ofHours(5));
        for (String id : List.of("none", "text", "nocookie")) {
            assertThat(store.getAndTouch(id, touch).orElseThrow().expires()).as(id).isEqualTo(now.plus(Duration.ofHours(5)));
        }
    }

    @Test
    void getAndTouchNeverMovesAnExpiryBackNorResurrects() throws InterruptedException {
        Instant far = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
        store.set("far", new StoredSession("{\"cookie\":{\"originalMaxAge\":60000}}", far));
        TouchRequest touch = new TouchRequest(Instant.now(), Duration.ofMillis(1), Duration.ofDays(1));
        assertThat(store.getAndTouch("far", touch).orElseThrow().expires()).isEqualTo(far);
        store.set("gone", new StoredSession("{\"cookie\":{\"originalMaxAge\":60000}}", Instant.now().plusMillis(200)));
        Thread.sleep(400);
        assertThat(store.getAndTouch("gone", new TouchRequest(Instant.now(), Duration.ofMillis(1), Duration.ofDays(1))))
                .isEmpty();
        assertThat(store.get("gone")).isEmpty();
    }

    @Test
    void failuresNameStoreAndOperationButNoSessionData() {
        String id = "secret-session-id-4711";
        String json = "{\"cookie\":{},\"card\":\"4111 1111 1111 1111\" not json";
        SessionStoreException e = catchThrowableOfType(SessionStoreException.class,
                () -> store.set(id, new StoredSession(json, Instant.now().plusSeconds(60))));
        assertThat(e.store()).isEqualTo("JdbcStore(postgresql)");
        assertThat(e.operation()).isEqualTo("set");
        assertThat(e).hasMessageContaining("22P02").hasMessageNotContaining(id).hasMessageNotContaining("4111");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(id).doesNotContain("4111");
        }
    }

    @Test
    void severalNodesCreatingTheTableAtOnceAllSucceed() throws Exception {
        String shared = TestDatabases.uniqueTable();
        tables.add(shared);
        ExecutorService executor = Executors.newFixedThreadPool(6);
        try {
            List<Callable<JdbcStore>> nodes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                nodes.add(() -> JdbcStore.builder(pool).table(shared).createTableIfMissing(true)
                        .pruneInterval(Duration.ZERO).build());
            }
            for (Future<JdbcStore> node : executor.invokeAll(nodes)) {
                try (JdbcStore s = node.get()) {
                    s.set("x", new StoredSession("{}", Instant.now().plusSeconds(60)));
                }
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void schemaAndTableNamesAreQuotedLiterally() {
        String schema = "s4j test \"" + table.substring(9) + "\"";
        TestDatabases.execute(pool, "CREATE SCHEMA \"" + schema.replace("\"", "\"\"") + "\"");
        try (JdbcStore odd = JdbcStore.builder(pool).schema(schema).table("Session; DROP TABLE x; --")
                .createTableIfMissing(true).pruneInterval(Duration.ZERO).build()) {
            odd.set("a", new StoredSession("{\"a\":1}", Instant.now().plusSeconds(60)));
            assertThat(odd.get("a").orElseThrow().json()).isEqualTo("{\"a\":1}");
            assertThat(odd.length()).isEqualTo(1);
            assertThat(odd.pruneExpired()).isZero();
        } finally {
            TestDatabases.execute(pool, "DROP SCHEMA \"" + schema.replace("\"", "\"\"") + "\" CASCADE");
        }
    }

    @Test
    void aPoolWithAutocommitOffStillCommitsEachStatement() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.postgresUrl());
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        try (HikariDataSource manual = new HikariDataSource(config);
                JdbcStore s = JdbcStore.builder(manual).table(table).pruneInterval(Duration.ZERO).build()) {
            s.set("ac", new StoredSession("{\"v\":1}", Instant.now().plusSeconds(60)));
            assertThat(store.get("ac").orElseThrow().json()).isEqualTo("{\"v\":1}");
            assertThat(s.replace("ac", "{\"v\":1}", new StoredSession("{\"v\":2}", Instant.now().plusSeconds(60)))).isTrue();
            assertThat(store.get("ac").orElseThrow().json()).isEqualTo("{\"v\":2}");
        }
    }

    // ---- helpers ----

    private static HikariDataSource poolIn(String zone) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.postgresUrl());
        config.setMaximumPoolSize(2);
        config.setConnectionInitSql("SET TIME ZONE '" + zone + "'");
        return new HikariDataSource(config);
    }

    private LocalDateTime wallClock(HikariDataSource ds, String sid) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT expire FROM \"" + table + "\" WHERE sid = '" + sid + "'")) {
            rs.next();
            return rs.getObject(1, LocalDateTime.class);
        }
    }

    private String xmin(String sid) throws SQLException {
        return query("SELECT xmin::text FROM \"" + table + "\" WHERE sid = '" + sid + "'").get(0);
    }

    private static List<String> query(String sql) throws SQLException {
        return query(pool, sql);
    }

    private static List<String> query(HikariDataSource ds, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
