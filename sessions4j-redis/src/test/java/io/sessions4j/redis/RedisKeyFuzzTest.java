package io.sessions4j.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.StoredSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (Jazzer) of key naming on a real Redis: whatever prefix an application configures
 * (glob characters, backslashes, any Unicode), the store reads, lists, counts and clears exactly its own keys,
 * never those of a store whose prefix only looks alike; a prefix it cannot keep apart is refused when the
 * store is built. The {@code prefix} option of a store spec arrives as given.
 */
class RedisKeyFuzzTest {
    private static final String RUN = TestRedis.uniquePrefix("key-fuzz");
    private static final Instant LATER = Instant.now().plusSeconds(600);
    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static int execution;

    @BeforeAll
    static void connect() {
        redis = TestRedis.externalOrOwned();
        client = RedisClient.create(redis.uri());
        connection = client.connect(StringCodec.UTF8);
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @FuzzTest(maxExecutions = 3_000)
    void anyPrefixKeepsTheStoreToItsOwnKeys(FuzzedDataProvider data) {
        String hostile = data.consumeString(40);
        String id = wellFormed(data.consumeString(40));
        Map<String, String> options = new LinkedHashMap<>();
        String rest = RedisStoreProvider.takeOptions("redis://127.0.0.1:6379/0?prefix="
                + URLEncoder.encode(hostile, StandardCharsets.UTF_8) + "&timeout=2s", options);
        if (wellFormed(hostile).equals(hostile)) {
            assertEquals(hostile, options.get("prefix"), "the spec's prefix arrives as given");
        }
        assertEquals("redis://127.0.0.1:6379/0?timeout=2s", rest);

        String prefix = RUN + (execution++) + ":" + hostile;
        RedisStore store;
        try {
            store = RedisStore.builder().connection(connection).prefix(prefix).build();
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("prefix:"), refused.getMessage());
            return;
        }
        String lookalike = lookalike(prefix);
        RedisStore neighbour = lookalike.equals(prefix) ? null
                : RedisStore.builder().connection(connection).prefix(lookalike).build();
        try {
            store.set(id, new StoredSession("{\"cookie\":{}}", LATER));
            if (neighbour != null) {
                neighbour.set(id, new StoredSession("{\"neighbour\":true}", LATER));
            }
            assertEquals("{\"cookie\":{}}", store.get(id).orElseThrow().json());
            assertEquals(List.of(id), store.ids().collect(Collectors.toList()), "ids() lists its own keys only");
            assertEquals(1, store.length());
            store.clear();
            assertTrue(store.get(id).isEmpty());
            if (neighbour != null) {
                assertEquals("{\"neighbour\":true}", neighbour.get(id).orElseThrow().json(),
                        "clear() left the look-alike prefix's key alone");
            }
        } finally {
            connection.sync().del(prefix + id, lookalike + id);
            // Each store has its expiry drain thread; the shared connection stays open (the store does not own it).
            store.close();
            if (neighbour != null) {
                neighbour.close();
            }
        }
    }

    /** The prefix with every character a glob or an encoder could treat specially replaced by a plain one. */
    private static String lookalike(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length());
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            sb.append("*?[]\\^-".indexOf(c) >= 0 || Character.isSurrogate(c) ? 'a' : c);
        }
        return sb.toString();
    }

    /** Session ids reach a store only as well-formed text (the engine refuses ids a cookie cannot carry). */
    private static String wellFormed(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
