package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionStoreException;
import io.sessions4j.redis.testing.HttpAgent;
import io.sessions4j.redis.testing.RedisProcess;
import io.sessions4j.redis.testing.SessionApp;
import io.sessions4j.spi.StoredSession;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis going away under a running application, on a server this test owns: killed with SIGKILL (only what
 * was fsynced survives; the server runs with an append-only file and {@code appendfsync always}) and
 * started again on the same port and data directory.
 */
class RedisOutageTest {
    private RedisProcess redis;
    private RedisStore store;

    @BeforeEach
    void start() {
        redis = RedisProcess.startDurable();
        store = RedisStore.builder().uri(redis.uri()).commandTimeout(Duration.ofSeconds(1)).build();
    }

    @AfterEach
    void stop() {
        store.close();
        redis.close();
    }

    @Test
    void requestsGet503DuringTheOutageAndWorkAfterItWithNoDataLost() {
        SessionConfig config = SessionConfig.builder()
                .secrets("outage test secret, long enough to be a real one")
                .store(store)
                .build();
        try (SessionApp app = SessionApp.start(config, "app")) {
            HttpAgent counter = new HttpAgent("connect.sid");
            for (int i = 1; i <= 3; i++) {
                assertThat(counter.get(app.baseUrl() + "/views").json().get("views").asInt()).isEqualTo(i);
            }
            HttpAgent user = new HttpAgent("connect.sid");
            assertThat(user.get(app.baseUrl() + "/login?user=ada").status()).isEqualTo(200);

            redis.kill();

            for (String path : new String[] {"/views", "/peek", "/whoami", "/login?user=eve"}) {
                long started = System.nanoTime();
                HttpAgent.Reply reply = (path.startsWith("/login") ? new HttpAgent("connect.sid") : counter)
                        .get(app.baseUrl() + path);
                assertThat(reply.status()).as(path + " during the outage").isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("fails fast, within the command timeout").isLessThan(Duration.ofSeconds(3));
            }
            assertThat(user.get(app.baseUrl() + "/whoami").status()).isEqualTo(503);

            redis.start(); // same port, same data directory; the app is not restarted

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> counter.get(app.baseUrl() + "/peek").status() == 200);
            assertThat(counter.get(app.baseUrl() + "/views").json().get("views").asInt())
                    .as("the count written before the outage survived").isEqualTo(4);
            assertThat(user.get(app.baseUrl() + "/whoami").json().get("user").asText()).isEqualTo("ada");
        }
    }

    @Test
    void everyOperationFailsWithAStoreExceptionWhileRedisIsDownAndWorksAfter() {
        store.set("kept", new StoredSession("{\"v\":1}", Instant.now().plusSeconds(300)));
        redis.kill();
        Instant later = Instant.now().plusSeconds(60);
        for (Runnable op : new Runnable[] {
                () -> store.get("kept"),
                () -> store.set("x", new StoredSession("{}", later)),
                () -> store.replace("kept", "{\"v\":1}", new StoredSession("{}", later)),
                () -> store.touch("kept", later),
                () -> store.destroy("kept"),
                store::length}) {
            assertThatThrownBy(op::run).isInstanceOf(SessionStoreException.class)
                    .satisfies(e -> assertThat(((SessionStoreException) e).store()).isEqualTo("RedisStore"));
        }
        redis.start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> store.get("kept").isPresent());
        assertThat(store.get("kept").orElseThrow().json()).isEqualTo("{\"v\":1}");
        assertThat(store.replace("kept", "{\"v\":1}", new StoredSession("{\"v\":2}", later))).isTrue();
    }

    @Test
    void aStalledServerCostsAtMostTheCommandTimeout() {
        store.set("slow", new StoredSession("{}", Instant.now().plusSeconds(300)));
        RedisClient admin = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = admin.connect()) {
            c.sync().clientPause(5000);
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.get("slow")).isInstanceOf(SessionStoreException.class);
            // the 1 s command timeout, not the 5 s pause (with room for a busy CI machine)
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
                    Duration.ofMillis(3500));
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> store.get("slow").isPresent());
        } finally {
            admin.shutdown();
        }
    }
}
