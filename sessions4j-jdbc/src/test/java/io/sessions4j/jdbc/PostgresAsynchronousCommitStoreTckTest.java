package io.sessions4j.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.tck.SessionStoreTck;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store TCK against a real PostgreSQL with {@code asynchronousCommit}: its statements behave the same. */
class PostgresAsynchronousCommitStoreTckTest extends SessionStoreTck {
    private static HikariDataSource pool;
    private static String table;

    @BeforeAll
    static void database() {
        pool = TestDatabases.pool(TestDatabases.postgresUrl(), 20);
        table = TestDatabases.uniqueTable();
    }

    @AfterAll
    static void dropTable() {
        TestDatabases.dropStoreTables(pool, table);
        pool.close();
    }

    @Override
    protected SessionStore createStore() {
        return JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(Duration.ZERO)
                .asynchronousCommit(true).build();
    }

    @Override
    protected SessionStore openSecondInstance() {
        return createStore();
    }

    /** With a prune schedule, for the expiry event tests: the prune job is what reports expiry. */
    @Override
    protected SessionStore openInstanceReportingExpiry() {
        return JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(Duration.ofSeconds(1))
                .asynchronousCommit(true).build();
    }
}
