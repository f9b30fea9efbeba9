package io.sessions4j.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.SessionConfig;
import io.sessions4j.redis.testing.RedisProcess;
import io.sessions4j.redis.testing.SessionApp;
import io.sessions4j.tck.OutageDrill;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outage matrix on Redis, under load from {@link OutageDrill}: the server (owned by this test, on its own
 * port, with an append-only file fsynced on every write) killed mid-load and started again, paused with
 * {@code CLIENT PAUSE}, and shut down and started again. Each time: only 503s while it is broken, nothing
 * waiting past the command timeout, no thread pile-up, a bounded log, and every session back afterwards.
 */
class RedisOutageMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration MAX_WAIT = COMMAND_TIMEOUT.multipliedBy(3).plusSeconds(5);

    private static RedisProcess redis;
    private static RedisStore store;
    private static SessionApp app;

    @BeforeAll
    static void start() {
        redis = RedisProcess.startDurable();
        store = RedisStore.builder().uri(redis.uri()).commandTimeout(COMMAND_TIMEOUT).build();
        app = SessionApp.start(SessionConfig.builder()
                .secrets("outage matrix secret, long enough to be real")
                .store(store)
                .cookie(c -> c.maxAge(Duration.ofHours(1)))
                .build(), "matrix");
    }

    @AfterAll
    static void stop() {
        app.close();
        store.close();
        redis.close();
    }

    private static OutageDrill drill() {
        return OutageDrill.against(app.baseUrl() + "/views", body -> {
            try {
                return JSON.readTree(body).get("views").asInt();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(body, e);
            }
        });
    }

    @Test
    void killedMidLoadAndStartedAgain() throws Exception {
        System.out.println("killed: " + drill().run(redis::kill, redis::start).assertContained(MAX_WAIT));
    }

    /** Paused for the drill's whole outage; the pause ends by itself (CLIENT UNPAUSE would wait behind it too). */
    @Test
    void pausedWithClientPause() throws Exception {
        RedisClient admin = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = admin.connect()) {
            System.out.println("paused: " + drill().outage(OUTAGE)
                    .run(() -> c.sync().clientPause(OUTAGE.toMillis()), () -> { })
                    .assertContained(MAX_WAIT));
        } finally {
            admin.shutdown();
        }
    }

    @Test
    void shutDownAndStartedAgain() throws Exception {
        RedisClient admin = RedisClient.create(redis.uri());
        try {
            System.out.println("restarted: " + drill().run(() -> {
                try (StatefulRedisConnection<String, String> c = admin.connect()) {
                    c.sync().shutdown(false);
                } catch (RuntimeException closedByTheShutdown) {
                    // SHUTDOWN answers by closing the connection.
                }
                while (redis.answersPing()) {
                    Thread.sleep(20);
                }
            }, redis::start).assertContained(MAX_WAIT));
        } finally {
            admin.shutdown();
        }
    }
}
