package io.sessions4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.ConcurrencyMode;
import io.sessions4j.MemoryStore;
import io.sessions4j.SessionConfig;
import io.sessions4j.jdbc.JdbcStore;
import io.sessions4j.jdbc.testing.TestDatabases;
import io.sessions4j.redis.RedisStore;
import io.sessions4j.redis.testing.SessionApp;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hot sessions through the real filter on embedded Jetty, on each store: 50 clients at once on one session,
 * against one application instance or two (two {@link SessionApp}s, each with its own store instance over
 * the same records; request {@code i} goes to instance {@code i % 2}, so the session is never sticky).
 *
 * <ul>
 *   <li>MERGE: 1,001 requests each set a key of their own: no 5xx, and all 1,001 keys are in the stored
 *       session.</li>
 *   <li>LOCK: 1,000 increments of one counter (2 instances x 25 clients x 20): no 5xx, and the counter is
 *       exact.</li>
 * </ul>
 * Each run prints one {@code hot-session:} line with its figures; {@code bench/contention.sh} collects them.
 * To keep the build short, only the two-instance runs on Redis and PostgreSQL use these full sizes by default;
 * the others send a fifth as many requests, unless {@code -Dsessions4j.hotSession.full=true}.
 */
class HotSessionsOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "hot session secret, long enough to be a real one";
    private static final int CLIENTS = 50;
    private static final int OWN_KEYS = 1_001;
    private static final int INCREMENTS = 1_000;
    private static final boolean FULL = Boolean.getBoolean("sessions4j.hotSession.full");

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class OnStore {
        private final List<SessionApp> apps = new ArrayList<>();
        private final List<SessionStore> stores = new ArrayList<>();
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        /** The store's name in the figures. */
        abstract String name();

        /** A new store instance over the records every instance of this test class shares. */
        abstract SessionStore openStore();

        /** Whether this store's two-instance runs are the targets the build always proves at full size. */
        boolean headline() {
            return false;
        }

        private int size(int full, int instances) {
            return FULL || headline() && instances == 2 ? full : full / 5;
        }

        @AfterEach
        void stopApps() {
            apps.forEach(SessionApp::close);
            apps.clear();
            stores.forEach(SessionStore::close);
            stores.clear();
        }

        @Test
        void mergeOnOneInstanceKeepsEveryOwnKey() throws Exception {
            ownKeys(1);
        }

        @Test
        void mergeOnTwoInstancesKeepsEveryOwnKey() throws Exception {
            ownKeys(2);
        }

        @Test
        void lockOnOneInstanceCountsExactly() throws Exception {
            increments(1);
        }

        @Test
        void lockOnTwoInstancesCountsExactly() throws Exception {
            increments(2);
        }

        private void ownKeys(int instances) throws Exception {
            List<String> urls = start(instances, ConcurrencyMode.MERGE);
            String cookie = firstRequest(urls.get(0));
            int requests = size(OWN_KEYS, instances);
            Load load = run(requests, i -> get(urls.get(i % instances), "/set?key=k" + i + "&value=" + i, cookie));
            JsonNode session = JSON.readTree(stores.get(0).get(sessionId(cookie)).orElseThrow().json());
            int present = 0;
            for (int i = 0; i < requests; i++) {
                if (session.path("k" + i).asInt(-1) == i) {
                    present++;
                }
            }
            System.out.printf("hot-session: store=%s mode=MERGE instances=%d clients=%d requests=%d 5xx=%d "
                    + "other-failures=%d own-keys-present=%d/%d seconds=%.1f%n", name(), instances, CLIENTS, requests,
                    load.serverErrors(), load.otherFailures(), present, requests, load.seconds());
            assertThat(load.serverErrors()).as("5xx answers").isZero();
            assertThat(load.otherFailures()).as("other failures").isZero();
            assertThat(present).as("own keys present").isEqualTo(requests);
        }

        private void increments(int instances) throws Exception {
            List<String> urls = start(instances, ConcurrencyMode.LOCK);
            String cookie = firstRequest(urls.get(0));
            int increments = size(INCREMENTS, instances);
            Load load = run(increments, i -> get(urls.get(i % instances), "/views", cookie));
            int views = JSON.readTree(get(urls.get(0), "/peek", cookie).body()).get("views").asInt();
            int counted = views - 1;
            System.out.printf("hot-session: store=%s mode=LOCK instances=%d clients=%d increments=%d 5xx=%d "
                    + "other-failures=%d counted=%d/%d seconds=%.1f%n", name(), instances, CLIENTS, increments,
                    load.serverErrors(), load.otherFailures(), counted, increments, load.seconds());
            assertThat(load.serverErrors()).as("5xx answers").isZero();
            assertThat(load.otherFailures()).as("other failures").isZero();
            assertThat(counted).as("increments counted").isEqualTo(increments);
        }

        private List<String> start(int instances, ConcurrencyMode mode) {
            List<String> urls = new ArrayList<>();
            for (int i = 1; i <= instances; i++) {
                SessionStore store = openStore();
                stores.add(store);
                SessionApp app = SessionApp.start(SessionConfig.builder().secrets(SECRET).store(store)
                        .concurrency(mode).build(), "instance-" + i);
                apps.add(app);
                urls.add(app.baseUrl());
            }
            return urls;
        }

        /** Creates the session ({@code views=1}); returns the cookie every client then sends. */
        private String firstRequest(String url) throws Exception {
            HttpResponse<String> first = get(url, "/views", null);
            assertThat(first.statusCode()).isEqualTo(200);
            String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            return setCookie.substring(0, setCookie.indexOf(';'));
        }

        private HttpResponse<String> get(String baseUrl, String path, String cookie) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(60));
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** {@code count} requests from {@link #CLIENTS} clients at once. */
        private Load run(int count, Request request) throws Exception {
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            AtomicInteger serverErrors = new AtomicInteger();
            AtomicInteger otherFailures = new AtomicInteger();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    int n = i;
                    done.add(clients.submit(() -> {
                        try {
                            int status = request.send(n).statusCode();
                            if (status >= 500) {
                                serverErrors.incrementAndGet();
                            } else if (status != 200) {
                                otherFailures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            otherFailures.incrementAndGet();
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
            }
            return new Load(serverErrors.get(), otherFailures.get(), (System.nanoTime() - start) / 1e9);
        }

        private static String sessionId(String cookie) {
            String value = java.net.URLDecoder.decode(cookie.substring(cookie.indexOf('=') + 1),
                    java.nio.charset.StandardCharsets.UTF_8);
            return value.substring(2, value.lastIndexOf('.'));
        }
    }

    private interface Request {
        HttpResponse<String> send(int i) throws Exception;
    }

    /** What a run got back; {@code seconds} is its wall time, for the figures only (never asserted). */
    private record Load(int serverErrors, int otherFailures, double seconds) {
    }

    @Nested
    class OnMemory extends OnStore {
        /** The "instances" share the one store object, as two configurations of one app in one JVM would. */
        private final MemoryStore shared = new MemoryStore();

        @Override
        String name() {
            return "memory";
        }

        @Override
        SessionStore openStore() {
            return shared;
        }
    }

    @Nested
    class OnRedis extends OnStore {
        private TestRedis redis;
        private String prefix;

        @BeforeAll
        void redis() {
            redis = TestRedis.externalOrOwned();
            prefix = TestRedis.uniquePrefix("hot");
        }

        @AfterAll
        void stop() {
            try (RedisStore cleanup = RedisStore.builder().uri(redis.uri()).prefix(prefix).build()) {
                cleanup.clear();
            }
            redis.close();
        }

        @Override
        String name() {
            return "redis";
        }

        @Override
        boolean headline() {
            return true;
        }

        @Override
        SessionStore openStore() {
            return RedisStore.builder().uri(redis.uri()).prefix(prefix).build();
        }
    }

    abstract static class OnDatabase extends OnStore {
        private String table;

        abstract String url();

        @BeforeAll
        void table() {
            table = TestDatabases.uniqueTable();
        }

        @AfterAll
        void drop() {
            try (HikariDataSource pool = TestDatabases.pool(url(), 1)) {
                TestDatabases.dropStoreTables(pool, table);
            }
        }

        /** Each instance with its own pool, as separate processes would have; the store closes it. */
        @Override
        SessionStore openStore() {
            HikariDataSource pool = TestDatabases.pool(url(), 10);
            return JdbcStore.builder(pool).table(table).createTableIfMissing(true).pruneInterval(Duration.ZERO)
                    .closeWithStore(pool).build();
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        @Override
        String name() {
            return "postgresql";
        }

        @Override
        boolean headline() {
            return true;
        }

        @Override
        String url() {
            return TestDatabases.postgresUrl();
        }
    }

    @Nested
    class OnMariaDb extends OnDatabase {
        @Override
        String name() {
            return "mariadb";
        }

        @Override
        String url() {
            return TestDatabases.mariadbUrl();
        }
    }
}
