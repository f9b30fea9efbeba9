package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.StoredSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pruning as it runs in production: two nodes (two stores, two pools) pruning the same 100,000 expired rows
 * at once while requests keep writing live sessions. Everything expired goes, nothing live is touched, and
 * neither side sees an error (a deadlock would surface as one).
 */
class PruneTest {
    static final int EXPIRED = 100_000;
    static final int LIVE = 500;

    abstract static class TwoNodes {
        HikariDataSource nodeA;
        HikariDataSource nodeB;
        String table;

        abstract String url();

        abstract String quote(String name);

        /** Inserts {@link #EXPIRED} rows that expired an hour ago, in one statement. */
        abstract String insertExpired();

        abstract String countExpired();

        @BeforeAll
        void database() {
            nodeA = TestDatabases.pool(url(), 8);
            nodeB = TestDatabases.pool(url(), 8);
            table = TestDatabases.uniqueTable();
        }

        @AfterAll
        void drop() {
            if (nodeA != null) {
                TestDatabases.dropStoreTables(nodeA, table);
                nodeA.close();
                nodeB.close();
            }
        }

        JdbcStore store(HikariDataSource pool) {
            return JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(Duration.ZERO)
                    .pruneBatchSize(500).build();
        }

        long count(String sql) {
            try (Connection c = nodeA.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void twoNodesPruneOneHundredThousandExpiredRowsTogetherWhileRequestsWrite() throws Exception {
            try (JdbcStore a = store(nodeA); JdbcStore b = store(nodeB)) {
                a.clear();
                TestDatabases.execute(nodeA, insertExpired());
                assertThat(count(countExpired())).isEqualTo(EXPIRED);
                List<String> live = new ArrayList<>();
                for (int i = 0; i < LIVE; i++) {
                    String id = "live-" + i;
                    live.add(id);
                    a.set(id, new StoredSession("{\"cookie\":{},\"n\":" + i + "}", Instant.now().plus(Duration.ofHours(1))));
                }

                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    CountDownLatch start = new CountDownLatch(1);
                    AtomicBoolean pruning = new AtomicBoolean(true);
                    AtomicInteger writes = new AtomicInteger();
                    // Requests on both nodes touch and rewrite live rows the whole time the prune runs.
                    Future<?> traffic = pool.submit(() -> {
                        start.await();
                        int i = 0;
                        while (pruning.get()) {
                            String id = live.get(i++ % LIVE);
                            JdbcStore node = i % 2 == 0 ? a : b;
                            assertThat(node.touch(id, Instant.now().plus(Duration.ofHours(2)))).isTrue();
                            String json = node.get(id).orElseThrow().json();
                            assertThat(node.replace(id, json, new StoredSession(json,
                                    Instant.now().plus(Duration.ofHours(2))))).isTrue();
                            writes.incrementAndGet();
                        }
                        return null;
                    });
                    Future<Long> prunedByA = pool.submit(() -> {
                        start.await();
                        return a.pruneExpired();
                    });
                    Future<Long> prunedByB = pool.submit(() -> {
                        start.await();
                        return b.pruneExpired();
                    });
                    start.countDown();
                    long total = prunedByA.get(5, TimeUnit.MINUTES) + prunedByB.get(5, TimeUnit.MINUTES);
                    pruning.set(false);
                    traffic.get(1, TimeUnit.MINUTES);

                    assertThat(total).isEqualTo(EXPIRED);
                    assertThat(count(countExpired())).isZero();
                    assertThat(writes.get()).isPositive();
                } finally {
                    pool.shutdownNow();
                }
                assertThat(a.length()).isEqualTo(LIVE);
                for (int i = 0; i < LIVE; i++) {
                    assertThat(a.get(live.get(i)).orElseThrow().json()).isEqualTo("{\"cookie\":{},\"n\":" + i + "}");
                }
            }
        }

        @Test
        void theScheduleRunsOnItsOwnAndStopsWithTheStore() throws Exception {
            JdbcStore scheduled = JdbcStore.builder(nodeA).table(table).createTableIfMissing(true)
                    .pruneInterval(Duration.ofMillis(200)).build();
            try {
                scheduled.clear();
                scheduled.set("soon-gone", new StoredSession("{}", Instant.now().plusMillis(300)));
                scheduled.set("staying", new StoredSession("{}", Instant.now().plus(Duration.ofHours(1))));
                await().atMost(Duration.ofSeconds(20)).until(() -> count(countAll()) == 1);
                assertThat(scheduled.get("staying")).isPresent();
                assertThat(pruneThreads()).isPositive();
            } finally {
                scheduled.close();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> pruneThreads() == 0);
        }

        String countAll() {
            return "SELECT COUNT(*) FROM " + quote(table);
        }
    }

    static long pruneThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("sessions4j-jdbc-prune") && t.isAlive()).count();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgres extends TwoNodes {
        @Override
        String url() {
            return TestDatabases.postgresUrl();
        }

        @Override
        String quote(String name) {
            return "\"" + name + "\"";
        }

        @Override
        String insertExpired() {
            return "INSERT INTO " + quote(table) + " (sid, sess, expire) SELECT 'expired-' || g,"
                    + " '{\"cookie\":{\"originalMaxAge\":60000}}', to_timestamp(extract(epoch FROM now()) - 3600)"
                    + " FROM generate_series(1, " + EXPIRED + ") g";
        }

        @Override
        String countExpired() {
            return "SELECT COUNT(*) FROM " + quote(table) + " WHERE sid LIKE 'expired-%'";
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnMariaDb extends TwoNodes {
        @Override
        String url() {
            return TestDatabases.mariadbUrl();
        }

        @Override
        String quote(String name) {
            return "`" + name + "`";
        }

        @Override
        String insertExpired() {
            // MariaDB's SEQUENCE engine (seq_1_to_N) makes the rows in one statement.
            return "INSERT INTO " + quote(table) + " (session_id, expires, data) SELECT CONCAT('expired-', seq),"
                    + " UNIX_TIMESTAMP() - 3600, '{\"cookie\":{\"originalMaxAge\":60000}}' FROM seq_1_to_" + EXPIRED;
        }

        @Override
        String countExpired() {
            return "SELECT COUNT(*) FROM " + quote(table) + " WHERE session_id LIKE 'expired-%'";
        }
    }
}
