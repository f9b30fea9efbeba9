package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.StoredSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Expiry events from the prune job: each expired row is reported once, with its data, even when two instances
 * prune the same table at once; and the delay between a session's expiry and its event, recorded (not asserted:
 * it is the prune interval's business).
 */
class PrunedExpiryEventsTest {
    static final int EXPIRED = 300;

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class OnADatabase {
        HikariDataSource pool;
        String table;

        abstract HikariDataSource open() throws IOException;

        @BeforeAll
        void database() throws IOException {
            pool = open();
            table = TestDatabases.uniqueTable();
        }

        @AfterAll
        void drop() {
            TestDatabases.dropStoreTables(pool, table);
            pool.close();
        }

        JdbcStore store(Duration pruneInterval) {
            return JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(pruneInterval)
                    .pruneBatchSize(50).build();
        }

        @Test
        void twoInstancesPruningAtOnceReportEachExpiredRowOnceWithItsData() throws Exception {
            List<String> reported = new CopyOnWriteArrayList<>();
            try (JdbcStore a = store(Duration.ZERO); JdbcStore b = store(Duration.ZERO)) {
                a.addExpiryListener((id, last) -> reported.add(id + " " + last.orElseThrow().json()));
                b.addExpiryListener((id, last) -> reported.add(id + " " + last.orElseThrow().json()));
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < EXPIRED; i++) {
                    String json = "{\"cookie\":{},\"n\":" + i + "}";
                    a.set("expiring-" + i, new StoredSession(json, Instant.now().plusMillis(1500)));
                    expected.add("expiring-" + i + " " + json);
                }
                a.set("live", new StoredSession("{\"cookie\":{}}", Instant.now().plus(Duration.ofHours(1))));
                // MariaDB keeps whole seconds, rounded up, and prunes a second later than it stops serving a row.
                Thread.sleep(3600);
                CompletableFuture<Long> byA = CompletableFuture.supplyAsync(a::pruneExpired);
                CompletableFuture<Long> byB = CompletableFuture.supplyAsync(b::pruneExpired);
                assertThat(byA.get() + byB.get()).isEqualTo(EXPIRED);
                assertThat(reported).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(a.get("live")).isPresent();
            }
        }

        @Test
        void theDelayFromExpiryToEventIsRecorded() {
            List<Long> delays = new CopyOnWriteArrayList<>();
            try (JdbcStore store = store(Duration.ofSeconds(1))) {
                assertThat(store.addExpiryListener((id, last) -> {
                    if (id.startsWith("timed-")) {
                        delays.add(Duration.between(last.orElseThrow().expires(), Instant.now()).toMillis());
                    }
                })).isTrue();
                for (int i = 0; i < 5; i++) {
                    store.set("timed-" + i, new StoredSession("{\"cookie\":{}}", Instant.now().plusMillis(500 + 300L * i)));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> delays.size() == 5);
            }
            System.out.println("[expiry-event-delay] " + getClass().getSimpleName() + " pruneInterval=1s delays(ms)="
                    + delays);
            assertThat(delays).allMatch(d -> d >= 0);
        }
    }

    @Nested
    class Postgres extends OnADatabase {
        @Override
        HikariDataSource open() {
            return TestDatabases.pool(TestDatabases.postgresUrl(), 8);
        }
    }

    @Nested
    class MariaDb extends OnADatabase {
        @Override
        HikariDataSource open() {
            return TestDatabases.pool(TestDatabases.mariadbUrl(), 8);
        }
    }

    @Nested
    class H2 extends OnADatabase {
        @Override
        HikariDataSource open() {
            return TestDatabases.pool("jdbc:h2:mem:expiry-events;DB_CLOSE_DELAY=-1", 8);
        }
    }

    @Nested
    class Sqlite extends OnADatabase {
        @Override
        HikariDataSource open() throws IOException {
            Path dir = Files.createTempDirectory("sessions4j-sqlite-events-");
            return TestDatabases.pool("jdbc:sqlite:" + dir.resolve("sessions.db")
                    + "?journal_mode=WAL&busy_timeout=30000", 4);
        }
    }
}
