package io.sessions4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionStoreException;
import io.sessions4j.SessionStores;
import io.sessions4j.redis.testing.TestRedis;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import io.sessions4j.tck.TckExchange;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the TCK does not check: the connect-redis key and value format, TTLs as Redis sees them, the
 * read-and-touch rule of {@link RedisStore#getAndTouch}, the prefix isolation of SCAN, records written by
 * another client in bytes that are not UTF-8, and the provider.
 */
class RedisStoreTest {
    private static final String EXPRESS_JSON =
            "{\"cookie\":{\"originalMaxAge\":600000,\"expires\":\"2030-01-01T00:00:00.000Z\",\"httpOnly\":true,"
            + "\"path\":\"/\"},\"views\":3}";

    private static TestRedis redis;
    private static RedisClient client;
    private static RedisCommands<String, String> raw;
    /** Writes bytes as they are, as another client may. */
    private static RedisCommands<byte[], byte[]> rawBytes;
    private String prefix;
    private RedisStore store;

    @BeforeAll
    static void start() {
        redis = TestRedis.externalOrOwned();
        client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect();
        raw = c.sync();
        rawBytes = client.connect(ByteArrayCodec.INSTANCE).sync();
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        redis.close();
    }

    @BeforeEach
    void open() {
        prefix = TestRedis.uniquePrefix("store");
        store = RedisStore.builder().uri(redis.uri()).prefix(prefix).build();
    }

    @AfterEach
    void close() {
        store.clear();
        store.close();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void storesThePlainJsonUnderPrefixPlusIdWithAMillisecondTtl() {
        String id = id();
        store.set(id, new StoredSession(EXPRESS_JSON, Instant.now().plus(Duration.ofMinutes(10))));
        assertThat(raw.type(prefix + id)).isEqualTo("string");
        assertThat(raw.get(prefix + id)).isEqualTo(EXPRESS_JSON);
        assertThat(raw.pttl(prefix + id)).isBetween(Duration.ofMinutes(10).minusSeconds(2).toMillis(),
                Duration.ofMinutes(10).toMillis());
    }

    @Test
    void defaultPrefixIsConnectRedisOne() {
        try (RedisStore defaults = RedisStore.builder().uri(redis.uri()).build()) {
            assertThat(defaults.prefix()).isEqualTo("sess:");
            assertThat(defaults.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void readsWhatConnectRedisWrites() {
        String id = id();
        raw.setex(prefix + id, 300, EXPRESS_JSON);
        StoredSession read = store.get(id).orElseThrow();
        assertThat(read.json()).isEqualTo(EXPRESS_JSON);
        assertThat(read.expires()).isCloseTo(Instant.now().plusSeconds(300), within(1, ChronoUnit.SECONDS));
    }

    @Test
    void expiryOnReadIsTheKeysTtlNotTheJsonCookieExpires() {
        String id = id();
        raw.setex(prefix + id, 300, EXPRESS_JSON);      // JSON says 2030; the key lives 5 minutes
        raw.pexpire(prefix + id, 90_000);               // a connect-redis touch: EXPIRE only
        assertThat(store.get(id).orElseThrow().expires())
                .isCloseTo(Instant.now().plusSeconds(90), within(1, ChronoUnit.SECONDS));
    }

    @Test
    void getAndTouchSlidesTheTtlToOriginalMaxAgeWhenDue() {
        String id = id();
        raw.psetex(prefix + id, 60_000, EXPRESS_JSON);  // originalMaxAge is 600000
        Instant now = Instant.now();
        StoredSession read = store.getAndTouch(id, new TouchRequest(now, Duration.ZERO, Duration.ofDays(1)))
                .orElseThrow();
        assertThat(read.json()).isEqualTo(EXPRESS_JSON);
        assertThat(read.expires()).isEqualTo(now.plusMillis(600_000));
        assertThat(raw.pttl(prefix + id)).isBetween(598_000L, 600_000L);
        assertThat(raw.get(prefix + id)).as("a touch never rewrites the JSON").isEqualTo(EXPRESS_JSON);
    }

    @Test
    void getAndTouchSkipsTheWriteWithinTouchAfter() {
        String id = id();
        raw.psetex(prefix + id, 590_000, EXPRESS_JSON); // 10 s behind the wanted 600 s
        StoredSession read = store.getAndTouch(id, new TouchRequest(Instant.now(), Duration.ofMinutes(1),
                Duration.ofDays(1))).orElseThrow();
        assertThat(raw.pttl(prefix + id)).isLessThanOrEqualTo(590_000L);
        assertThat(read.expires()).isCloseTo(Instant.now().plusMillis(590_000), within(1, ChronoUnit.SECONDS));
    }

    @Test
    void getAndTouchNeverShortensATtl() {
        String id = id();
        raw.psetex(prefix + id, 3_600_000, EXPRESS_JSON); // longer than originalMaxAge
        store.getAndTouch(id, new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1)));
        assertThat(raw.pttl(prefix + id)).isGreaterThan(3_590_000L);
    }

    @Test
    void getAndTouchGivesBrowserSessionCookiesTheBrowserSessionTtl() {
        String id = id();
        String json = "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}}";
        raw.psetex(prefix + id, 1_000, json);
        store.getAndTouch(id, new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofHours(2)));
        assertThat(raw.pttl(prefix + id)).isBetween(Duration.ofHours(2).minusSeconds(2).toMillis(),
                Duration.ofHours(2).toMillis());
    }

    @Test
    void getAndTouchReadsOriginalMaxAgeFromJsonInAnyOrder() {
        String id = id();
        String json = "{ \"views\": {\"cookie\":{\"originalMaxAge\":1}}, \"cookie\" : {\"path\":\"/\","
                + "\"originalMaxAge\" : 120000.0} }";
        raw.psetex(prefix + id, 1_000, json);
        store.getAndTouch(id, new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1)));
        assertThat(raw.pttl(prefix + id)).isBetween(118_000L, 120_000L);
    }

    @Test
    void getAndTouchGivesAKeyWithoutTtlOne() {
        String id = id();
        raw.set(prefix + id, EXPRESS_JSON);
        store.getAndTouch(id, new TouchRequest(Instant.now(), Duration.ofHours(1), Duration.ofDays(1)));
        assertThat(raw.pttl(prefix + id)).isBetween(598_000L, 600_000L);
    }

    @Test
    void getAndTouchOfUnreadableJsonStillAnswersWithTheText() {
        String id = id();
        raw.psetex(prefix + id, 1_000, "not json {");
        StoredSession read = store.getAndTouch(id, new TouchRequest(Instant.now(), Duration.ZERO,
                Duration.ofMinutes(5))).orElseThrow();
        assertThat(read.json()).isEqualTo("not json {");
    }

    @Test
    void setWithExpiryInThePastDeletesTheKey() {
        String id = id();
        raw.setex(prefix + id, 300, EXPRESS_JSON);
        store.set(id, new StoredSession(EXPRESS_JSON, Instant.now().minusMillis(1)));
        assertThat(raw.exists(prefix + id)).isZero();
    }

    @Test
    void replaceWithExpiryInThePastDeletesTheKey() {
        String id = id();
        raw.setex(prefix + id, 300, EXPRESS_JSON);
        assertThat(store.replace(id, EXPRESS_JSON, new StoredSession("{}", Instant.now().minusSeconds(1)))).isTrue();
        assertThat(raw.exists(prefix + id)).isZero();
    }

    @Test
    void enumerationSeesOnlyItsOwnPrefixEvenWithGlobCharacters() {
        String globby = TestRedis.uniquePrefix("glob") + "a*[b]?:";
        String lookalike = globby.replace("a*[b]?:", "aXbY:");
        try (RedisStore g = RedisStore.builder().uri(redis.uri()).prefix(globby).build()) {
            g.set("one", new StoredSession("{}", Instant.now().plusSeconds(60)));
            raw.setex(lookalike + "two", 60, "{}");
            try (Stream<String> ids = g.ids()) {
                assertThat(ids.collect(Collectors.toList())).containsExactly("one");
            }
            assertThat(g.length()).isEqualTo(1);
            g.clear();
            assertThat(raw.exists(lookalike + "two")).isEqualTo(1);
        } finally {
            raw.del(lookalike + "two");
        }
    }

    @Test
    void refusesAPrefixThatUtf8CannotCarry() {
        // "app\ud800:" would reach Redis as "app?:", and its SCAN pattern would match "appX:" too.
        assertThatThrownBy(() -> RedisStore.builder().uri(redis.uri()).prefix("app\ud800:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("prefix:");
        assertThat(RedisStore.builder().uri(redis.uri()).prefix("app\ud83d\ude00:")).isNotNull();
    }

    @Test
    void clearLeavesOtherKeysAlone() {
        String other = TestRedis.uniquePrefix("other") + "x";
        raw.setex(other, 60, "keep");
        try {
            store.set(id(), new StoredSession("{}", Instant.now().plusSeconds(60)));
            store.clear();
            assertThat(store.length()).isZero();
            assertThat(raw.get(other)).isEqualTo("keep");
        } finally {
            raw.del(other);
        }
    }

    @Test
    void providerOpensARedisStoreFromASpec() {
        try (SessionStore s = SessionStores.open(redis.uri(), Map.of("prefix", prefix, "commandTimeout", "750ms"))) {
            assertThat(s).isInstanceOf(RedisStore.class);
            assertThat(((RedisStore) s).prefix()).isEqualTo(prefix);
            assertThat(((RedisStore) s).commandTimeout()).isEqualTo(Duration.ofMillis(750));
            s.set("p", new StoredSession("{\"via\":\"provider\"}", Instant.now().plusSeconds(60)));
            assertThat(store.get("p").orElseThrow().json()).isEqualTo("{\"via\":\"provider\"}");
        }
    }

    @Test
    void providerTakesStoreOptionsFromTheQueryStringAndPassesLettucesOnesThrough() {
        String spec = redis.uri() + "?prefix=" + io.sessions4j.redis.testing.HttpAgent.enc(prefix) + "&timeout=5s&commandTimeout=1500ms";
        try (SessionStore s = SessionStores.open(spec)) {
            assertThat(((RedisStore) s).prefix()).isEqualTo(prefix);
            assertThat(((RedisStore) s).commandTimeout()).isEqualTo(Duration.ofMillis(1500));
            s.set("q", new StoredSession("{}", Instant.now().plusSeconds(60)));
            assertThat(raw.exists(prefix + "q")).isEqualTo(1);
        }
        assertThatThrownBy(() -> SessionStores.open(redis.uri() + "?prefix=a:", Map.of("prefix", "b:")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
        assertThat(RedisStoreProvider.takeOptions("redis-sentinel://h:26379/0?prefix=x:&timeout=1s#mymaster",
                new java.util.HashMap<>())).isEqualTo("redis-sentinel://h:26379/0?timeout=1s#mymaster");
    }

    @Test
    void providerRefusesUnknownOptionsAndBadValuesByName() {
        assertThatThrownBy(() -> SessionStores.open(redis.uri(), Map.of("ttl", "5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ttl'");
        assertThatThrownBy(() -> SessionStores.open(redis.uri(), Map.of("commandTimeout", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commandTimeout");
        assertThatThrownBy(() -> SessionStores.open(redis.uri(), Map.of("cluster", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster");
    }

    @Test
    void builderRefusesBadOptionsByName() {
        assertThatThrownBy(() -> RedisStore.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uri");
        assertThatThrownBy(() -> RedisStore.builder().uri(redis.uri()).commandTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commandTimeout");
        assertThatThrownBy(() -> RedisStore.builder().uri(redis.uri()).scanCount(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scanCount");
        assertThatThrownBy(() -> RedisStore.builder().uri("http://user:hunter2@example.com").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
    }

    @Test
    void unreachableRedisIsAStoreExceptionAtBuild() {
        assertThatThrownBy(() -> RedisStore.builder().uri("redis://127.0.0.1:1").commandTimeout(Duration.ofMillis(500))
                .build())
                .isInstanceOf(SessionStoreException.class)
                .satisfies(e -> assertThat(((SessionStoreException) e).operation()).isEqualTo("connect"));
    }

    @Test
    void storeUsesAConnectionTheApplicationOwnsWithoutClosingIt() {
        StatefulRedisConnection<String, String> own = client.connect();
        try {
            RedisStore shared = RedisStore.builder().connection(own).prefix(prefix).build();
            shared.set("c", new StoredSession("{}", Instant.now().plusSeconds(60)));
            shared.close();
            assertThat(own.isOpen()).isTrue();
            assertThat(own.sync().get(prefix + "c")).isEqualTo("{}");
        } finally {
            own.close();
        }
    }

    @Test
    void storeUsesAClientTheApplicationOwnsWithoutShuttingItDown() {
        RedisStore shared = RedisStore.builder().client(client).prefix(prefix).build();
        shared.set("d", new StoredSession("{}", Instant.now().plusSeconds(60)));
        shared.close();
        assertThat(raw.get(prefix + "d")).isEqualTo("{}");
    }

    // ---- records that are not UTF-8 ----

    private static final byte[] NOT_UTF8 = {'a', (byte) 0xff, (byte) 0xfe, 'b', (byte) 0xc3};

    /** Stores express's JSON with {@code name} holding exactly {@code nameBytes}. */
    private void writeRaw(String id, byte[] nameBytes) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes(EXPRESS_JSON.replace("\"views\":3}", "\"name\":\"").getBytes(StandardCharsets.UTF_8));
        value.writeBytes(nameBytes);
        value.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        rawBytes.psetex((prefix + id).getBytes(StandardCharsets.UTF_8), 600_000, value.toByteArray());
    }

    @Test
    void aRecordWithBytesThatAreNotUtf8IsReadAsUnreadableEmptyText() {
        writeRaw("bad", NOT_UTF8);
        assertThat(store.get("bad").orElseThrow().json()).isEmpty();
        TouchRequest touch = new TouchRequest(Instant.now(), Duration.ZERO, Duration.ofDays(1));
        assertThat(store.getAndTouch("bad", touch).orElseThrow().json()).isEmpty();
    }

    /** Before, such a session loaded with U+FFFD in it, and every save retried its compare-and-set into a 503. */
    @Test
    void aRequestOfASessionThatIsNotUtf8GetsAFreshSessionThatSavesAtOnce() {
        SessionManager engine = engine();
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
        SessionManager engine = engine();
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

    private SessionManager engine() {
        return SessionManager.create(SessionConfig.builder().secrets("redis store test secret, long enough to be real")
                .store(store).build());
    }
}
