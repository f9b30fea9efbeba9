package io.sessions4j.interop;

import io.lettuce.core.MigrateArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.sessions4j.redis.testing.RedisProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Moves hash slots from one master of a Redis Cluster to another the way {@code redis-cli --cluster reshard}
 * does, in steps a test can interleave with traffic: {@link #begin} marks the slots {@code IMPORTING} on the
 * target and {@code MIGRATING} on the source (from then on a key missing on the source is answered with
 * {@code ASK}, so new keys land on the target); {@link #moveKeys} moves chosen keys over with
 * {@code MIGRATE}; {@link #finish} moves what is left and hands the slots to the target with
 * {@code CLUSTER SETSLOT … NODE} on every master (target first), after which the source answers
 * {@code MOVED}.
 */
final class SlotMigration implements AutoCloseable {
    private static final int KEYS_PER_BATCH = 100;

    private final RedisProcess source;
    private final RedisProcess target;
    private final List<RedisProcess> masters;
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private final int[] slots;
    private int keysMoved;

    /** The first {@code count} slots the source serves, to be moved to the target; {@code masters}: all of them. */
    SlotMigration(RedisProcess source, RedisProcess target, List<RedisProcess> masters, int count) {
        this.source = source;
        this.target = target;
        this.masters = List.copyOf(masters);
        for (RedisProcess master : this.masters) {
            RedisClient client = RedisClient.create(master.uri());
            clients.add(client);
            connections.add(client.connect());
        }
        int[] owned = ownedSlots(commands(source));
        if (owned.length < count) {
            close();
            throw new IllegalArgumentException("the source serves only " + owned.length + " slots");
        }
        this.slots = Arrays.copyOf(owned, count);
    }

    int[] slots() {
        return slots.clone();
    }

    boolean moves(int slot) {
        return Arrays.binarySearch(slots, slot) >= 0;
    }

    /** How many keys {@code MIGRATE} has moved so far. */
    int keysMoved() {
        return keysMoved;
    }

    /** How many keys of the moving slots the source still holds. */
    long keysLeftOnSource() {
        RedisCommands<String, String> c = commands(source);
        return Arrays.stream(slots).mapToLong(c::clusterCountKeysInSlot).sum();
    }

    void begin() {
        String sourceId = commands(source).clusterMyId();
        String targetId = commands(target).clusterMyId();
        for (int slot : slots) {
            commands(target).clusterSetSlotImporting(slot, sourceId);
            commands(source).clusterSetSlotMigrating(slot, targetId);
        }
    }

    /** Moves these keys (of the moving slots) now; the others stay on the source for the time being. */
    void moveKeys(Collection<String> keys) {
        for (String key : keys) {
            if (!moves(SlotHash.getSlot(key))) {
                throw new IllegalArgumentException(key + " is not in a moving slot");
            }
            commands(source).migrate("127.0.0.1", target.port(), 0, 10_000, MigrateArgs.Builder.key(key));
            keysMoved++;
        }
    }

    /** Whether the source holds the key itself (not whether it would answer for it: it may send ASK). */
    boolean onSource(String key) {
        return holds(source, key);
    }

    /** Whether the target holds the key itself. */
    boolean onTarget(String key) {
        return holds(target, key);
    }

    private boolean holds(RedisProcess node, String key) {
        int slot = SlotHash.getSlot(key);
        RedisCommands<String, String> c = commands(node);
        return c.clusterGetKeysInSlot(slot, (int) Math.max(1, c.clusterCountKeysInSlot(slot))).contains(key);
    }

    void finish() {
        for (int slot : slots) {
            moveKeysOf(slot);
        }
        String targetId = commands(target).clusterMyId();
        List<RedisProcess> order = new ArrayList<>(List.of(target, source));
        masters.stream().filter(m -> m != target && m != source).forEach(order::add);
        for (RedisProcess master : order) {
            RedisCommands<String, String> c = commands(master);
            for (int slot : slots) {
                c.clusterSetSlotNode(slot, targetId);
            }
        }
    }

    private void moveKeysOf(int slot) {
        RedisCommands<String, String> from = commands(source);
        List<String> keys;
        while (!(keys = from.clusterGetKeysInSlot(slot, KEYS_PER_BATCH)).isEmpty()) {
            from.migrate("127.0.0.1", target.port(), 0, 10_000, MigrateArgs.Builder.keys(keys));
            keysMoved += keys.size();
        }
    }

    /** The slots the node itself serves, from the {@code myself} line of {@code CLUSTER NODES}, ascending. */
    private static int[] ownedSlots(RedisCommands<String, String> node) {
        for (String line : node.clusterNodes().split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 2 && fields[2].contains("myself")) {
                IntStream all = IntStream.empty();
                for (int i = 8; i < fields.length; i++) {
                    if (fields[i].startsWith("[")) {
                        continue; // a slot being imported or migrated: not the node's yet
                    }
                    String[] range = fields[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = Integer.parseInt(range[range.length - 1]);
                    all = IntStream.concat(all, IntStream.rangeClosed(from, to));
                }
                return all.sorted().toArray();
            }
        }
        throw new IllegalStateException("no myself line in CLUSTER NODES");
    }

    /** The node's own plain (non-cluster) connection. */
    private RedisCommands<String, String> commands(RedisProcess node) {
        return connections.get(masters.indexOf(node)).sync();
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisConnection::close);
        clients.forEach(RedisClient::shutdown);
    }
}
