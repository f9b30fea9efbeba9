package io.sessions4j.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the one shared Lettuce connection a {@link RedisStore} uses, and remembers what the store owns so
 * that {@link Connection#close()} releases exactly that: everything when the store was given a URI, only
 * the connection when it was given a client, nothing when it was given a connection.
 */
final class RedisConnector {
    /** Reconnect quickly after an outage: the first request after Redis is back should find a connection. */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private RedisConnector() {
    }

    /**
     * A connection and how to release what the store owns; {@code client} is the standalone (or Sentinel) client
     * it was opened on, for the near cache's connection, or {@code null} (a cluster, or a connection passed in).
     */
    record Connection(RedisClusterAsyncCommands<String, String> commands, boolean cluster, AutoCloseable owned,
            RedisClient client) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owned.close();
        }
    }

    static Connection fromUri(String uri, boolean cluster, Duration timeout) {
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        try {
            if (cluster) {
                RedisClusterClient client = RedisClusterClient.create(resources, clusterSeeds(uri, timeout));
                client.setOptions(clusterOptions(timeout));
                StatefulRedisClusterConnection<String, String> c = connect(client);
                return new Connection(c.async(), true, () -> {
                    c.close();
                    client.shutdown();
                    resources.shutdown();
                }, null);
            }
            RedisClient client = RedisClient.create(resources, withTimeout(RedisURI.create(uri), timeout));
            client.setOptions(standaloneOptions(timeout));
            StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8);
            return new Connection(c.async(), false, () -> {
                c.close();
                client.shutdown();
                resources.shutdown();
            }, client);
        } catch (RuntimeException e) {
            resources.shutdown();
            throw e;
        }
    }

    static Connection fromClient(RedisClient client) {
        StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8);
        return new Connection(c.async(), false, c::close, client);
    }

    static Connection fromClient(RedisClusterClient client) {
        StatefulRedisClusterConnection<String, String> c = connect(client);
        return new Connection(c.async(), true, c::close, null);
    }

    static Connection fromConnection(StatefulRedisConnection<String, String> connection) {
        return new Connection(connection.async(), false, () -> { }, null);
    }

    static Connection fromConnection(StatefulRedisClusterConnection<String, String> connection) {
        return new Connection(connection.async(), true, () -> { }, null);
    }

    private static StatefulRedisClusterConnection<String, String> connect(RedisClusterClient client) {
        return client.connect(StringCodec.UTF8);
    }

    /**
     * Commands sent while disconnected fail at once instead of queueing until the timeout: a request gets
     * its 503 immediately during an outage, and nothing stale is replayed when Redis comes back.
     *
     * <p>No {@link TimeoutOptions}: every command of the store is awaited with the command timeout (and
     * cancelled when it runs out) by the thread that sent it, so Lettuce's own per-command timer, which costs
     * a timer task and a completion callback per command, would only repeat that.
     */
    private static ClientOptions standaloneOptions(Duration timeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build();
    }

    private static ClusterClientOptions clusterOptions(Duration timeout) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build();
    }

    private static RedisURI withTimeout(RedisURI uri, Duration timeout) {
        uri.setTimeout(timeout);
        return uri;
    }

    /**
     * Seed nodes of a cluster: {@code redis://host1:7000,host2:7001} names several, sharing the scheme,
     * credentials and query of the first. Any one reachable seed is enough; the topology is discovered.
     */
    static List<RedisURI> clusterSeeds(String uri, Duration timeout) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("uri: expected redis://host:port, got a value without a scheme");
        }
        String scheme = uri.substring(0, schemeEnd + 3);
        String rest = uri.substring(schemeEnd + 3);
        int pathStart = firstOf(rest, '/', '?');
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String tail = pathStart < 0 ? "" : rest.substring(pathStart);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String hosts = authority.substring(at + 1);
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (!host.isBlank()) {
                seeds.add(withTimeout(RedisURI.create(scheme + userInfo + host.trim() + tail), timeout));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("uri: no cluster node given");
        }
        return seeds;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
