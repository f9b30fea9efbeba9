package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.SessionConfig;
import io.sessions4j.jdbc.testing.CountingDataSource;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.tck.TckExchange;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What one request costs the database, counted at the JDBC driver through the real engine: a read-only
 * request is one statement, a changed one two, and no connection is held while the handler runs.
 */
class StatementCountTest {

    abstract static class Counting {
        HikariDataSource pool;
        String table;
        CountingDataSource counting;
        JdbcStore store;
        SessionManager engine;

        abstract String url();

        @BeforeAll
        void database() {
            pool = TestDatabases.pool(url(), 4);
            table = TestDatabases.uniqueTable();
        }

        @AfterAll
        void drop() {
            if (pool != null) {
                TestDatabases.dropStoreTables(pool, table);
                pool.close();
            }
        }

        @BeforeEach
        void store() {
            counting = new CountingDataSource(pool);
            store = JdbcStore.builder(counting.dataSource()).table(table).createTableIfMissing(true)
                    .pruneInterval(Duration.ZERO).build();
            store.clear();
            engine = SessionManager.create(SessionConfig.builder()
                    .secrets("statement count secret, long enough")
                    .store(store)
                    .cookie(c -> c.maxAge(Duration.ofHours(1)))
                    .touchAfter(Duration.ofMinutes(5))
                    .build());
        }

        @AfterEach
        void close() {
            store.close();
        }

        /** Runs one request and returns how many statements it executed. */
        int statements(TckExchange exchange, java.util.function.Consumer<io.sessions4j.Session> handler) {
            counting.reset();
            try (RequestScope scope = engine.open(exchange)) {
                assertThat(counting.open()).as("connections held while the handler runs").isZero();
                handler.accept(scope.session());
                assertThat(counting.open()).isZero();
                scope.commit();
            }
            assertThat(counting.open()).isZero();
            return counting.executed();
        }

        TckExchange login() {
            TckExchange first = TckExchange.request();
            assertThat(statements(first, s -> s.put("user", "ada").put("views", 1))).as("new session: one insert").isEqualTo(1);
            return first;
        }

        @Test
        void readOnlyRequestIsOneStatement() {
            TckExchange first = login();
            int n = statements(TckExchange.withCookieFrom(first), s -> assertThat(s.get("user", String.class)).contains("ada"));
            assertThat(n).as(counting.statements().toString()).isEqualTo(1);
        }

        /** Statements of a read-only request with touchAfter 0: the touch fused into the read, or read + touch. */
        int readOnlyStatementsWithoutTouchAfter() {
            return 2;
        }

        /** Without touchAfter every request slides the expiry, as express-session's touch does. */
        @Test
        void readOnlyRequestWithoutTouchAfterSlidesTheExpiryOnEveryRequest() throws InterruptedException {
            TckExchange first = login();
            // MariaDB keeps whole seconds, rounded up: within that second the expiry would not move.
            Thread.sleep(1_100);
            engine = SessionManager.create(SessionConfig.builder()
                    .secrets("statement count secret, long enough")
                    .store(store)
                    .cookie(c -> c.maxAge(Duration.ofHours(1)))
                    .build());
            String id = store.ids().findFirst().orElseThrow();
            java.time.Instant before = store.get(id).orElseThrow().expires();
            int n = statements(TckExchange.withCookieFrom(first), s -> s.get("user", String.class));
            assertThat(n).as(counting.statements().toString()).isEqualTo(readOnlyStatementsWithoutTouchAfter());
            assertThat(store.get(id).orElseThrow().expires()).isAfter(before);
        }

        @Test
        void requestThatChangesTheSessionIsTwoStatements() {
            TckExchange first = login();
            int n = statements(TckExchange.withCookieFrom(first), s -> s.put("views", 2));
            assertThat(n).as(counting.statements().toString()).isEqualTo(2);
            statements(TckExchange.withCookieFrom(first), s -> assertThat(s.get("views", Integer.class)).contains(2));
        }

        @Test
        void requestWithoutCookieThatDoesNotWriteIsNoStatement() {
            assertThat(statements(TckExchange.request(), s -> s.get("user", String.class))).isZero();
        }

        @Test
        void destroyIsTwoStatements() {
            TckExchange first = login();
            assertThat(statements(TckExchange.withCookieFrom(first), io.sessions4j.Session::destroy)).isEqualTo(2);
        }

        @Test
        void statementsUseOneBorrowedConnectionEach() {
            TckExchange first = login();
            counting.reset();
            statements(TckExchange.withCookieFrom(first), s -> s.put("views", 3));
            assertThat(counting.borrowed()).isEqualTo(counting.executed());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgres extends Counting {
        @Override
        String url() {
            return TestDatabases.postgresUrl();
        }

        @Override
        int readOnlyStatementsWithoutTouchAfter() {
            return 1;
        }

        /**
         * When the touch is due, PostgreSQL slides the expiry inside the read's statement: still one statement,
         * and the row's expiry moved.
         */
        @Test
        void readOnlyRequestWhoseTouchIsDueIsStillOneStatement() throws Exception {
            TckExchange first = login();
            String id = store.ids().findFirst().orElseThrow();
            java.time.Instant before = store.get(id).orElseThrow().expires();
            engine = SessionManager.create(SessionConfig.builder()
                    .secrets("statement count secret, long enough")
                    .store(store)
                    .cookie(c -> c.maxAge(Duration.ofHours(1)))
                    .touchAfter(Duration.ofMillis(100))
                    .build());
            Thread.sleep(300);
            int n = statements(TckExchange.withCookieFrom(first), s -> s.get("user", String.class));
            assertThat(n).as(counting.statements().toString()).isEqualTo(1);
            assertThat(counting.statements().get(0)).startsWith("WITH");
            assertThat(store.get(id).orElseThrow().expires()).isAfter(before.plusMillis(250));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnMariaDb extends Counting {
        @Override
        String url() {
            return TestDatabases.mariadbUrl();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnH2 extends Counting {
        @Override
        String url() {
            return "jdbc:h2:mem:count;DB_CLOSE_DELAY=-1";
        }
    }

}
