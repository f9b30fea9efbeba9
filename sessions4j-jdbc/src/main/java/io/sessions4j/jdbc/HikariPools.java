package io.sessions4j.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** The only class that touches HikariCP, so the store works without it on the class path. */
final class HikariPools {
    private HikariPools() {
    }

    static boolean available() {
        try {
            Class.forName("com.zaxxer.hikari.HikariDataSource", false, HikariPools.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static DataSource create(String jdbcUrl, int maximumPoolSize, long connectionTimeoutMillis) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("sessions4j-jdbc");
        config.setMaximumPoolSize(maximumPoolSize);
        config.setConnectionTimeout(connectionTimeoutMillis);
        config.setAutoCommit(true);
        // Start even when the database is down; requests then fail fast until it is back.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
