package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.TouchRequest;
import io.sessions4j.tck.TckExchange;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record holding bytes that are not UTF-8 (written by another client, with a raw byte codec here): it is
 * an unreadable record, not text decoded with replacement characters that no compare-and-set could match
 * (which once made every write of such a session retry until it failed with 503).
 */
class RecordsThatAreNotUtf8Test {
    private static final String HEAD = "{\"cookie\":{\"originalMaxAge\":600000,\"expires\":\"2030-01-01T00:00:00.000Z\","
            + "\"httpOnly\":true,\"path\":\"/\"},\"name\":\"";

    private static TestRedis redis;
    private static RedisClient client;
    private static RedisCommands<byte[], byte[]> raw;
    private RedisStore store;
    private SessionManager engine;

    @BeforeAll
    static void start() {
        redis = TestRedis.externalOrOwned();
        client = RedisClient.create(redis.uri());
        StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
        raw = c.sync();
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        redis.close();
    }

    @BeforeEach
    void open() {
        store = RedisStore.builder().uri(redis.uri()).prefix(TestRedis.uniquePrefix("utf8")).build();
        engine = SessionManager.create(SessionConfig.builder().secrets("not utf-8 secret, long enough to be real")
                .store(store).build());
    }

    @AfterEach
    void close() {
        store.clear();
        store.close();
    }

    /** {@code HEAD + <bytes> + "\"}"}: a session whose {@code name} holds the given bytes. */
    private void writeRaw(String id, byte[] nameBytes) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes(HEAD.getBytes(StandardCharsets.UTF_8));
        value.writeBytes(nameBytes);
        value.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        raw.psetex((store.prefix() + id).getBytes(StandardCharsets.UTF_8), 600_000, value.toByteArray());
    }

    private static final byte[] NOT_UTF8 = {'a', (byte) 0xff, (byte) 0xfe, 'b', (byte) 0xc3};

    @Test
    void aRecordWithBytesThatAreNotUtf8IsReadAsUnreadableEmptyText() {
        writeRaw("bad", NOT_UTF8);
        assertThat(store.get("bad").orElseThrow().json()).isEmpty();
        TouchRequest touch = new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1));
        assertThat(store.getAndTouch("bad", touch).orElseThrow().json()).isEmpty();
    }

    @Test
    void aRequestOfSuchASessionGetsAFreshSessionThatSavesAtOnce() {
        TckExchange first = TckExchange.request();
        String id;
        try (RequestScope scope = engine.open(first)) {
            id = scope.session().put("name", "ada").id();
            scope.commit();
        }
        writeRaw(id, NOT_UTF8);
        TckExchange next = TckExchange.withCookieFrom(first);
        try (RequestScope scope = engine.open(next)) {
            Session s = scope.session();
            assertThat(s.isNew()).isTrue();
            assertThat(s.id()).isNotEqualTo(id);
            s.put("name", "grace");
            scope.commit();
        }
        assertThat(store.get(id)).as("the unreadable record is gone").isEmpty();
        try (RequestScope scope = engine.open(TckExchange.withCookieFrom(next))) {
            assertThat(scope.session().get("name", String.class)).contains("grace");
        }
    }

    @Test
    void aRecordThatReallyHoldsTheReplacementCharacterStaysReadableAndSavable() {
        TckExchange first = TckExchange.request();
        try (RequestScope scope = engine.open(first)) {
            scope.session().put("name", "a\uFFFDb");
            scope.commit();
        }
        try (RequestScope scope = engine.open(TckExchange.withCookieFrom(first))) {
            Session s = scope.session();
            assertThat(s.isNew()).isFalse();
            assertThat(s.get("name", String.class)).contains("a\uFFFDb");
            s.put("views", 1);
            scope.commit();
        }
        try (RequestScope scope = engine.open(TckExchange.withCookieFrom(first))) {
            assertThat(scope.session().get("views", Integer.class)).contains(1);
        }
    }
}
