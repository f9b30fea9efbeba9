package io.sessions4j.redis.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the commands a Redis server executed, from {@code INFO commandstats}. Commands run inside a Lua
 * script are counted too (under their own names), so a script call shows up as {@code evalsha} plus the
 * commands it ran. Only for a server the test owns: other clients' commands would be counted as well.
 */
public final class CommandStats implements AutoCloseable {
    /** Commands of this observer and of connection setup, which are not the store's work. */
    private static final Set<String> IGNORED = Set.of("info", "hello", "client", "ping", "command", "select",
            "auth");
    private static final Pattern LINE = Pattern.compile("cmdstat_([^:]+):calls=(\\d+)");

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public CommandStats(String uri) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
    }

    /** Calls per command name (lower case) so far. */
    public Map<String, Long> snapshot() {
        Map<String, Long> calls = new TreeMap<>();
        Matcher m = LINE.matcher(connection.sync().info("commandstats"));
        while (m.find()) {
            String name = m.group(1).toLowerCase(java.util.Locale.ROOT);
            if (!IGNORED.contains(name) && !name.startsWith("client|")) {
                calls.put(name, Long.parseLong(m.group(2)));
            }
        }
        return calls;
    }

    /** What ran between two snapshots, without the zeros. */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long diff = v - before.getOrDefault(k, 0L);
            if (diff != 0) {
                d.put(k, diff);
            }
        });
        return d;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
