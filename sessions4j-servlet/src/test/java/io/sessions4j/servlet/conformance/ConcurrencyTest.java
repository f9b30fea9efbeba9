package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.ConcurrencyMode;
import io.sessions4j.MemoryStore;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Concurrent requests of one user (DESIGN section 6): the lost update that express-session has (whole-object
 * last write wins, #361/#917) must not happen, and a destroyed session must not come back (Rack
 * CVE-2025-46336). Real concurrent HTTP requests against the real filter.
 */
@DisplayName("concurrent requests on one session")
class ConcurrencyTest {
    private final TestClock clock = new TestClock();
    private final MemoryStore memory = MemoryStore.builder().clock(clock).build();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    @Timeout(30)
    @DisplayName("MERGE (the default): 50 concurrent requests each set their own key; all 50 keys survive")
    void fiftyConcurrentRequestsEachSetTheirOwnKey() throws Exception {
        assertAllKeysSurvive(false);
    }

    @Test
    @Timeout(30)
    @DisplayName("MERGE (the default): 50 concurrent requests that all loaded the same stored version before any "
            + "saved (a slow handler) each set their own key; all 50 keys survive, none gives up")
    void fiftyConcurrentRequestsThatLoadedTheSameVersionEachSetTheirOwnKey() throws Exception {
        assertAllKeysSurvive(true);
    }

    private void assertAllKeysSurvive(boolean allLoadBeforeAnySaves) throws Exception {
        SessionConfig config = Express.harness(clock).store(memory).build();
        assertThat(config.concurrency()).isEqualTo(ConcurrencyMode.MERGE);
        int n = 50;
        CountDownLatch allLoaded = new CountDownLatch(n);
        try (ConformanceServer server = ConformanceServer.with(config).maxThreads(200).handler((req, res) -> {
            Session s = session(req);
            String key = req.getParameter("key");
            if (key == null) {
                s.put("owner", "alice");
                return;
            }
            if (allLoadBeforeAnySaves) {
                allLoaded.countDown();
                allLoaded.await(10, TimeUnit.SECONDS);
            }
            s.put(key, true);
        }).start()) {
            Reply first = server.get("/").send();
            String cookie = first.cookie();
            ExecutorService clients = Executors.newFixedThreadPool(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Integer> statuses = new ArrayList<>();
            try {
                List<Future<Reply>> replies = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String target = "/set?key=k" + i;
                    replies.add(clients.submit(() -> {
                        go.await();
                        return server.get(target).cookie(cookie).send();
                    }));
                }
                go.countDown();
                for (Future<Reply> reply : replies) {
                    statuses.add(reply.get(20, TimeUnit.SECONDS).status());
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(statuses).as("statuses of the %d concurrent requests", n).containsOnly(200);
            JsonNode stored = mapper.readTree(memory.get(first.sid()).orElseThrow().json());
            assertThat(stored.path("owner").asText()).isEqualTo("alice");
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!stored.path("k" + i).asBoolean()) {
                    missing.add("k" + i);
                }
            }
            assertThat(missing).as("keys lost").isEmpty();
        }
    }

    @Test
    @Timeout(30)
    @DisplayName("LOCK: 1,000 concurrent increments of one counter (32 client threads) give exactly 1000")
    void thousandIncrementsInLockMode() throws Exception {
        SessionConfig config = Express.harness(clock).store(memory).concurrency(ConcurrencyMode.LOCK)
                .lockTimeout(Duration.ofSeconds(20)).build();
        try (ConformanceServer server = ConformanceServer.with(config).maxThreads(200).handler((req, res) -> {
            Session s = session(req);
            int counter = s.get("counter", Integer.class).orElse(0);
            if (req.getRequestURI().equals("/increment")) {
                counter++;
                s.put("counter", counter);
            }
            Express.end(res, Integer.toString(counter));
        }).start()) {
            Reply first = server.get("/increment").send();
            assertThat(first.body()).isEqualTo("1");
            String cookie = first.cookie();
            ExecutorService clients = Executors.newFixedThreadPool(32);
            try {
                List<CompletableFuture<Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 999; i++) {
                    replies.add(CompletableFuture.supplyAsync(
                            () -> server.get("/increment").cookie(cookie).send(), clients));
                }
                for (CompletableFuture<Reply> reply : replies) {
                    assertThat(reply.get(25, TimeUnit.SECONDS).status()).isEqualTo(200);
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(server.get("/").cookie(cookie).send().body()).isEqualTo("1000");
        }
    }

    @Test
    @Timeout(30)
    @DisplayName("a session destroyed by one request is not written back by a slower concurrent request that "
            + "modified it")
    void destroyedSessionIsNotWrittenBackBySlowerRequest() throws Exception {
        assertNotRevived(true);
    }

    @Test
    @Timeout(30)
    @DisplayName("a session destroyed by one request is not revived by the touch of a slower concurrent request "
            + "that only read it")
    void destroyedSessionIsNotRevivedBySlowerTouch() throws Exception {
        assertNotRevived(false);
    }

    private void assertNotRevived(boolean slowRequestModifies) throws Exception {
        SessionConfig config = Express.harness(clock).store(memory).build();
        CountDownLatch slowLoaded = new CountDownLatch(1);
        CountDownLatch destroyed = new CountDownLatch(1);
        try (ConformanceServer server = ConformanceServer.with(config).handler((req, res) -> {
            Session s = session(req);
            switch (req.getRequestURI()) {
                case "/slow":
                    slowLoaded.countDown();
                    destroyed.await(10, TimeUnit.SECONDS);
                    if (slowRequestModifies) {
                        s.put("cart", List.of("book"));
                    }
                    clock.advance(Duration.ofSeconds(1));
                    Express.end(res, "slow done");
                    break;
                case "/logout":
                    s.destroy();
                    Express.end(res, "logged out");
                    break;
                default:
                    s.put("user", "bob");
                    Express.end(res, "logged in");
            }
        }).start()) {
            Reply login = server.get("/login").send();
            String cookie = login.cookie();
            CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(() -> server.get("/slow").cookie(cookie)
                    .send());
            assertThat(slowLoaded.await(10, TimeUnit.SECONDS)).isTrue();
            Reply logout = server.get("/logout").cookie(cookie).send();
            assertThat(logout.body()).isEqualTo("logged out");
            assertThat(memory.get(login.sid())).isEmpty();
            destroyed.countDown();

            Reply slowReply = slow.get(20, TimeUnit.SECONDS);
            assertThat(slowReply.status()).isEqualTo(200);
            assertThat(slowReply.body()).isEqualTo("slow done");
            assertThat(memory.get(login.sid())).as("the destroyed session stays destroyed").isEmpty();
            assertThat(slowReply.findSetCookie("connect.sid").map(SetCookie::sid).filter(login.sid()::equals))
                    .as("no cookie for the destroyed session").isEmpty();
            Reply after = server.get("/whoami").cookie(cookie).send();
            assertThat(after.sid()).as("the old cookie starts a new session").isNotEqualTo(login.sid());
        }
    }
}
