package io.sessions4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import io.sessions4j.SessionConfig;
import io.sessions4j.redis.RedisStore;
import io.sessions4j.redis.testing.HttpAgent;
import io.sessions4j.redis.testing.RedisClusterProcesses;
import io.sessions4j.redis.testing.RedisProcess;
import io.sessions4j.redis.testing.SessionApp;
import io.sessions4j.redis.testing.TestRedis;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real express-session + connect-redis 9 on node-redis 5's cluster client ({@code createCluster}; node/app.js
 * with STORE=redis, REDIS_CLUSTER=1) and a sessions4j app ({@link RedisStore} with {@code cluster(true)}, on
 * Lettuce) share a three-master Redis Cluster this test starts, with one key prefix and one secret; then hash
 * slots move from one master to another while both apps serve.
 */
class ConnectRedisClusterInteropTest {
    private static final long MAX_AGE = Duration.ofMinutes(10).toMillis();
    private static final String SECRET = "interop secret shared by node and java, long enough";
    /** Slots moved: about a fifth of the key space, so a fifth of random session ids fall in them. */
    private static final int SLOTS_MOVED = 3_000;
    private static final int PER_SIDE = 3;

    private static RedisClusterProcesses cluster;

    private final List<AutoCloseable> running = new ArrayList<>();
    private String prefix;
    private NodeApp node;
    private SessionApp java;

