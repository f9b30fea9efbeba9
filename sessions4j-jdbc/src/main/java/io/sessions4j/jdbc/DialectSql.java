package io.sessions4j.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


/**
 * The SQL of one dialect for one table. Every operation is a single statement; the parameter order of each
 * statement is the same in all dialects (documented on each method), so {@link JdbcStore} binds them
 * without knowing the dialect.
 */
abstract class DialectSql {
    final TableName table;
    /** The lock table: one row per locked session, {@code (sid, owner, expires_ms)}. */
    final TableName lockTable;
    final String sid;
    final String sess;
    final String expire;

    DialectSql(TableName table, String sid, String sess, String expire) {
        this.table = table;
        this.lockTable = table.withSuffix("_lock");
        this.sid = table.quote(sid);
        this.sess = table.quote(sess);
        this.expire = table.quote(expire);
    }

    /** Parameters: id, now. Columns: json text, expiry. */
    String get() {
        return "SELECT " + jsonColumn() + ", " + expiryColumn() + " FROM " + table.qualified() + " WHERE " + sid
                + " = ? AND " + expire + " > " + nowValue();
    }

    /** Parameters: id, json, expiry. Inserts or overwrites. */
    abstract String upsert();

    /**
     * Parameters: json, expiry, id, now, expected ({@link #bindExpected}). Updates only a live row holding
     * exactly the expected text.
     */
    String replace(boolean digest) {
        return "UPDATE " + table.qualified() + " SET " + sess + " = " + jsonValue() + ", " + expire + " = "
                + expiryValue() + " WHERE " + sid + " = ? AND " + expire + " > " + nowValue() + " AND "
                + sameText(digest) + asyncCommit();
    }

    // ---- the principal column: nullable, indexed with the expiry; Node stores never name it ----

    /** The principal column, quoted. */
    String principal() {
        return table.quote("principal");
    }

    /** The column's type: long enough for {@code Session#principal}'s 256 characters. */
    String principalType() {
        return "varchar(256)";
    }

    /** The statements that add the column and its index to a table that lacks them. */
    List<String> addPrincipalColumn() {
        return List.of("ALTER TABLE " + table.qualified() + " ADD COLUMN " + principal() + " " + principalType(),
                "CREATE INDEX " + table.derived("IDX_", "_principal") + " ON " + table.qualified() + " ("
                        + principal() + ", " + expire + ")");
    }

    /**
     * A statement that fails unless the principal column exists. The column is qualified by a table alias:
     * SQLite reads an unknown double-quoted name as a string literal, not as an error.
     */
    String principalProbe() {
        return "SELECT t." + principal() + " FROM " + table.qualified() + " t WHERE 1 = 0";
    }

    /**
     * A catalog query counting the principal column (parameters: schema or null, table), for dialects whose
     * drivers log a failed {@link #principalProbe} loudly; {@code null} to use the probe.
     */
    String principalExistsQuery() {
        return null;
    }

    /** Parameters: principal, id. */
    String setPrincipal() {
        return "UPDATE " + table.qualified() + " SET " + principal() + " = ? WHERE " + sid + " = ?" + asyncCommit();
    }

    /** Parameters: json, expiry, principal, id, now, expected. {@link #replace} that also sets the principal. */
    String replaceWithPrincipal(boolean digest) {
        return "UPDATE " + table.qualified() + " SET " + sess + " = " + jsonValue() + ", " + expire + " = "
                + expiryValue() + ", " + principal() + " = ? WHERE " + sid + " = ? AND " + expire + " > "
                + nowValue() + " AND " + sameText(digest) + asyncCommit();
    }

    /** Parameters: principal, now. Column: id. The principal's live rows through its index, expiring first first. */
    String principalIds() {
        return "SELECT " + sid + " FROM " + table.qualified() + " WHERE " + principal() + " = ? AND " + expire
                + " > " + nowValue() + " ORDER BY " + expire;
    }

    /** Parameters: id, principal. */
    String clearPrincipal() {
        return "UPDATE " + table.qualified() + " SET " + principal() + " = NULL WHERE " + sid + " = ? AND "
                + principal() + " = ?" + asyncCommit();
    }

    /**
     * Parameters: lock row id. Locks the principal's row of the lock table until the transaction ends (a
     * no-op update takes the row's write lock in every dialect; SQLite's is the database's).
     */
    String lockRowForUpdate() {
        return "UPDATE " + lockTable.qualified() + " SET " + table.quote("expires_ms") + " = "
                + table.quote("expires_ms") + " WHERE " + table.quote("sid") + " = ?";
    }

