package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.jdbc.testing.CountingDataSource;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.StoredSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MariaDB specifics: express-mysql-session's table, whole-second expiry, byte-exact compare-and-set. */
class MariaDbStoreTest {
    private static HikariDataSource pool;
    private static String table;
    private static JdbcStore store;

    @BeforeAll
    static void database() {
        pool = TestDatabases.pool(TestDatabases.mariadbUrl(), 4);
        table = TestDatabases.uniqueTable();
        store = JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(Duration.ZERO).build();
    }

    @AfterAll
    static void drop() {
        if (pool != null) {
            store.close();
            TestDatabases.dropStoreTables(pool, table);
            pool.close();
        }
    }

    @Test
    void theTableIsExpressMysqlSessionsWithAnExpiresIndex() throws Exception {
        assertThat(store.dialect()).isEqualTo(JdbcDialect.MARIADB);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
            rs.next();
            assertThat(rs.getString(2)).contains("`session_id` varchar(128)", "`expires` int(10) unsigned NOT NULL",
                    "`data` mediumtext", "PRIMARY KEY (`session_id`)", "KEY `idx_" + table + "_expires` (`expires`)",
                    "utf8mb4_bin");
        }
    }

    @Test
    void readsARowWrittenTheWayExpressMysqlSessionWritesIt() throws Exception {
        long expires = Instant.now().plusSeconds(600).getEpochSecond();
        insertAsExpressMysqlSession("node-made", expires, "{\"cookie\":{\"originalMaxAge\":600000},\"n\":1}");
        StoredSession read = store.get("node-made").orElseThrow();
        assertThat(read.expires()).isEqualTo(Instant.ofEpochSecond(expires));
        assertThat(read.json()).isEqualTo("{\"cookie\":{\"originalMaxAge\":600000},\"n\":1}");
    }

    @Test
    void expiryIsRoundedUpToWholeSecondsSoARecordNeverEndsEarly() {
        Instant expires = Instant.parse("2031-01-01T00:00:00.001Z");
        store.set("round", new StoredSession("{}", expires));
        assertThat(store.get("round").orElseThrow().expires()).isEqualTo(Instant.parse("2031-01-01T00:00:01Z"));
    }

    @Test
    void pruningLeavesARowExpressMysqlSessionStillServesAndTakesItOneSecondLater() throws Exception {
        // express-mysql-session serves a row while expires >= round(now): until expires + 0.5 s.
        long expires = Instant.now().plusSeconds(3600).getEpochSecond();
        insertAsExpressMysqlSession("node-boundary", expires, "{\"cookie\":{}}");
        Instant at = Instant.ofEpochSecond(expires);
        try (JdbcStore halfSecondLater = storeAt(at.plusMillis(499));
                JdbcStore justBefore = storeAt(at.plusMillis(999));
                JdbcStore oneSecondLater = storeAt(at.plusSeconds(1))) {
            assertThat(halfSecondLater.get("node-boundary")).as("this store: expired at expires").isEmpty();
            halfSecondLater.pruneExpired();
            justBefore.pruneExpired();
            assertThat(store.get("node-boundary")).as("kept: express-mysql-session serves it until +0.5 s")
                    .isPresent();
            oneSecondLater.pruneExpired();
            assertThat(store.get("node-boundary")).isEmpty();
        }
    }

    private static void insertAsExpressMysqlSession(String id, long expires, String data) throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO `" + table
                + "` (`session_id`, `expires`, `data`) VALUES (?, ?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, expires);
            ps.setString(3, data);
            ps.executeUpdate();
        }
    }

    /** A store on the same table whose clock stands still at {@code now}. */
    private static JdbcStore storeAt(Instant now) {
        return JdbcStore.builder(pool).table(table).pruneInterval(Duration.ZERO)
                .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    @Test
    void compareAndSetIsByteExactDespiteThePadSpaceCollation() {
        store.set("pad", new StoredSession("{\"a\":1}", Instant.now().plusSeconds(60)));
        assertThat(store.replace("pad", "{\"a\":1} ", new StoredSession("{\"a\":2}", Instant.now().plusSeconds(60))))
                .isFalse();
        assertThat(store.replace("pad", "{\"A\":1}", new StoredSession("{\"a\":2}", Instant.now().plusSeconds(60))))
                .isFalse();
        assertThat(store.replace("pad", "{\"a\":1}", new StoredSession("{\"a\":2}", Instant.now().plusSeconds(60))))
                .isTrue();
    }

    /**
     * A compare-and-set against a record of DIGEST_MIN_CHARS or more sends a SHA-256 of the expected text, and
     * the database compares it with one of the stored text, computed from the row itself:
     * a row express-mysql-session wrote, with characters outside ASCII and the BMP, matches its exact text
     * and nothing else.
     */
    @Test
    void compareAndSetMatchesARowExpressMysqlSessionWroteByItsExactText() throws Exception {
        long expires = Instant.now().plusSeconds(600).getEpochSecond();
        String json = "{\"cookie\":{\"originalMaxAge\":600000},\"name\":\"Zoë € 😀\",\"pad\":\""
                + "x".repeat(JdbcStore.DIGEST_MIN_CHARS) + "\"}";
        insertAsExpressMysqlSession("node-cas", expires, json);
        StoredSession next = new StoredSession("{\"cookie\":{\"originalMaxAge\":600000},\"n\":2}",
                Instant.now().plusSeconds(600));
        assertThat(store.replace("node-cas", json.replace("😀", "😁"), next)).isFalse();
        assertThat(store.replace("node-cas", json.replace("Zoë", "Zoe"), next)).isFalse();
        CountingDataSource counting = new CountingDataSource(pool);
        try (JdbcStore countingStore = JdbcStore.builder(counting.dataSource()).table(table)
                .pruneInterval(Duration.ZERO).build()) {
            assertThat(countingStore.replace("node-cas", json, next)).isTrue();
            assertThat(countingStore.replace("node-cas", next.json(), next)).as("a short record").isTrue();
        }
        assertThat(counting.statements()).filteredOn(sql -> sql.startsWith("UPDATE")).hasSize(2)
                .satisfiesExactly(sql -> assertThat(sql).contains("SHA2("), sql -> assertThat(sql).doesNotContain("SHA2("));
        assertThat(store.get("node-cas").orElseThrow().json()).isEqualTo(next.json());
    }

    @Test
    void theShippedDdlFileRunsAsIs() throws Exception {
        String database = TestDatabases.uniqueTable();
        TestDatabases.execute(pool, "CREATE DATABASE `" + database + "`");
        try {
            String ddl = EmbeddedStoreTest.shippedDdl("mariadb.sql").replaceAll("(?m)^--.*$", "");
            try (Connection c = pool.getConnection()) {
                String original = c.getCatalog();
                c.setCatalog(database);
                try (Statement st = c.createStatement()) {
                    for (String statement : ddl.split(";\\s*\n")) {
                        if (!statement.isBlank()) {
                            st.execute(statement.strip().replaceAll(";$", ""));
                        }
                    }
                } finally {
                    c.setCatalog(original);
                }
            }
            try (JdbcStore shipped = JdbcStore.builder(pool).schema(database).pruneInterval(Duration.ZERO).build()) {
                shipped.set("x", new StoredSession("{\"x\":1}", Instant.now().plusSeconds(60)));
                assertThat(shipped.get("x").orElseThrow().json()).isEqualTo("{\"x\":1}");
                assertThat(shipped.locks().orElseThrow().tryLock("x", Duration.ofSeconds(5)).orElseThrow().release())
                        .as("the shipped lock table").isTrue();
            }
        } finally {
            TestDatabases.execute(pool, "DROP DATABASE `" + database + "`");
        }
    }

    /**
     * InnoDB may pick a store statement as a deadlock victim (seen with a prune racing touches). The database
     * rolled it back whole, so the store runs it again instead of failing the request. Here an application
     * transaction that has changed many rows (so InnoDB spares it) closes a cycle with a prune's delete.
     */
    @Test
    void aStatementChosenAsDeadlockVictimIsRunAgain() throws Exception {
        String own = TestDatabases.uniqueTable();
        try (JdbcStore pruning = JdbcStore.builder(pool).table(own).createTableIfMissing(true)
                .pruneInterval(Duration.ZERO).build();
                Connection app = pool.getConnection()) {
            long past = Instant.now().minusSeconds(100).getEpochSecond();
            long future = Instant.now().plusSeconds(3600).getEpochSecond();
            try (Statement st = app.createStatement()) {
                for (int i = 0; i < 10; i++) {
                    st.executeUpdate("INSERT INTO `" + own + "` (session_id, expires, data) VALUES ('dead-" + i + "', " + past + ", '{}')");
                }
                for (int i = 0; i < 50; i++) {
                    st.executeUpdate("INSERT INTO `" + own + "` (session_id, expires, data) VALUES ('live-" + i + "', " + future + ", '{}')");
                }
            }
            app.setAutoCommit(false);
            try (Statement st = app.createStatement()) {
                st.executeUpdate("UPDATE `" + own + "` SET `expires` = `expires` + 1 WHERE `session_id` LIKE 'live-%'");
                st.executeUpdate("UPDATE `" + own + "` SET `expires` = " + future + " WHERE `session_id` = 'dead-9'");
            }
            ExecutorService background = Executors.newSingleThreadExecutor();
            try {
                Future<Long> pruned = background.submit(pruning::pruneExpired);
                // The prune has deleted dead-0..dead-8 and now waits for dead-9, which the application holds.
                await().atMost(Duration.ofSeconds(20)).until(() -> waitingStatements(own) == 1);
                try (Statement st = app.createStatement()) {
                    st.executeUpdate("UPDATE `" + own + "` SET `expires` = " + future + " WHERE `session_id` = 'dead-0'");
                }
                app.commit();
                assertThat(pruned.get(30, TimeUnit.SECONDS)).as("dead-1 .. dead-8").isEqualTo(8);
            } finally {
                background.shutdownNow();
            }
            assertThat(pruning.get("dead-0")).isPresent();
            assertThat(pruning.get("dead-9")).isPresent();
            assertThat(pruning.length()).isEqualTo(52);
        } finally {
            TestDatabases.dropStoreTables(pool, own);
        }
    }

    private static long waitingStatements(String table) throws Exception {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE ?")) {
            ps.setString(1, "%" + table + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
