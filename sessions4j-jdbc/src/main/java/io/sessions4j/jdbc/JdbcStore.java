package io.sessions4j.jdbc;

import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.ExpiryListener;
import io.sessions4j.spi.PrincipalIndex;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoreLock;
import io.sessions4j.spi.StoreLocks;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in a SQL database, over a {@link DataSource} the application supplies (a pool such as HikariCP;
 * this store keeps no connections of its own):
 *
 * <pre>{@code
 * HikariConfig hikari = new HikariConfig();
 * hikari.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/app");
 * hikari.setConnectionTimeout(2_000);           // a down database fails requests in 2 s, not 30
 * JdbcStore store = JdbcStore.builder(new HikariDataSource(hikari))
 *         .createTableIfMissing(true)
 *         .build();
 * }</pre>
 *
 * <p>Every operation is one SQL statement on a connection borrowed for that call only and returned at once:
 * no transaction and no connection is held while a request's handler runs. A request that only reads its
 * session costs one statement; one that changes it, two (read, then a compare-and-set {@code UPDATE}). On
 * PostgreSQL the read also slides the expiry in the same statement when the engine's touch is due.
 *
 * <p>On PostgreSQL the default table is connect-pg-simple's, so a Node app using express-session and
 * connect-pg-simple shares sessions with this store. Expired rows are deleted in small batches on a jittered
 * schedule ({@link Builder#pruneInterval}), safe to run on every node at once.
 *
 * <p>Failures (including "no connection within the pool's timeout") are thrown as
 * {@link SessionStoreException}s naming this store and the operation, without session ids or data.
 */
public final class JdbcStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    private static final int ID_PAGE = 500;
    private static final String[] NO_SECRETS = {};
    /** Tries of a call the database rolled back by itself (a deadlock victim) before the failure is reported. */
    private static final int MAX_ATTEMPTS = 3;
    /** The shortest expected record a compare-and-set sends as a 32-byte SHA-256 instead of whole. */
    static final int DIGEST_MIN_CHARS = 512;

    private final DataSource dataSource;
    private final JdbcDialect dialect;
    private final DialectSql sql;
    private final Clock clock;
    private final int queryTimeoutSeconds;
    private final int networkTimeoutMillis;
    /** Cleared when the driver cannot bound a connection's waits (SQLite); no timeout is set then. */
    private volatile boolean networkTimeoutSupported = true;
    private final int pruneBatchSize;
    private final Pruner pruner;
    private final AutoCloseable onClose;
    private final String name;
    private final String getSql;
    private final String getAndTouchSql;
    private final String upsertSql;
    /** The compare-and-set statements, indexed by whether they compare digests ([1]) or the text ([0]). */
    private final String[] replaceSql;
    private final String[] replaceWithPrincipalSql;
    private final String[] deleteIfUnchangedSql;
    private final String setPrincipalSql;
    private final String touchSql;
    private final String destroySql;
    private final String countSql;
    private final String lockInsertSql;
    private final String lockTakeOverSql;
    private final String lockReleaseSql;
    private final String lockPruneSql;
    private final StoreLocks locks = new Locks();
    private final PrincipalIndex principals = new Principals();
    private final List<ExpiryListener> expiryListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether the table has the principal column; null until probed. */
    private volatile Boolean principalColumn;
    /** Whether the database compares digests of the expected text ({@link DialectSql#digests}); null until asked. */
    private volatile Boolean digest;

    private JdbcStore(Builder b, JdbcDialect dialect) {
        this.dataSource = b.dataSource;
        this.dialect = dialect;
        this.sql = dialect.sql(b.schema, b.table, b.timeZone, b.asynchronousCommit);
        this.clock = b.clock;
        this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, b.queryTimeout.toSeconds());
        this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, b.networkTimeout.toMillis());
        this.pruneBatchSize = b.pruneBatchSize;
        this.onClose = b.onClose;
        this.name = "JdbcStore(" + dialect.name().toLowerCase(java.util.Locale.ROOT) + ")";
        this.getSql = sql.get();
        this.getAndTouchSql = sql.getAndTouch();
        this.upsertSql = sql.upsert();
        this.replaceSql = new String[] {sql.replace(false), sql.replace(true)};
        this.replaceWithPrincipalSql = new String[] {sql.replaceWithPrincipal(false), sql.replaceWithPrincipal(true)};
        this.deleteIfUnchangedSql = new String[] {sql.deleteIfUnchanged(false), sql.deleteIfUnchanged(true)};
        this.setPrincipalSql = sql.setPrincipal();
        this.touchSql = sql.touch();
        this.destroySql = sql.destroy();
        this.countSql = sql.count();
        this.lockInsertSql = sql.lockInsert();
        this.lockTakeOverSql = sql.lockTakeOver();
        this.lockReleaseSql = sql.lockRelease();
        this.lockPruneSql = sql.lockPrune();
        this.pruner = b.pruneInterval.isZero() ? null : new Pruner(this, b.pruneInterval);
    }

    /**
     * A builder over this data source. The dialect is detected from the database unless given.
     *
     * @param dataSource the application's data source; the store does not close it
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the dialect this store speaks} */
    public JdbcDialect dialect() {
        return dialect;
    }

    /**
     * {@return the DDL that creates this store's table and index, with the configured names (the shipped .sql file)}
     */
    public List<String> createTableStatements() {
        return sql.ddl();
    }

    @Override
    public Optional<StoredSession> get(String id) {
        Objects.requireNonNull(id, "id");
        Instant now = clock.instant();
        return call("get", id, c -> {
            try (PreparedStatement ps = prepare(c, getSql)) {
                ps.setString(1, id);
                sql.bindNow(ps, 2, now);
                return readOne(ps);
            }
        });
    }

    /**
     * On PostgreSQL, reads and (when due) slides the expiry in one statement, so a read-only request is one
     * statement whatever {@code touchAfter} is. Other dialects read; the engine then touches at commit when due.
     */
    @Override
    public Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
        if (getAndTouchSql == null) {
            return get(id);
        }
        Objects.requireNonNull(id, "id");
        return call("get", id, c -> {
            try (PreparedStatement ps = prepare(c, getAndTouchSql)) {
                ps.setString(1, id);
                ps.setLong(2, touch.now().toEpochMilli());
                ps.setLong(3, touch.browserSessionTtl().toMillis());
                ps.setLong(4, touch.touchAfter().toMillis());
                return readOne(ps);
            }
        });
    }

    private Optional<StoredSession> readOne(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String json = rs.getString(1);
            Instant expires = sql.readExpiry(rs, 2);
            // A NULL data column (possible in express-mysql-session's layout) is unreadable, not missing.
            return Optional.of(new StoredSession(json == null ? "" : json, expires));
        }
    }

    @Override
    public void set(String id, StoredSession session) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(session, "session");
        if (session.isExpiredAt(clock.instant())) {
            destroy(id);
            return;
        }
        if (session.principal() != null && hasPrincipalColumn()) {
            call("set", id, session.json(), c -> atomically(c, tx -> upsertWithPrincipal(c, id, session)));
            return;
        }
        call("set", id, session.json(), c -> {
            try (PreparedStatement ps = prepare(c, upsertSql)) {
                ps.setString(1, id);
                ps.setString(2, session.json());
                sql.bindExpiry(ps, 3, session.expires());
                return ps.executeUpdate();
            }
        });
    }

    /** The upsert and the principal, on a connection in a transaction. */
    private int upsertWithPrincipal(Connection c, String id, StoredSession session) throws SQLException {
        try (PreparedStatement ps = prepare(c, upsertSql)) {
            ps.setString(1, id);
            ps.setString(2, session.json());
            sql.bindExpiry(ps, 3, session.expires());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = prepare(c, setPrincipalSql)) {
            ps.setString(1, session.principal());
            ps.setString(2, id);
            return ps.executeUpdate();
        }
    }

    /** The compare-and-set that also writes the principal column (one statement). */
    private boolean replaceWithPrincipal(Connection c, String id, String expectedJson, StoredSession session,
            Instant now) throws SQLException {
        boolean digests = digests(c, expectedJson);
        try (PreparedStatement ps = prepare(c, replaceWithPrincipalSql[digests ? 1 : 0])) {
            ps.setString(1, session.json());
            sql.bindExpiry(ps, 2, session.expires());
            ps.setString(3, session.principal());
            ps.setString(4, id);
            sql.bindNow(ps, 5, now);
            sql.bindExpected(ps, 6, expectedJson, digests);
            return ps.executeUpdate() > 0;
        }
    }

    @Override
    public boolean replace(String id, String expectedJson, StoredSession session) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expectedJson, "expectedJson");
        Objects.requireNonNull(session, "session");
        Instant now = clock.instant();
        if (session.isExpiredAt(now)) {
            return call("replace", id, expectedJson, c -> {
                boolean digests = digests(c, expectedJson);
                try (PreparedStatement ps = prepare(c, deleteIfUnchangedSql[digests ? 1 : 0])) {
                    ps.setString(1, id);
                    sql.bindNow(ps, 2, now);
                    sql.bindExpected(ps, 3, expectedJson, digests);
                    return ps.executeUpdate() > 0;
                }
            });
        }
        if (hasPrincipalColumn()) {
            return call("replace", id, expectedJson, session.json(),
                    c -> replaceWithPrincipal(c, id, expectedJson, session, now));
        }
        return call("replace", id, expectedJson, session.json(), c -> {
            boolean digests = digests(c, expectedJson);
            try (PreparedStatement ps = prepare(c, replaceSql[digests ? 1 : 0])) {
                ps.setString(1, session.json());
                sql.bindExpiry(ps, 2, session.expires());
                ps.setString(3, id);
                sql.bindNow(ps, 4, now);
                sql.bindExpected(ps, 5, expectedJson, digests);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean touch(String id, Instant expires) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expires, "expires");
        Instant now = clock.instant();
        return call("touch", id, c -> {
            try (PreparedStatement ps = prepare(c, touchSql)) {
                sql.bindExpiry(ps, 1, expires);
                ps.setString(2, id);
                sql.bindNow(ps, 3, now);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void destroy(String id) {
        Objects.requireNonNull(id, "id");
        call("destroy", id, c -> {
            try (PreparedStatement ps = prepare(c, destroySql)) {
                ps.setString(1, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public long length() {
        Instant now = clock.instant();
        return call("length", null, c -> {
            try (PreparedStatement ps = prepare(c, countSql)) {
                sql.bindNow(ps, 1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Deletes every row of this store's table (a plain {@code DELETE}, not {@code TRUNCATE}, so no table lock). */
    @Override
    public void clear() {
        call("clear", null, c -> {
            try (Statement st = c.createStatement()) {
                applyTimeout(st);
                return st.executeUpdate(sql.clear());
            }
        });
    }

    /**
     * The ids of live rows in id order, read in pages of 500 by keyset pagination: each page is one statement
     * on a connection borrowed for it, so an unfinished stream holds nothing.
     */
    @Override
    public Stream<String> ids() {
        Instant now = clock.instant();
        Iterator<String> pages = new Iterator<>() {
            private List<String> page = fetch(null);
            private int next;

            private List<String> fetch(String after) {
                return call("ids", null, c -> {
                    try (PreparedStatement ps = prepare(c, sql.idPage(after != null, ID_PAGE))) {
                        sql.bindNow(ps, 1, now);
                        if (after != null) {
                            ps.setString(2, after);
                        }
                        List<String> ids = new ArrayList<>(ID_PAGE);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                ids.add(rs.getString(1));
                            }
                        }
                        return ids;
                    }
                });
            }

            @Override
            public boolean hasNext() {
                if (next < page.size()) {
                    return true;
                }
                if (page.size() < ID_PAGE) {
                    return false;
                }
                page = fetch(page.get(page.size() - 1));
                next = 0;
                return !page.isEmpty();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(next++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages,
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
    }

    /**
     * Deletes expired rows now, in batches of {@link Builder#pruneBatchSize}, each its own short statement
     * (autocommit). Safe to run on several nodes at once. The schedule calls this; applications that turned
     * the schedule off may call it from their own job.
     *
     * @return how many rows this call deleted
     */
    public long pruneExpired() {
        long total = 0;
        while (true) {
            Instant now = clock.instant();
            boolean report = !expiryListeners.isEmpty();
            DialectSql.PruneBatch batch = call("prune", null, c -> sql.pruneBatch(c, now, pruneBatchSize, report));
            report(batch.expired());
            total += batch.deleted();
            if (!batch.more() || (pruner != null && pruner.isClosed())) {
                pruneLocks();
                return total;
            }
        }
    }

    /** Deletes lock rows whose leases ran out; few, and only from instances that died holding them. */
    /**
     * Reports the rows the prune job deletes, each once even with several instances pruning (only the
     * statement that deleted a row returns it: {@code DELETE … RETURNING}, H2's {@code OLD TABLE}), on the
     * prune thread, after the batch's transaction. Without a prune schedule ({@code pruneInterval(ZERO)}) this
     * store reports nothing on its own; {@link #pruneExpired()} then reports what it deletes.
     */
    @Override
    public boolean addExpiryListener(ExpiryListener listener) {
        expiryListeners.add(Objects.requireNonNull(listener, "listener"));
        return pruner != null;
    }

    private void report(List<DialectSql.Expired> expired) {
        for (DialectSql.Expired e : expired) {
            for (ExpiryListener listener : expiryListeners) {
                try {
                    listener.expired(e.id(), Optional.of(new StoredSession(e.json(), e.expires())));
                } catch (RuntimeException failure) {
                    LOG.warn("{}: expiry listener {} failed: {}", name, listener, failure.toString());
                }
            }
        }
    }

    private void pruneLocks() {
        Instant now = clock.instant();
        try {
            call("prune", null, c -> {
                try (PreparedStatement ps = prepare(c, lockPruneSql)) {
                    ps.setLong(1, now.toEpochMilli());
                    return ps.executeUpdate();
                }
            });
        } catch (SessionStoreException e) {
            // Without a lock table (created by createTableIfMissing, or by hand) there is nothing to prune.
            LOG.debug("{}: lock rows not pruned: {}", name, e.getMessage());
        }
    }

    /**
     * Locks as rows of the lock table ({@code <table>_lock}: sid, owner, expires_ms), taken and released
     * with one short autocommit statement each, so no connection or transaction is held while a request
     * runs: {@code tryLock} inserts the row unless one exists, else takes over a row whose lease ran out;
     * {@code release} deletes the row only while it still names its owner. Leases are judged with the
     * store's clock, so instances' clocks must agree to well within the lease (NTP does). The table is
     * created by {@link Builder#createTableIfMissing}, or by hand from the shipped DDL.
     */
    @Override
    public Optional<StoreLocks> locks() {
        return Optional.of(locks);
    }

    /**
     * The index of sessions by principal: the table's nullable {@code principal} column, indexed with the
     * expiry, written by the same statement (or transaction) that writes the row. A row that expires or is
     * deleted (by this store, its prune job, or a Node app) leaves the index with it. Available when the
     * column exists: {@link Builder#createTableIfMissing} adds it to a table that lacks it (connect-pg-simple
     * and express-mysql-session name their columns and never see it); otherwise add it by hand (see the
     * README).
     */
    @Override
    public Optional<PrincipalIndex> principals() {
        return hasPrincipalColumn() ? Optional.of(principals) : Optional.empty();
    }

    /**
     * Whether this compare-and-set compares digests: for records of {@link #DIGEST_MIN_CHARS} or more, where the
     * database can (asked once, on the connection a compare-and-set already borrowed). A shorter record costs
     * less to send whole than to hash on both sides.
     */
    private boolean digests(Connection c, String expectedJson) throws SQLException {
        if (expectedJson.length() < DIGEST_MIN_CHARS) {
            return false;
        }
        Boolean known = digest;
        if (known == null) {
            known = sql.digests(c);
            digest = known;
        }
        return known;
    }

    private boolean hasPrincipalColumn() {
        Boolean known = principalColumn;
        if (known == null && sql.principalExistsQuery() != null) {
            known = call("principal probe", null, c -> {
                try (PreparedStatement ps = prepare(c, sql.principalExistsQuery())) {
                    ps.setString(1, sql.table.schemaOrNull());
                    ps.setString(2, sql.table.table());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() && rs.getLong(1) > 0;
                    }
                }
            });
            principalColumn = known;
        }
        if (known == null) {
            known = call("principal probe", null, c -> {
                try (Statement st = c.createStatement()) {
                    st.executeQuery(sql.principalProbe()).close();
                    return true;
                } catch (SQLException e) {
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                    if (!c.isValid(5)) {
                        throw e;
                    }
                    return false;
                }
            });
            principalColumn = known;
        }
        return known;
    }

    /** Adds the principal column and its index unless the table has them; a node that loses the race re-probes. */
    private void addPrincipalColumnIfMissing() {
        if (hasPrincipalColumn()) {
            return;
        }
        try {
            call("createTable", null, c -> {
                try (Statement st = c.createStatement()) {
                    for (String ddl : sql.addPrincipalColumn()) {
                        st.execute(ddl);
                    }
                }
                return null;
            });
            LOG.info("{} added the principal column to {}", name, sql.table);
        } catch (SessionStoreException e) {
            LOG.debug("{}: adding the principal column failed ({}); probing again", name, e.getMessage());
        }
        principalColumn = null;
        hasPrincipalColumn();
    }

    /** Runs {@code body} as one transaction on {@code c}, whatever the pool's autocommit setting. */
    private <T> T atomically(Connection c, SqlCall<T> body) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        try {
            T result = body.apply(c);
            if (autoCommit) {
                c.commit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (autoCommit) {
                c.rollback();
            }
            throw e;
        } finally {
            if (autoCommit) {
                c.setAutoCommit(true);
            }
        }
    }

    private final class Principals implements PrincipalIndex {
        @Override
        public List<String> ids(String principal) {
            Objects.requireNonNull(principal, "principal");
            Instant now = clock.instant();
            return call("principal ids", null, c -> ids(c, principal, now));
        }

        @Override
        public void remove(String principal, String id) {
            call("principal remove", id, c -> {
                try (PreparedStatement ps = prepare(c, sql.clearPrincipal())) {
                    ps.setString(1, id);
                    ps.setString(2, principal);
                    return ps.executeUpdate();
                }
            });
        }

        /**
         * One transaction: the principal's row of the lock table is locked (so admissions of one principal
         * run one at a time on every instance), its live rows are counted through the index, the oldest are
         * deleted or the admission refused, and the session is written.
         */
        @Override
        public Admission admit(String id, String expectedJson, StoredSession session, int limit, boolean endOldest) {
            String principal = Objects.requireNonNull(session.principal(), "session.principal()");
            String lockId = "principal:" + LockIds.sha256(principal);
            return call("admit", id, expectedJson, session.json(), c -> {
                Instant now = clock.instant();
                lockPrincipal(c, lockId);
                return atomically(c, tx -> {
                    try (PreparedStatement ps = prepare(c, sql.lockRowForUpdate())) {
                        ps.setString(1, lockId);
                        ps.executeUpdate();
                    }
                    List<String> others = new ArrayList<>(ids(c, principal, now));
                    others.remove(id);
                    List<String> ended = List.of();
                    if (others.size() >= limit) {
                        if (!endOldest) {
                            return new Admission(Outcome.REFUSED, List.of());
                        }
                        ended = List.copyOf(others.subList(0, others.size() - limit + 1));
                    }
                    if (expectedJson == null) {
                        upsertWithPrincipal(c, id, session);
                    } else if (!replaceWithPrincipal(c, id, expectedJson, session, now)) {
                        c.rollback();
                        return new Admission(Outcome.CONFLICT, List.of());
                    }
                    for (String old : ended) {
                        try (PreparedStatement ps = prepare(c, destroySql)) {
                            ps.setString(1, old);
                            ps.executeUpdate();
                        }
                    }
                    return new Admission(Outcome.WRITTEN, ended);
                });
            });
        }

        /** The principal's lock row exists (inserted once, autocommitted, outside the admission). */
        private void lockPrincipal(Connection c, String lockId) throws SQLException {
            try (PreparedStatement ps = prepare(c, lockInsertSql)) {
                ps.setString(1, lockId);
                ps.setString(2, "principal");
                ps.setLong(3, Long.MAX_VALUE);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!lostTheRace(e)) {
                    throw e;
                }
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }

        private List<String> ids(Connection c, String principal, Instant now) throws SQLException {
            try (PreparedStatement ps = prepare(c, sql.principalIds())) {
                ps.setString(1, principal);
                sql.bindNow(ps, 2, now);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        }
    }

    private final class Locks implements StoreLocks {
        @Override
        public Optional<StoreLock> tryLock(String id, Duration lease) {
            Objects.requireNonNull(id, "id");
            String owner = UUID.randomUUID().toString();
            Instant now = clock.instant();
            Instant until = now.plus(lease);
            boolean taken = call("lock", id, c -> insertLock(c, id, owner, until)
                    || takeOverLock(c, id, owner, until, now));
            return taken ? Optional.of(() -> release(id, owner, until)) : Optional.empty();
        }

        private boolean insertLock(Connection c, String id, String owner, Instant until) throws SQLException {
            try (PreparedStatement ps = prepare(c, lockInsertSql)) {
                ps.setString(1, id);
                ps.setString(2, owner);
                ps.setLong(3, until.toEpochMilli());
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if (lostTheRace(e)) {
                    return false;
                }
                throw e;
            }
        }

        private boolean takeOverLock(Connection c, String id, String owner, Instant until, Instant now)
                throws SQLException {
            try (PreparedStatement ps = prepare(c, lockTakeOverSql)) {
                ps.setString(1, owner);
                ps.setLong(2, until.toEpochMilli());
                ps.setString(3, id);
                ps.setLong(4, now.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        }

        private boolean release(String id, String owner, Instant until) {
            int deleted = call("unlock", id, c -> {
                try (PreparedStatement ps = prepare(c, lockReleaseSql)) {
                    ps.setString(1, id);
                    ps.setString(2, owner);
                    return ps.executeUpdate();
                }
            });
            return deleted == 1 && until.isAfter(clock.instant());
        }
    }

    /**
     * Another instance holds the row: a duplicate key, where the dialect has no "insert if absent". (A
     * deadlock victim, which InnoDB may pick when inserts of one key race with its delete, is run again by
     * {@link #call}.)
     */
    private static boolean lostTheRace(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    /**
     * Creates the table, its expiry index and the lock table unless both tables exist. Several nodes may race
     * here: a node whose statement lost the race runs the statements again, and its failure is reported only
     * when the tables are still missing after three tries.
     */
    public void createTableIfMissing() {
        for (int attempt = 1; !tablesExist(); attempt++) {
            try {
                call("createTable", null, c -> {
                    try (Statement st = c.createStatement()) {
                        for (String ddl : sql.ddl()) {
                            st.execute(ddl);
                        }
                    }
                    return null;
                });
                LOG.info("{} created what was missing of tables {} and {}", name, sql.table, sql.lockTable);
                return;
            } catch (SessionStoreException e) {
                // Another node may have been creating one of the tables at the same moment: every statement is
                // IF NOT EXISTS, so running them again completes what that node has not created yet.
                if (attempt >= 3 && !tablesExist()) {
                    throw e;
                }
            }
        }
    }

    private boolean tablesExist() {
        return tableExists(sql.table) && tableExists(sql.lockTable);
    }

    private boolean tableExists(TableName table) {
        String catalogQuery = sql.existsQuery();
        if (catalogQuery != null) {
            return call("createTable", null, c -> {
                try (PreparedStatement ps = prepare(c, catalogQuery)) {
                    ps.setString(1, table.schemaOrNull());
                    ps.setString(2, table.table());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() && rs.getLong(1) > 0;
                    }
                }
            });
        }
        return call("createTable", null, c -> {
            try (Statement st = c.createStatement()) {
                st.executeQuery(sql.probe(table)).close();
                return true;
            } catch (SQLException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                if (!c.isValid(5)) {
                    throw e;
                }
                return false;
            }
        });
    }

    /** Stops the prune schedule and, when configured, closes the data source (the provider's own pool). */
    @Override
    public void close() {
        if (pruner != null) {
            pruner.close();
        }
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                LOG.warn("{}: closing the data source failed: {}", name, e.toString());
            }
        }
    }

    // ---- plumbing ----

    /**
     * A database that stops answering (frozen, cut off without a reset) must fail the call, not hang the
     * request: the connection gives up after the network timeout and the pool replaces it.
     */
    private void boundWaits(Connection c) throws SQLException {
        if (networkTimeoutMillis <= 0 || !networkTimeoutSupported) {
            return;
        }
        try {
            c.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
        } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
            networkTimeoutSupported = false;
            LOG.debug("{}: the JDBC driver cannot bound a connection's waits; no network timeout", name);
        }
    }

    private PreparedStatement prepare(Connection c, String statement) throws SQLException {
        PreparedStatement ps = c.prepareStatement(statement);
        applyTimeout(ps);
        return ps;
    }

    private void applyTimeout(Statement st) throws SQLException {
        if (queryTimeoutSeconds > 0) {
            st.setQueryTimeout(queryTimeoutSeconds);
        }
    }

    @FunctionalInterface
    interface SqlCall<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T call(String operation, String id, SqlCall<T> body) {
        return call(operation, id, null, null, body);
    }

    private <T> T call(String operation, String id, String json, SqlCall<T> body) {
        return call(operation, id, json, null, body);
    }

    /**
     * Runs one statement on a connection borrowed for it. Pools may hand out connections with autocommit off;
     * then the statement is committed (or rolled back) before the connection goes back, so nothing stays open.
     */
    private <T> T call(String operation, String id, String json, String json2, SqlCall<T> body) {
        String[] secrets = id == null ? NO_SECRETS : new String[] {id, json, json2};
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(body);
            } catch (SQLException | RuntimeException e) {
                if (attempt < MAX_ATTEMPTS && SqlFailures.isRolledBackByTheDatabase(e)) {
                    // A deadlock victim or serialization failure was rolled back whole and had no effect, so
                    // running the call again is safe; the other transaction has its locks by now.
                    pause(attempt);
                    continue;
                }
                throw SqlFailures.wrap(name, operation, e, secrets);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5 * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T inTransaction(SqlCall<T> body) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boundWaits(c);
            boolean autoCommit = c.getAutoCommit();
            try {
                T result = body.apply(c);
                if (!autoCommit) {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (!autoCommit) {
                    try {
                        c.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                }
                throw e;
            }
        }
    }

    /** Builder of {@link JdbcStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private JdbcDialect dialect;
        private String schema;
        private String table;
        private ZoneId timeZone;
        private boolean createTableIfMissing;
        private Duration pruneInterval = Duration.ofMinutes(15);
        private int pruneBatchSize = 500;
        private Duration queryTimeout = Duration.ZERO;
        private Duration networkTimeout = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();
        private AutoCloseable onClose;
        private boolean asynchronousCommit;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The database's dialect. When not given, {@link #build()} asks the database (one connection).
         *
         * @param dialect the dialect
         * @return this builder
         */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * The schema of the table (PostgreSQL, H2; the database for MariaDB).
         *
         * @param schema the schema; {@code null} (the default) for the connection's
         * @return this builder
         */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /**
         * The table name, quoted as given.
         *
         * @param table default {@code session} ({@code sessions} for MariaDB)
         * @return this builder
         */
        public Builder table(String table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        /**
         * PostgreSQL only: the zone {@code expire} wall-clock times are written and read in. Default: none, so
         * the connection's {@code TimeZone} decides, exactly as for connect-pg-simple. Set it to the zone of
         * the other apps' connections (usually the server's {@code TimeZone}) when the JVM's default zone,
         * which pgjdbc gives its connections, may differ.
         *
         * @param timeZone the zone, or {@code null} for the connection's
         * @return this builder
         */
        public Builder timeZone(ZoneId timeZone) {
            this.timeZone = timeZone;
            return this;
        }

        /**
         * Creates the table and index at {@link #build()} when they are missing.
         *
         * @param createTableIfMissing default {@code false}
         * @return this builder
         */
        public Builder createTableIfMissing(boolean createTableIfMissing) {
            this.createTableIfMissing = createTableIfMissing;
            return this;
        }

        /**
         * The mean interval between prune runs; each run waits a random 50-150 % of it (so nodes drift apart),
         * as connect-pg-simple does.
         *
         * @param pruneInterval default 15 minutes; {@link Duration#ZERO} turns pruning off
         * @return this builder
         */
        public Builder pruneInterval(Duration pruneInterval) {
            if (pruneInterval == null || pruneInterval.isNegative()) {
                throw new IllegalArgumentException("pruneInterval: must be zero (off) or positive, got " + pruneInterval);
            }
            this.pruneInterval = pruneInterval;
            return this;
        }

        /**
         * Rows deleted per prune statement.
         *
         * @param pruneBatchSize 1 to 10000; default 500: short statements, short locks
         * @return this builder
         */
        public Builder pruneBatchSize(int pruneBatchSize) {
            if (pruneBatchSize < 1 || pruneBatchSize > 10_000) {
                throw new IllegalArgumentException("pruneBatchSize: must be 1..10000, got " + pruneBatchSize);
            }
            this.pruneBatchSize = pruneBatchSize;
            return this;
        }

        /**
         * A per-statement timeout ({@link Statement#setQueryTimeout}), in whole seconds.
         *
         * @param queryTimeout default {@link Duration#ZERO}: none
         * @return this builder
         */
        public Builder queryTimeout(Duration queryTimeout) {
            if (queryTimeout == null || queryTimeout.isNegative()) {
                throw new IllegalArgumentException("queryTimeout: must be zero (none) or positive, got " + queryTimeout);
            }
            this.queryTimeout = queryTimeout;
            return this;
        }

        /**
         * How long one statement may wait for the database to answer before its connection is given up
         * ({@link Connection#setNetworkTimeout}): a frozen database then fails requests instead of hanging them.
         *
         * @param networkTimeout default 5 seconds; {@link Duration#ZERO} waits as long as the driver does (often
         *     forever)
         * @return this builder
         */
        public Builder networkTimeout(Duration networkTimeout) {
            if (networkTimeout == null || networkTimeout.isNegative()) {
                throw new IllegalArgumentException("networkTimeout: must be zero (none) or positive, got "
                        + networkTimeout);
            }
            this.networkTimeout = networkTimeout;
            return this;
        }

        /**
         * The clock that decides which rows have expired; give the session configuration's clock in tests.
         *
         * @param clock default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * PostgreSQL only: commit this store's writes without waiting for their WAL to reach the disk
         * ({@code synchronous_commit = off} for each writing statement's own transaction, never for the
         * connection: the pool's other users keep the server's setting). A write request then does not wait for
         * an fsync, which is most of its time on a busy server. The price: if the PostgreSQL server (or its
         * machine) crashes, the session writes of the last moments before the crash are lost (at most three
         * times {@code wal_writer_delay}, 600 ms by default), although they were acknowledged; the database stays
         * consistent, and the sessions come back as they were before those writes. Measured in
         * {@code bench/RESULTS-pg.md}.
         *
         * @param asynchronousCommit default {@code false}: every write is durable when the request ends
         * @return this builder
         */
        public Builder asynchronousCommit(boolean asynchronousCommit) {
            this.asynchronousCommit = asynchronousCommit;
            return this;
        }

        /**
         * Something to close with the store, e.g. a pool created only for it.
         *
         * @param resource closed by {@link JdbcStore#close()}
         * @return this builder
         */
        public Builder closeWithStore(AutoCloseable resource) {
            this.onClose = resource;
            return this;
        }

        /**
         * The store. Detects the dialect (unless given) and creates the table (when asked), both of which need
         * the database.
         *
         * @return the store
         * @throws SessionStoreException when the database is needed and cannot be reached
         */
        public JdbcStore build() {
            JdbcDialect d = dialect != null ? dialect : detect();
            if (timeZone != null && d != JdbcDialect.POSTGRESQL) {
                throw new IllegalArgumentException("timeZone: only PostgreSQL keeps expiry as a zoned wall-clock time");
            }
            if (asynchronousCommit && d != JdbcDialect.POSTGRESQL) {
                throw new IllegalArgumentException("asynchronousCommit: only PostgreSQL can commit one transaction "
                        + "asynchronously; got " + d);
            }
            JdbcStore store = new JdbcStore(this, d);
            if (createTableIfMissing) {
                try {
                    store.createTableIfMissing();
                    store.addPrincipalColumnIfMissing();
                } catch (RuntimeException e) {
                    store.close();
                    throw e;
                }
            }
            return store;
        }

        private JdbcDialect detect() {
            try (Connection c = dataSource.getConnection()) {
                DatabaseMetaData meta = c.getMetaData();
                return JdbcDialect.fromProductName(meta.getDatabaseProductName())
                        .orElseThrow(() -> new IllegalArgumentException("dialect: no JdbcDialect for database '"
                                + productName(meta) + "'; supported: PostgreSQL, MariaDB/MySQL, H2, SQLite"));
            } catch (SQLException e) {
                throw SqlFailures.wrap("JdbcStore", "detectDialect", e);
            }
        }

        private static String productName(DatabaseMetaData meta) {
            try {
                return meta.getDatabaseProductName();
            } catch (SQLException e) {
                return "?";
            }
        }
    }
}