    /** Parameters: id, now, expected ({@link #bindExpected}). Deletes only a live row holding exactly the expected text. */
    String deleteIfUnchanged(boolean digest) {
        return "DELETE FROM " + table.qualified() + " WHERE " + sid + " = ? AND " + expire + " > " + nowValue()
                + " AND " + sameText(digest) + asyncCommit();
    }

    /** The selected expression that reads the JSON as text. */
    String jsonColumn() {
        return sess;
    }

    /** The selected expression that reads the expiry for {@link #readExpiry}. */
    String expiryColumn() {
        return expire;
    }

    /** The SQL expression a bound JSON text parameter is written through. */
    String jsonValue() {
        return "?";
    }

    /**
     * A condition that holds when the stored text equals the expected text byte for byte, bound by
     * {@link #bindExpected}. With {@code digest} (where {@link #digests} says the database can), the database
     * compares a digest of the stored text with the expected text's, computed here: the statement then
     * carries 32 bytes instead of the whole expected record. The digest is of the stored value itself, so a
     * row another app (connect-pg-simple, express-mysql-session) wrote compares exactly as well.
     */
    String sameText(boolean digest) {
        return sess + " = ?";
    }

    /** Whether this database can compare digests ({@link #sameText}); asked once, on a connection. */
    boolean digests(Connection connection) throws SQLException {
        return false;
    }

    /** Binds what {@link #sameText} compares with: the expected text, or its SHA-256 digest. */
    void bindExpected(PreparedStatement ps, int index, String expectedJson, boolean digest) throws SQLException {
        if (digest) {
            bindDigest(ps, index, sha256(expectedJson));
        } else {
            ps.setString(index, expectedJson);
        }
    }

    /** Binds a SHA-256 digest in the form {@link #sameText} compares. */
    void bindDigest(PreparedStatement ps, int index, byte[] sha256) throws SQLException {
        ps.setBytes(index, sha256);
    }

    static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * A condition appended to the {@code WHERE} of every statement that writes a session row, which turns off
     * the wait for the commit's WAL flush for that statement's transaction only; empty unless the store was
     * built with {@code asynchronousCommit} (PostgreSQL).
     */
    String asyncCommit() {
        return "";
    }

    /** Parameters: expiry, id, now. */
    String touch() {
        return "UPDATE " + table.qualified() + " SET " + expire + " = " + expiryValue() + " WHERE " + sid
                + " = ? AND " + expire + " > " + nowValue() + asyncCommit();
    }

    /** Parameters: id. */
    String destroy() {
        return "DELETE FROM " + table.qualified() + " WHERE " + sid + " = ?" + asyncCommit();
    }

    /** Parameters: now. Column: count. */
    String count() {
        return "SELECT COUNT(*) FROM " + table.qualified() + " WHERE " + expire + " > " + nowValue();
    }

    String clear() {
        return "DELETE FROM " + table.qualified();
    }

    /** Parameters: now, and (when {@code after}) the last id of the previous page. Column: id. */
    String idPage(boolean after, int size) {
        return "SELECT " + sid + " FROM " + table.qualified() + " WHERE " + expire + " > " + nowValue()
                + (after ? " AND " + sid + " > ?" : "") + " ORDER BY " + sid + " LIMIT " + size;
    }

    /** A statement that fails unless the table exists; it reads no rows. */
    String probe(TableName t) {
        return "SELECT 1 FROM " + t.qualified() + " WHERE 1 = 0";
    }

    // ---- the lock table; times are epoch milliseconds of the application's clock ----

    /**
     * Parameters: id, owner, expires. Inserts the lock row unless one exists (then 0 rows, or a
     * constraint violation where the dialect has no "insert if absent").
     */
    String lockInsert() {
        return "INSERT INTO " + lockTable.qualified() + " (" + lockColumns() + ") VALUES (?, ?, ?)";
    }

    String lockColumns() {
        return table.quote("sid") + ", " + table.quote("owner") + ", " + table.quote("expires_ms");
    }

    /** Parameters: owner, expires, id, now. Takes over a lock row whose lease has run out. */
    String lockTakeOver() {
        return "UPDATE " + lockTable.qualified() + " SET " + table.quote("owner") + " = ?, " + table.quote("expires_ms")
                + " = ? WHERE " + table.quote("sid") + " = ? AND " + table.quote("expires_ms") + " <= ?";
    }

