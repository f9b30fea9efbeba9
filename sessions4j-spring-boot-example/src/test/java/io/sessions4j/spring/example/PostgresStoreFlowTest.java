package io.sessions4j.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.SessionStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flows on PostgreSQL through the application's DataSource (the {@code jdbc} profile): SESSIONS4J_PG_URL when
 * set, else an embedded PostgreSQL; a table of this test's own, dropped afterwards.
 */
class PostgresStoreFlowTest extends LoginFlowContract {
    private static final String TABLE = "s4j_test_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static String url;
    private static ExampleApp app;

    @BeforeAll
    static void start() {
        url = TestDatabases.postgresUrl();
        app = ExampleApp.start(Map.of("spring.profiles.active", "jdbc", "spring.datasource.url", url,
                "sessions4j.jdbc.table", TABLE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS \"" + TABLE + "\"");
            s.execute("DROP TABLE IF EXISTS \"" + TABLE + "_lock\"");
        }
    }

    @Override
    ExampleApp app() {
        return app;
    }

    @Test
    void sessionsAreRowsOfTheConfiguredTableOnTheApplicationsDataSource() {
        WebClient browser = new WebClient();
        browser.login(app.base(), "ann", "ann-password", false);
        JdbcStore store = (JdbcStore) app.context().getBean(SessionStore.class);
        assertThat(store.name()).isEqualTo("JdbcStore(postgresql)");
        assertThat(store.length()).isPositive();
    }
}
