package io.sessions4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The embedded databases (H2, SQLite): connect-pg-simple's column names, with the expiry as epoch
 * milliseconds in a {@code BIGINT}, so that no time-zone setting can shift it.
 */
abstract class EpochMillisSql extends DialectSql {

    EpochMillisSql(TableName table) {
        super(table, "sid", "sess", "expire");
    }

    @Override
    void bindExpiry(PreparedStatement ps, int index, Instant expiry) throws SQLException {
        ps.setLong(index, expiry.toEpochMilli());
    }

    @Override
    Instant readExpiry(ResultSet rs, int column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    /**
     * A limited delete by primary key: SQLite takes one database-wide write lock per statement anyway, and H2
     * (MVStore) locks only the rows deleted, so short batches are all that is needed.
     */
    @Override
    PruneBatch pruneBatch(Connection connection, Instant now, int limit, boolean report) throws SQLException {
        String t = table.qualified();
        String sql = "DELETE FROM " + t + " WHERE " + sid + " IN (SELECT " + sid + " FROM " + t + " WHERE " + expire
                + " <= ? LIMIT " + limit + ")";
        if (report) {
            try (PreparedStatement ps = connection.prepareStatement(returning(sql))) {
                bindNow(ps, 1, now);
                return runReturning(ps, limit);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindNow(ps, 1, now);
            int deleted = ps.executeUpdate();
            return new PruneBatch(deleted, deleted == limit);
        }
    }
}