    /** Parameters: id, owner. */
    String lockRelease() {
        return "DELETE FROM " + lockTable.qualified() + " WHERE " + table.quote("sid") + " = ? AND "
                + table.quote("owner") + " = ?";
    }

    /** Parameters: now. Deletes the rows of leases that ran out (their holders died). */
    String lockPrune() {
        return "DELETE FROM " + lockTable.qualified() + " WHERE " + table.quote("expires_ms") + " <= ?";
    }

    /**
     * A catalog query counting tables of this name (parameters: schema or null, table), for dialects whose
     * drivers log a failed {@link #probe} loudly; {@code null} to use the probe.
     */
    String existsQuery() {
        return null;
    }

    /**
     * Parameters: id, now (ms), browser-session TTL (ms), touchAfter (ms). Columns: json text, expiry.
     * {@code null} when the dialect cannot read and conditionally touch in one statement.
     */
    String getAndTouch() {
        return null;
    }

    /** The SQL expression a bound expiry parameter is written through. */
    String expiryValue() {
        return "?";
    }

    /** The SQL expression a bound "now" parameter is compared through. */
    String nowValue() {
        return expiryValue();
    }

    abstract void bindExpiry(PreparedStatement ps, int index, Instant expiry) throws SQLException;

    void bindNow(PreparedStatement ps, int index, Instant now) throws SQLException {
        bindExpiry(ps, index, now);
    }

    abstract Instant readExpiry(ResultSet rs, int column) throws SQLException;

    /**
     * Deletes at most {@code limit} rows that expired before {@code now}, without waiting on rows another
     * node is deleting or a request is updating where the database allows it.
     *
     * @return how many rows were deleted, and whether more expired rows may remain
     */
    abstract PruneBatch pruneBatch(Connection connection, Instant now, int limit, boolean report) throws SQLException;

    /** A row a prune batch deleted, as it was: for the expiry listeners. */
    record Expired(String id, String json, Instant expires) {
    }

    /** The outcome of one prune batch; {@code expired} holds the deleted rows when they were asked for. */
    record PruneBatch(int deleted, boolean more, List<Expired> expired) {
        PruneBatch(int deleted, boolean more) {
            this(deleted, more, List.of());
        }
    }

    /**
     * A delete that also returns the rows it deleted (id, json text, expiry): {@code DELETE … RETURNING} on
     * PostgreSQL, MariaDB and SQLite. Only the statement that deleted a row returns it, so with several
     * instances pruning at once each expired row is reported once.
     */
    String returning(String delete) {
        return delete + " RETURNING " + sid + ", " + jsonColumn() + ", " + expiryColumn();
    }

    /** Runs a {@link #returning} delete and reads what it deleted. */
    PruneBatch runReturning(PreparedStatement ps, int limit) throws SQLException {
        List<Expired> expired = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String json = rs.getString(2);
                expired.add(new Expired(rs.getString(1), json == null ? "" : json, readExpiry(rs, 3)));
            }
        }
        return new PruneBatch(expired.size(), expired.size() == limit, expired);
    }

    /** The classpath resource holding this dialect's DDL for the default table name. */
    abstract String ddlResource();

    /** The default-name tokens of {@link #ddlResource()} and what they become for this table. */
    abstract Map<String, String> ddlNames();

    /** The DDL statements for this table: the shipped file with the configured names put in. */
    List<String> ddl() {
        String text;
        try (InputStream in = DialectSql.class.getResourceAsStream(ddlResource())) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + ddlResource());
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ddlResource(), e);
        }
        StringBuilder code = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        // Split the shipped text before the names go in: a configured name may hold ";" and a newline too.
        List<String> statements = new ArrayList<>();
        for (String statement : code.toString().split(";\\s*\n")) {
            if (!statement.isBlank()) {
                statements.add(withNames(statement.strip().replaceAll(";$", "")));
            }
        }
        return statements;
    }

    private String withNames(String statement) {
        // Longest tokens first: the table's own name is a prefix of the index and key names.
        String sql = statement;
        List<Map.Entry<String, String>> names = new ArrayList<>(ddlNames().entrySet());
        names.sort((a, b) -> b.getKey().length() - a.getKey().length());
        for (int i = 0; i < names.size(); i++) {
            sql = sql.replace(names.get(i).getKey(), "\u0000" + i + "\u0000");
        }
        for (int i = 0; i < names.size(); i++) {
            sql = sql.replace("\u0000" + i + "\u0000", names.get(i).getValue());
        }
        return sql;
    }
}
