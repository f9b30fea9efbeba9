package io.sessions4j.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * PostgreSQL on connect-pg-simple's table: {@code sid varchar} primary key, {@code sess json},
 * {@code expire timestamp(6)} without time zone.
 *
 * <p>Times go through {@code to_timestamp(epochSeconds)} exactly as connect-pg-simple writes them: the
 * {@code timestamptz} it returns becomes a wall-clock {@code timestamp} in the session's {@code TimeZone},
 * and comparisons with {@code to_timestamp(now)} convert back through the same setting. A fixed zone, when
 * configured, pins that conversion with {@code AT TIME ZONE} so that it no longer depends on the session
 * (pgjdbc sets the session's TimeZone to the JVM's default zone; node-postgres leaves the server's).
 */
final class PostgresSql extends DialectSql {
    /** Far enough for any real session, and inside the range of {@code to_timestamp}. */
    private static final String MAX_EXPIRY_MS = "253402300799000";
    /** A JSON number with at most 30 digits before and after the point and a two-digit exponent. */
    private static final String SANE_NUMBER = "^-?[0-9]{1,30}(\\.[0-9]{1,30})?([eE][-+]?[0-9]{1,2})?$";
    /**
     * set_config(…, true) is the function form of {@code SET LOCAL}: it lasts until the statement's transaction
     * ends, so the connection goes back to the pool with the server's setting. It is evaluated before a row is
     * written (a row is written only when every condition, this one included, held), and the commit reads the
     * setting then.
     */
    private static final String ASYNC_COMMIT = " AND set_config('synchronous_commit', 'off', true) IS NOT NULL";
    private final String zone;
    private final boolean asynchronousCommit;

    PostgresSql(TableName table, ZoneId zone, boolean asynchronousCommit) {
        super(table, "sid", "sess", "expire");
        this.zone = zone == null ? null : TableName.literal(zone.getId());
        this.asynchronousCommit = asynchronousCommit;
    }

    @Override
    String asyncCommit() {
        return asynchronousCommit ? ASYNC_COMMIT : "";
    }

    private String toColumn(String epochSecondsExpr) {
        return zone == null ? "to_timestamp(" + epochSecondsExpr + ")"
                : "(to_timestamp(" + epochSecondsExpr + ") AT TIME ZONE " + zone + ")";
    }

    private String epochSeconds(String column) {
        return zone == null ? "extract(epoch FROM CAST(" + column + " AS timestamptz))"
                : "extract(epoch FROM " + column + " AT TIME ZONE " + zone + ")";
    }

    @Override
    String jsonColumn() {
        return "CAST(" + sess + " AS text)";
    }

    @Override
    String expiryColumn() {
        return epochSeconds(expire);
    }

    @Override
    String jsonValue() {
        return "CAST(? AS json)";
    }

    /**
     * json has no equality operator; its text is kept verbatim, so comparing the text is exact. The digest is
     * the SHA-256 of that text's UTF-8 bytes ({@code convert_to}, whatever the database's encoding), compared
     * as {@code bytea}.
     */
    @Override
    String sameText(boolean digest) {
        return digest ? "sha256(convert_to(CAST(" + sess + " AS text), 'UTF8')) = ?" : "CAST(" + sess + " AS text) = ?";
    }

    /** {@code sha256(bytea)} is there from PostgreSQL 11; older servers compare the text. */
    @Override
    boolean digests(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseMajorVersion() >= 11;
    }

    @Override
    String expiryValue() {
        return toColumn("?");
    }

    @Override
    String upsert() {
        // INSERT … SELECT rather than VALUES: the SELECT has a WHERE for asyncCommit() to join.
        return "INSERT INTO " + table.qualified() + " (" + sid + ", " + sess + ", " + expire
                + ") SELECT CAST(? AS varchar), CAST(? AS json), " + expiryValue() + " WHERE TRUE" + asyncCommit()
                + " ON CONFLICT (" + sid + ") DO UPDATE SET " + sess + " = EXCLUDED." + sess + ", " + expire
                + " = EXCLUDED." + expire;
    }

    /**
     * Reads the row and, when the touch is due, moves its expiry in the same statement. The touch follows
     * the engine's rule ({@link io.sessions4j.spi.TouchRequest}): wanted = now + the cookie's
     * {@code originalMaxAge} (or the browser-session TTL), written only if that moves the expiry forward by at
     * least touchAfter. When it is not due nothing is written, so read-only traffic under {@code touchAfter}
     * costs a plain read, not a row version.
     */
    @Override
    String getAndTouch() {
        String t = table.qualified();
        // Only a number of sane size is cast (1e999999 would overflow numeric and fail the read); the wanted
        // expiry is kept within to_timestamp's range either way. The engine refuses a nonsensical lifetime.
        String maxAge = "CASE WHEN json_typeof(s." + sess + " -> 'cookie' -> 'originalMaxAge') = 'number'"
                + " AND s." + sess + " -> 'cookie' ->> 'originalMaxAge' ~ '" + SANE_NUMBER + "'"
                + " THEN CAST(s." + sess + " -> 'cookie' ->> 'originalMaxAge' AS numeric) END";
        return "WITH p AS (SELECT CAST(? AS varchar) AS sid, CAST(? AS numeric) AS now_ms,"
                + " CAST(? AS numeric) AS ttl_ms, CAST(? AS numeric) AS after_ms),"
                + " cur AS (SELECT s." + sid + " AS sid, s." + sess + " AS sess, "
                + epochSeconds("s." + expire) + " * 1000 AS expire_ms,"
                + " GREATEST(LEAST(p.now_ms + COALESCE(" + maxAge + ", p.ttl_ms), " + MAX_EXPIRY_MS + "), 0)"
                + " AS wanted_ms,"
                + " p.now_ms, p.after_ms"
                + " FROM " + t + " s, p WHERE s." + sid + " = p.sid AND s." + expire + " > "
                + toColumn("p.now_ms / 1000") + "),"
                + " touched AS (UPDATE " + t + " s SET " + expire + " = " + toColumn("cur.wanted_ms / 1000")
                + " FROM cur WHERE s." + sid + " = cur.sid AND cur.wanted_ms > cur.expire_ms"
                + " AND cur.wanted_ms - cur.expire_ms >= cur.after_ms"
                + " AND s." + expire + " > " + toColumn("cur.now_ms / 1000")
                + " AND s." + expire + " < " + toColumn("cur.wanted_ms / 1000") + asyncCommit()
                + " RETURNING s." + sess + " AS sess, " + epochSeconds("s." + expire) + " AS expire_s)"
                + " SELECT CAST(sess AS text), expire_s FROM touched"
                + " UNION ALL SELECT CAST(sess AS text), expire_ms / 1000 FROM cur"
                + " WHERE NOT EXISTS (SELECT 1 FROM touched)";
    }

    @Override
    String lockInsert() {
        return super.lockInsert() + " ON CONFLICT (" + table.quote("sid") + ") DO NOTHING";
    }

    @Override
    void bindExpiry(PreparedStatement ps, int index, Instant expiry) throws SQLException {
        // A double holds epoch milliseconds / 1000 exactly enough for to_timestamp's microsecond rounding.
        ps.setDouble(index, expiry.toEpochMilli() / 1000.0);
    }

    @Override
    Instant readExpiry(ResultSet rs, int column) throws SQLException {
        BigDecimal seconds = rs.getBigDecimal(column);
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /**
     * One batch: lock up to {@code limit} expired rows, oldest first through the {@code expire} index (so a
     * batch reads only expired rows, never the table), with {@code SKIP LOCKED}, so that several nodes pruning
     * at once (or a request touching a row) never wait on each other; delete them by {@code ctid} (a TID scan,
     * no second index walk).
     */
    @Override
    PruneBatch pruneBatch(Connection connection, Instant now, int limit, boolean report) throws SQLException {
        String t = table.qualified();
        String sql = "DELETE FROM " + t + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + t + " WHERE " + expire
                + " < " + nowValue() + " ORDER BY " + expire + " LIMIT " + limit + " FOR UPDATE SKIP LOCKED))";
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

    @Override
    String ddlResource() {
        return "postgresql.sql";
    }

    @Override
    Map<String, String> ddlNames() {
        return Map.of(
                "\"session\"", table.qualified(),
                "\"session_lock\"", lockTable.qualified(),
                "\"session_pkey\"", table.derived("", "_pkey"),
                "\"IDX_session_expire\"", table.derived("IDX_", "_expire"));
    }
}
