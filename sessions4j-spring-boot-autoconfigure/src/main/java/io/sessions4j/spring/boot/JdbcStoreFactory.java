package io.sessions4j.spring.boot;

import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.spi.SessionStore;
import javax.sql.DataSource;

/**
 * The only class that names {@link JdbcStore}: loaded only when JDBC is asked for (an optional dependency). The
 * dialect is detected from the database; the DataSource stays the application's (the store does not close it).
 */
final class JdbcStoreFactory {
    private JdbcStoreFactory() {
    }

    static SessionStore open(DataSource dataSource, Sessions4jProperties.Jdbc jdbc) {
        JdbcStore.Builder b = JdbcStore.builder(dataSource).schema(jdbc.schema())
                .createTableIfMissing(jdbc.createTable());
        if (jdbc.table() != null) {
            b.table(jdbc.table());
        }
        return b.build();
    }
}
