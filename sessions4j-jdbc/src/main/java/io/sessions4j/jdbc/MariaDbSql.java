package io.sessions4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MariaDB and MySQL on express-mysql-session's table: {@code session_id varchar(128)} primary key,
 * {@code expires int unsigned} (epoch seconds), {@code data mediumtext}, all {@code utf8mb4_bin}, plus an
 * index on {@code expires} so that pruning never scans the table. A Node app using express-mysql-session can
 * share the table.
 *
 * <p>Expiry is kept in whole seconds, rounded up, so a record never expires before the instant it was given;
 * a row is live while {@code expires > floor(now)}. express-mysql-session rounds to the nearest second
 * instead and serves a row while {@code expires >= round(now)}, i.e. up to half a second longer, so pruning
 * waits one more second ({@code expires < floor(now)}): it never deletes a row a Node app on the same table
 * still serves. Its own pruning ({@code expires < round(now)}) deletes only rows this store already treats as
 * expired.
 */
final class MariaDbSql extends DialectSql {
    private static final long MAX_EXPIRES = 4_294_967_295L;

    MariaDbSql(TableName table) {
        super(table, "session_id", "data", "expires");
    }

    @Override
    String upsert() {
        return "INSERT INTO " + table.qualified() + " (" + sid + ", " + sess + ", " + expire
                + ") VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE " + sess + " = VALUES(" + sess + "), " + expire
                + " = VALUES(" + expire + ")";
    }

    /**
     * BINARY: utf8mb4_bin is a PAD SPACE collation; the compare-and-set must be byte-exact. The digest is
     * {@code SHA2} (MariaDB 10.3+, MySQL 5.7+) of the text's utf8mb4 bytes, which are its UTF-8 bytes, as
     * lower-case hex.
     */
    @Override
    String sameText(boolean digest) {
        return digest ? "SHA2(CONVERT(" + sess + " USING utf8mb4), 256) = ?" : "BINARY " + sess + " = ?";
    }

    @Override
    boolean digests(Connection connection) {
        return true;
    }

    @Override
    void bindDigest(PreparedStatement ps, int index, byte[] sha256) throws SQLException {
        ps.setString(index, java.util.HexFormat.of().formatHex(sha256));
    }

    @Override
    String principalType() {
        return "varchar(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    }

    @Override
    String lockInsert() {
        return "INSERT IGNORE INTO " + lockTable.qualified() + " (" + lockColumns() + ") VALUES (?, ?, ?)";
    }

    @Override
    String existsQuery() {
        return "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = COALESCE(?, DATABASE())"
                + " AND table_name = ?";
    }

    @Override
    String principalExistsQuery() {
        return "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE())"
                + " AND table_name = ? AND column_name = 'principal'";
    }

    @Override
    void bindExpiry(PreparedStatement ps, int index, Instant expiry) throws SQLException {
        long seconds = Math.floorDiv(expiry.toEpochMilli() + 999, 1000);
        ps.setLong(index, Math.max(0, Math.min(MAX_EXPIRES, seconds)));
    }

    @Override
    void bindNow(PreparedStatement ps, int index, Instant now) throws SQLException {
        ps.setLong(index, Math.max(0, Math.floorDiv(now.toEpochMilli(), 1000)));
    }

    @Override
    Instant readExpiry(ResultSet rs, int column) throws SQLException {
        return Instant.ofEpochSecond(rs.getLong(column));
    }

    /**
     * Two statements per batch, and no transaction: a plain (non-locking) read of up to {@code limit} expired
     * ids through the {@code expires} index, then a delete of exactly those rows by primary key, re-checking
     * their expiry (a request may have touched one in between). The delete locks only primary-key records, in
     * key order, so two nodes pruning at once wait briefly on each other but cannot deadlock, and a touch or
     * save (one row each) cannot form a cycle with it either. READ COMMITTED keeps InnoDB from adding gap
     * locks.
     */
    @Override
    PruneBatch pruneBatch(Connection connection, Instant now, int limit, boolean report) throws SQLException {
        int isolation = connection.getTransactionIsolation();
        if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        try {
            List<String> ids = new ArrayList<>(limit);
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + sid + " FROM " + table.qualified()
                    + " WHERE " + expire + " < ? ORDER BY " + expire + " LIMIT " + limit)) {
                bindNow(ps, 1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return new PruneBatch(0, false);
            }
            ids.sort(null);
            StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.qualified()).append(" WHERE ")
                    .append(sid).append(" IN (");
            for (int i = 0; i < ids.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(") AND ").append(expire).append(" < ?");
            try (PreparedStatement ps = connection.prepareStatement(report ? returning(sql.toString())
                    : sql.toString())) {
                int i = 1;
                for (String id : ids) {
                    ps.setString(i++, id);
                }
                bindNow(ps, i, now);
                if (report) {
                    PruneBatch batch = runReturning(ps, limit);
                    return new PruneBatch(batch.deleted(), ids.size() == limit, batch.expired());
                }
                // More may remain when the read found a full page, even if another node deleted some of it first.
                return new PruneBatch(ps.executeUpdate(), ids.size() == limit);
            }
        } finally {
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                connection.setTransactionIsolation(isolation);
            }
        }
    }

    @Override
    String ddlResource() {
        return "mariadb.sql";
    }

    @Override
    Map<String, String> ddlNames() {
        return Map.of(
                "`sessions`", table.qualified(),
                "`sessions_lock`", lockTable.qualified(),
                "`idx_sessions_expires`", table.derived("idx_", "_expires"));
    }
}
