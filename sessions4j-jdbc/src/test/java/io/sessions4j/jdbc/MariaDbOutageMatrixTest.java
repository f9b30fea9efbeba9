package io.sessions4j.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sessions4j.jdbc.testing.OwnedMariaDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link OutageMatrix} on a MariaDB server of this test's own (the machine's mariadbd on a fresh data directory
 * and a free port); skipped where MariaDB is not installed, unless SESSIONS4J_REQUIRE_MARIADB=1.
 */
class MariaDbOutageMatrixTest extends OutageMatrix {
    private static OwnedMariaDb db;

    @BeforeAll
    static void startServer() throws Exception {
        if (!OwnedMariaDb.available() && "1".equals(System.getenv("SESSIONS4J_REQUIRE_MARIADB"))) {
            throw new IllegalStateException("SESSIONS4J_REQUIRE_MARIADB=1 but mariadbd is not installed");
        }
        assumeTrue(OwnedMariaDb.available(), "mariadbd is not installed");
        db = OwnedMariaDb.start();
    }

    @AfterAll
    static void stopServer() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    String jdbcUrl() {
        return db.jdbcUrl();
    }

    @Override
    void kill() throws Exception {
        db.kill();
    }

    @Override
    void pause() throws Exception {
        db.pause();
    }

    @Override
    void resume() throws Exception {
        db.resume();
    }

    @Override
    void stop() {
        db.stop();
    }

    @Override
    void start() throws Exception {
        db.startServer();
    }
}
