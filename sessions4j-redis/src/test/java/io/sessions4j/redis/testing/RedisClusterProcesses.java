package io.sessions4j.redis.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A three-master Redis Cluster on this machine, owned by one test: three {@code redis-server} processes
 * with {@code cluster-enabled yes}, the 16384 slots split in three with {@code CLUSTER ADDSLOTS}, joined with
 * {@code CLUSTER MEET}. Uses the machine's redis-server when installed, else the embedded one.
 */
public final class RedisClusterProcesses implements AutoCloseable {
    private static final int SLOTS = 16384;

    private final List<RedisProcess> nodes = new ArrayList<>();
    private final Path binary;

    private RedisClusterProcesses(Path binary) {
        this.binary = binary;
    }

    public static RedisClusterProcesses start() {
        RedisClusterProcesses cluster = new RedisClusterProcesses(RedisProcess.systemOrEmbeddedBinary());
        try {
            cluster.startNodes(3);
            cluster.join();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startNodes(int count) {
        for (int i = 0; i < count; i++) {
            nodes.add(RedisProcess.start(binary, RedisProcess.freePort(true), List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "5000")));
        }
    }

    private void join() {
        int per = SLOTS / nodes.size();
        for (int i = 0; i < nodes.size(); i++) {
            int from = i * per;
            int to = i == nodes.size() - 1 ? SLOTS : from + per;
            int[] slots = IntStream.range(from, to).toArray();
            run(nodes.get(i), c -> c.clusterAddSlots(slots));
        }
        for (int i = 1; i < nodes.size(); i++) {
            int port = nodes.get(i).port();
            run(nodes.get(0), c -> c.clusterMeet("127.0.0.1", port));
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!allReady()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the cluster did not become ready: " + run(nodes.get(0),
                        RedisCommands::clusterInfo));
            }
            RedisProcess.sleep(100);
        }
    }

    private boolean allReady() {
        for (RedisProcess node : nodes) {
            String info = run(node, RedisCommands::clusterInfo);
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())) {
                return false;
            }
        }
        return true;
    }

    /** Seed URI naming every node: {@code redis://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    public String uri() {
        return "redis://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    public List<RedisProcess> nodes() {
        return List.copyOf(nodes);
    }

    public Path binary() {
        return binary;
    }

    /** Runs commands on one node over a plain (non-cluster) connection. */
    public static <T> T run(RedisProcess node, java.util.function.Function<RedisCommands<String, String>, T> f) {
        RedisClient client = RedisClient.create(node.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return f.apply(c.sync());
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }
}
