package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.SessionStores;
import io.sessions4j.redis.testing.RedisClusterProcesses;
import io.sessions4j.redis.testing.RedisProcess;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import io.sessions4j.tck.SessionStoreTck;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store TCK against a three-master Redis Cluster started on this machine, plus proof that the keys
 * really spread over the three masters and that {@code length}/{@code ids}/{@code clear} see all of them.
 */
class RedisClusterTckTest extends SessionStoreTck {
    private static RedisClusterProcesses cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcesses.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected SessionStore createStore() {
        return RedisStore.builder().uri(cluster.uri()).cluster(true).prefix(TestRedis.uniquePrefix("cluster"))
                .build();
    }

    /** Another connection over the same prefix, as a second application instance opens it. */
    @Override
    protected SessionStore openSecondInstance() {
        return RedisStore.builder().uri(cluster.uri()).cluster(true).prefix(((RedisStore) store).prefix()).build();
    }

    @Override
    protected Duration expiryPrecision() {
        return Duration.ofMillis(250);
    }

    @Test
    void keysSpreadOverEveryMasterAndEnumerationSeesThemAll() {
        RedisStore redisStore = (RedisStore) store;
        assertThat(redisStore.isCluster()).isTrue();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String id = "spread-" + i;
            ids.add(id);
            store.set(id, new StoredSession("{\"i\":" + i + "}", Instant.now().plusSeconds(120)));
        }
        for (RedisProcess node : cluster.nodes()) {
            long onNode = RedisClusterProcesses.run(node, c -> c.dbsize());
            assertThat(onNode).as("keys on the master at port " + node.port()).isGreaterThan(50);
        }
        assertThat(store.length()).isEqualTo(300);
        try (Stream<String> stream = store.ids()) {
            assertThat(stream.collect(Collectors.toSet())).isEqualTo(ids);
        }
        TouchRequest touch = new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1));
        for (String id : ids) {
            assertThat(store.getAndTouch(id, touch)).as(id).isPresent();
        }
        store.clear();
        for (RedisProcess node : cluster.nodes()) {
            long left = RedisClusterProcesses.run(node, c -> c.dbsize());
            assertThat(left).isZero();
        }
    }

    @Test
    void providerOpensAClusterStoreWithTheClusterOption() {
        String prefix = TestRedis.uniquePrefix("cluster-provider");
        try (SessionStore s = SessionStores.open(cluster.uri(), Map.of("cluster", "true", "prefix", prefix))) {
            assertThat(((RedisStore) s).isCluster()).isTrue();
            s.set("a", new StoredSession("{}", Instant.now().plusSeconds(60)));
            assertThat(s.get("a")).isPresent();
            s.clear();
        }
    }
}
