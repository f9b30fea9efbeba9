package io.sessions4j.jdbc;

import io.sessions4j.spi.SessionStore;
import io.sessions4j.tck.SessionStoreTck;
import io.sessions4j.jdbc.testing.Processes;
import io.sessions4j.jdbc.testing.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store TCK against a SQLite database file (WAL, with a busy timeout for the concurrent tests). */
class SqliteStoreTckTest extends SessionStoreTck {
    private static HikariDataSource pool;
    private static Path dir;

    @BeforeAll
    static void database() throws IOException {
        dir = Files.createTempDirectory("sessions4j-sqlite-");
        pool = TestDatabases.pool("jdbc:sqlite:" + dir.resolve("sessions.db")
                + "?journal_mode=WAL&busy_timeout=30000", 4);
    }

    @AfterAll
    static void close() {
        pool.close();
        Processes.deleteTree(dir);
    }

    @Override
    protected SessionStore createStore() {
        return JdbcStore.builder(pool).createTableIfMissing(true).pruneInterval(Duration.ZERO).build();
    }

    /** Another store over the same pool and table, as a second application instance opens it. */
    @Override
    protected SessionStore openSecondInstance() {
        return createStore();
    }

    /** With a prune schedule, for the expiry event tests: the prune job is what reports expiry. */
    @Override
    protected SessionStore openInstanceReportingExpiry() {
        return JdbcStore.builder(pool).createTableIfMissing(true).pruneInterval(Duration.ofSeconds(1))
                .build();
    }
}
