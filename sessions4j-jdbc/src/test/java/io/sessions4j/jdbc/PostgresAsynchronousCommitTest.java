package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code asynchronousCommit}: every statement of the store that writes a row commits with
 * {@code synchronous_commit = off}, and only its own transaction does. A trigger on the table records the
 * setting each write's transaction runs (and commits) with; the pool has one connection, so the connection the
 * store used is the one whose setting is read afterwards.
 */
class PostgresAsynchronousCommitTest {
    private HikariDataSource pool;
    private String table;
    private String serverDefault;

    @BeforeEach
    void tableWithARecordingTrigger() throws SQLException {
        pool = TestDatabases.pool(TestDatabases.postgresUrl(), 1);
        table = TestDatabases.uniqueTable();
        JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(Duration.ZERO).build().close();
        serverDefault = setting();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE \"" + table + "_commits\" (n serial, op text, setting text)");
            st.execute("CREATE FUNCTION \"" + table + "_record\"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO \"" + table + "_commits\" (op, setting)"
                    + " VALUES (TG_OP, current_setting('synchronous_commit')); RETURN NULL; END $$");
            st.execute("CREATE TRIGGER \"" + table + "_record\" AFTER INSERT OR UPDATE OR DELETE ON \"" + table
                    + "\" FOR EACH ROW EXECUTE PROCEDURE \"" + table + "_record\"()");
        }
    }

    @AfterEach
    void drop() {
        TestDatabases.execute(pool, "DROP TABLE IF EXISTS \"" + table + "_commits\"");
        TestDatabases.dropStoreTables(pool, table);
        TestDatabases.execute(pool, "DROP FUNCTION IF EXISTS \"" + table + "_record\"()");
        pool.close();
    }

    @Test
    void everyWriteOfTheStoreCommitsAsynchronouslyAndTheConnectionKeepsTheServersSetting() throws SQLException {
        try (JdbcStore store = store(true)) {
            writeEveryWay(store);
        }
        List<String[]> commits = commits();
        assertThat(commits).extracting(c -> c[0]).contains("INSERT", "UPDATE", "DELETE");
        assertThat(commits).allSatisfy(c -> assertThat(c[1]).as(c[0]).isEqualTo("off"));
        assertThat(setting()).as("the pooled connection afterwards").isEqualTo(serverDefault);
    }

    @Test
    void withoutTheOptionWritesCommitWithTheServersSetting() throws SQLException {
        try (JdbcStore store = store(false)) {
            writeEveryWay(store);
        }
        List<String[]> commits = commits();
        assertThat(commits).extracting(c -> c[0]).contains("INSERT", "UPDATE", "DELETE");
        assertThat(commits).allSatisfy(c -> assertThat(c[1]).as(c[0]).isEqualTo(serverDefault));
    }

    @Test
    void otherDialectsRefuseTheOption() {
        HikariDataSource h2 = TestDatabases.pool("jdbc:h2:mem:" + table, 1);
        try {
            assertThatThrownBy(() -> JdbcStore.builder(h2).dialect(JdbcDialect.H2).asynchronousCommit(true).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asynchronousCommit");
        } finally {
            h2.close();
        }
    }

    private JdbcStore store(boolean asynchronousCommit) {
        return JdbcStore.builder(pool).table(table).pruneInterval(Duration.ZERO).asynchronousCommit(asynchronousCommit)
                .build();
    }

    /** Insert, upsert, compare-and-set, read-and-touch, touch, delete-if-unchanged, destroy, the principal's. */
    private static void writeEveryWay(JdbcStore store) {
        Instant in10 = Instant.now().plus(Duration.ofMinutes(10));
        store.set("a", new StoredSession("{\"cookie\":{\"originalMaxAge\":600000},\"v\":1}", in10));
        store.set("a", new StoredSession("{\"cookie\":{\"originalMaxAge\":600000},\"v\":2}", in10));
        assertThat(store.replace("a", "{\"cookie\":{\"originalMaxAge\":600000},\"v\":2}",
                new StoredSession("{\"cookie\":{\"originalMaxAge\":900000},\"v\":3}", in10))).isTrue();
        TouchRequest due = new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1));
        assertThat(store.getAndTouch("a", due)).isPresent();
        assertThat(store.touch("a", in10.plusSeconds(60))).isTrue();
        assertThat(store.replace("a", "{\"cookie\":{\"originalMaxAge\":900000},\"v\":3}",
                new StoredSession("{}", Instant.now().minusSeconds(1)))).isTrue();
        assertThat(store.get("a")).isEmpty();
        store.set("b", new StoredSession("{\"v\":1}", in10, "alice"));
        assertThat(store.replace("b", "{\"v\":1}", new StoredSession("{\"v\":2}", in10, "alice"))).isTrue();
        store.destroy("b");
        assertThat(store.get("b")).isEmpty();
    }

    private List<String[]> commits() throws SQLException {
        List<String[]> commits = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT op, setting FROM \"" + table + "_commits\" ORDER BY n")) {
            while (rs.next()) {
                commits.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return commits;
    }

    private String setting() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
