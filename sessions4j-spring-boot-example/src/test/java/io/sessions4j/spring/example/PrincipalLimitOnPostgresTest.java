package io.sessions4j.spring.example;

import io.sessions4j.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The sessions4j limit on two instances sharing one PostgreSQL table (this test's own, dropped afterwards). */
class PrincipalLimitOnPostgresTest extends PrincipalLimitContract {
    private static final String TABLE = "s4j_test_limit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static String url;
    private static ExampleApp a;
    private static ExampleApp b;

    @BeforeAll
    static void start() {
        url = TestDatabases.postgresUrl();
        Map<String, String> props = new HashMap<>(REFUSE_ONE);
        props.putAll(Map.of("spring.profiles.active", "jdbc", "spring.datasource.url", url, "sessions4j.jdbc.table", TABLE));
        a = ExampleApp.start(props);
        b = ExampleApp.start(props);
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS \"" + TABLE + "\"");
            s.execute("DROP TABLE IF EXISTS \"" + TABLE + "_lock\"");
        }
    }

    @Override
    List<ExampleApp> instances() {
        return List.of(a, b);
    }
}
