package io.sessions4j.jdbc;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.tck.SessionStoreTck;
import io.sessions4j.jdbc.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store TCK against an in-process H2 database, in a schema of its own. */
class H2StoreTckTest extends SessionStoreTck {
    private static HikariDataSource pool;

    @BeforeAll
    static void database() {
        pool = TestDatabases.pool("jdbc:h2:mem:tck;DB_CLOSE_DELAY=-1", 20);
        TestDatabases.execute(pool, "CREATE SCHEMA IF NOT EXISTS \"Sessions Schema\"");
    }

    @AfterAll
    static void close() {
        TestDatabases.execute(pool, "DROP ALL OBJECTS");
        pool.close();
    }

    @Override
    protected SessionStore createStore() {
        return JdbcStore.builder(pool).schema("Sessions Schema").table("web \"sessions\"").createTableIfMissing(true)
                .pruneInterval(Duration.ZERO).build();
    }

    /** Another store over the same pool and table, as a second application instance opens it. */
    @Override
    protected SessionStore openSecondInstance() {
        return createStore();
    }

    /** With a prune schedule, for the expiry event tests: the prune job is what reports expiry. */
    @Override
    protected SessionStore openInstanceReportingExpiry() {
        return JdbcStore.builder(pool).schema("Sessions Schema").table("web \"sessions\"").createTableIfMissing(true)
                .pruneInterval(Duration.ofSeconds(1))
                .build();
    }
}
