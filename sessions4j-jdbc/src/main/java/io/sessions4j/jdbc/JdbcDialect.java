package io.sessions4j.jdbc;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * The SQL databases {@link JdbcStore} speaks, each with its default table layout (shipped as a {@code .sql}
 * file beside this class: {@code postgresql.sql}, {@code mariadb.sql}, {@code h2.sql}, {@code sqlite.sql}).
 */
public enum JdbcDialect {
    /**
     * PostgreSQL 9.5 or later, on connect-pg-simple's table {@code "session"(sid, sess json, expire timestamp)},
     * shareable with Node apps using connect-pg-simple.
     */
    POSTGRESQL("session", '"'),
    /**
     * MariaDB 10.3+ and MySQL 5.7+, on express-mysql-session's table {@code sessions(session_id, expires, data)}
     * plus an index on {@code expires}.
     */
    MARIADB("sessions", '`'),
    /** H2 2.x, for embedded use and tests. */
    H2("session", '"'),
    /** SQLite 3.24 or later, for embedded use and tests. */
    SQLITE("session", '"');

    private final String defaultTable;
    private final char quote;

    JdbcDialect(String defaultTable, char quote) {
        this.defaultTable = defaultTable;
        this.quote = quote;
    }

    /** {@return the table name used when none is configured ({@code session}, or {@code sessions} for MariaDB)} */
    public String defaultTable() {
        return defaultTable;
    }

    /**
     * The dialect a JDBC URL names.
     *
     * @param url e.g. {@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:mysql:}, ...
     * @return the dialect; empty for a database this store does not know, or {@code null}
     */
    public static Optional<JdbcDialect> fromJdbcUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) {
            return Optional.of(POSTGRESQL);
        }
        if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
            return Optional.of(MARIADB);
        }
        if (u.startsWith("jdbc:h2:")) {
            return Optional.of(H2);
        }
        if (u.startsWith("jdbc:sqlite:")) {
            return Optional.of(SQLITE);
        }
        return Optional.empty();
    }

    /**
     * The dialect of a database by its product name.
     *
     * @param productName as {@link java.sql.DatabaseMetaData#getDatabaseProductName()} gives it
     * @return the dialect; empty for a database this store does not know, or {@code null}
     */
    public static Optional<JdbcDialect> fromProductName(String productName) {
        if (productName == null) {
            return Optional.empty();
        }
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return Optional.of(POSTGRESQL);
        }
        if (p.contains("mariadb") || p.contains("mysql")) {
            return Optional.of(MARIADB);
        }
        if (p.equals("h2")) {
            return Optional.of(H2);
        }
        if (p.contains("sqlite")) {
            return Optional.of(SQLITE);
        }
        return Optional.empty();
    }

    DialectSql sql(String schema, String table, ZoneId zone, boolean asynchronousCommit) {
        TableName name = new TableName(schema, table == null ? defaultTable : table, quote);
        switch (this) {
            case POSTGRESQL:
                return new PostgresSql(name, zone, asynchronousCommit);
            case MARIADB:
                return new MariaDbSql(name);
            case H2:
                return new H2Sql(name);
            case SQLITE:
                return new SqliteSql(name);
            default:
                throw new IllegalStateException(name());
        }
    }
}