    @BeforeAll
    static void startCluster() {
        NodeApp.requireNode();
        cluster = RedisClusterProcesses.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void startApps() {
        prefix = TestRedis.uniquePrefix("cluster-interop");
        RedisStore store = RedisStore.builder().uri(cluster.uri()).cluster(true).prefix(prefix).build();
        running.add(store);
        java = SessionApp.start(SessionConfig.builder()
                .secrets(SECRET)
                .cookie(c -> c.maxAge(Duration.ofMillis(MAX_AGE)))
                .store(store)
                .build(), "java");
        running.add(java);
        node = NodeApp.overRedisCluster(cluster.uri(), prefix).secrets(List.of(SECRET)).maxAge(MAX_AGE).start();
        running.add(node);
    }

    @AfterEach
    void stopApps() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void sessionsOnEveryMasterAreReadAndChangedByBothSides() {
        List<Visitor> visitors = new ArrayList<>();
        // Sessions started on either side until every master holds at least two.
        while (sessionsOnEachMaster().stream().anyMatch(n -> n < 2)) {
            assertThat(visitors).as("sessions started").hasSizeLessThan(100);
            int i = visitors.size();
            visitors.add(new Visitor("user-" + i, i % 2 == 0 ? node.baseUrl() : java.baseUrl()));
        }
        for (Visitor v : visitors) {
            v.checkOn(java.baseUrl());
            v.checkOn(node.baseUrl());
            v.checkOn(java.baseUrl());
        }
    }

    private List<Long> sessionsOnEachMaster() {
        return cluster.nodes().stream()
                .map(master -> RedisClusterProcesses.run(master, c -> (long) c.keys(prefix + "*").size()))
                .toList();
    }

    @Test
    void noSessionIsLostWhileSlotsMoveBetweenMastersAndBothAppsServe() throws Exception {
        List<RedisProcess> masters = cluster.nodes();
        RedisProcess source = masters.get(0);
        RedisProcess target = masters.get(1);
        try (SlotMigration move = new SlotMigration(source, target, masters, SLOTS_MOVED)) {
            IntPredicate moving = move::moves;
            List<Visitor> before = visitorsIn(moving, "before");
            Traffic traffic = new Traffic(visitorsIn(moving, "background"));
            traffic.start();
            try {
                traffic.awaitMore(10);

                move.begin();
                // Half-way: half of the earlier sessions moved to the target, half still on the source; new
                // sessions in the moving slots are sent to the target with ASK. Both apps keep serving.
                List<String> movedNow = new ArrayList<>();
                for (int i = 0; i < before.size(); i += 2) {
                    movedNow.add(prefix + before.get(i).id());
                }
                move.moveKeys(movedNow);
                List<Visitor> during = visitorsIn(moving, "during");
                for (Visitor v : before) {
                    v.checkOn(node.baseUrl());
                    v.checkOn(java.baseUrl());
                }
                for (int i = 0; i < before.size(); i++) {
                    String key = prefix + before.get(i).id();
                    assertThat(i % 2 == 0 ? move.onTarget(key) : move.onSource(key))
                            .as("%s is still where the half-way step left it", before.get(i).user).isTrue();
                }
                for (Visitor v : during) {
                    assertThat(move.onTarget(prefix + v.id())).as("%s, new, went to the target", v.user).isTrue();
                    assertThat(move.onSource(prefix + v.id())).isFalse();
                }
                traffic.awaitMore(10);
                move.finish();
                assertThat(move.keysMoved()).as("sessions MIGRATE moved, at half-way and at the end")
                        .isGreaterThanOrEqualTo(before.size());
                assertThat(move.keysLeftOnSource()).isZero();

                List<Visitor> after = visitorsIn(moving, "after");
                traffic.awaitMore(10);
                traffic.stop();
                assertThat(traffic.failures).as("background requests that failed or lost their session").isEmpty();

                List<Visitor> all = new ArrayList<>(before);
                all.addAll(during);
                all.addAll(after);
                all.addAll(traffic.visitors);
                for (Visitor v : all) {
                    v.checkOn(java.baseUrl());
                    v.checkOn(node.baseUrl());
                    String key = prefix + v.id();
                    long onTarget = RedisClusterProcesses.run(target, c -> c.exists(key));
                    assertThat(onTarget).as("%s's session now on the target master", v.user).isEqualTo(1);
                }
            } finally {
                traffic.stop();
            }
        }
    }

    /** {@value #PER_SIDE} visitors started on each side whose session keys fall in the given slots. */
    private List<Visitor> visitorsIn(IntPredicate slots, String phase) {
        List<Visitor> chosen = new ArrayList<>();
        int onNode = 0;
        int onJava = 0;
        for (int attempt = 0; attempt < 500 && (onNode < PER_SIDE || onJava < PER_SIDE); attempt++) {
            boolean startOnNode = onNode < PER_SIDE && (attempt % 2 == 0 || onJava >= PER_SIDE);
            Visitor v = new Visitor(phase + "-" + attempt, startOnNode ? node.baseUrl() : java.baseUrl());
            if (slots.test(SlotHash.getSlot(prefix + v.id()))) {
                chosen.add(v);
                if (startOnNode) {
                    onNode++;
                } else {
                    onJava++;
                }
            }
        }
        assertThat(chosen).as("sessions in the moving slots").hasSize(2 * PER_SIDE);
        return chosen;
    }

    /**
     * One browser: logs in on one app, then counts views on whichever app it is sent to. It knows what it
     * should see, so a lost session (a fresh one, views back at 1, no user) shows at once.
     */
    private final class Visitor {
        final String user;
        final HttpAgent agent = new HttpAgent("connect.sid");
        int views;

        Visitor(String user, String firstApp) {
            this.user = user;
            HttpAgent.Reply login = agent.get(firstApp + "/login?user=" + user);
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            checkOn(firstApp);
        }

        String id() {
            String value = URLDecoder.decode(agent.cookie().orElseThrow(), StandardCharsets.UTF_8);
            return value.substring(2, value.lastIndexOf('.'));
        }

        /** One view on the app at {@code base}: the user is still logged in and the count goes on by one. */
        void checkOn(String base) {
            String problem = visit(base);
            assertThat(problem).as(user).isNull();
        }

        /** A view on the app at {@code base}; what went wrong, or null. */
        String visit(String base) {
            HttpAgent.Reply whoami = agent.get(base + "/whoami");
            if (whoami.status() != 200 || !user.equals(whoami.json().get("user").asText(null))) {
                return user + " on " + base + ": whoami " + whoami.status() + " " + whoami.body();
            }
            HttpAgent.Reply counted = agent.get(base + "/views");
            if (counted.status() != 200 || counted.json().get("views").asInt() != views + 1) {
                return user + " on " + base + ": expected views " + (views + 1) + ", got " + counted.status() + " "
                        + counted.body();
            }
            views++;
            return null;
        }
    }

    /** Visitors going back and forth between the two apps on a thread of their own until stopped. */
    private final class Traffic {
        final List<Visitor> visitors;
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger requests = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Traffic(List<Visitor> visitors) {
            this.visitors = visitors;
            this.thread = new Thread(this::run, "cluster-interop-traffic");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            for (int round = 0; !stop.get() && round < 5_000 && Instant.now().isBefore(deadline); round++) {
                Visitor v = visitors.get(round % visitors.size());
                try {
                    String problem = v.visit(v.views % 2 == 0 ? node.baseUrl() : java.baseUrl());
                    if (problem != null) {
                        failures.add(problem);
                    }
                } catch (RuntimeException e) {
                    failures.add(v.user + ": " + e);
                }
                requests.incrementAndGet();
            }
        }

        /** Waits until the visitors have made {@code n} more visits (they run while the test does its steps). */
        void awaitMore(int n) {
            int target = requests.get() + n;
            await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= target || !thread.isAlive());
            assertThat(thread.isAlive()).as("the traffic is still running").isTrue();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
        }
    }
}
