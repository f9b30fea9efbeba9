package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sessions4j.Priority;
import io.sessions4j.SameSite;
import io.sessions4j.Session;
import io.sessions4j.internal.samples.Point;
import io.sessions4j.spi.SessionManager;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What the engine keeps of a record it wrote stands for the parse of that record's text at the next load: it
 * must be exactly what parsing gives, node class for node class, or not be kept at all.
 */
class WrittenRecordsTest extends EngineTestSupport {

    private final List<Consumer<Session>> changes = List.of(
            s -> s.put("views", 1),
            s -> s.put("views", 7L),
            s -> s.put("big", 5_000_000_000L),
            s -> s.put("name", "ada \u00e9\ud83d\ude00 \"quoted\" \\ \n"),
            s -> s.put("flag", true),
            s -> s.put("price", new BigDecimal("12.50")),
            s -> s.put("ratio", 0.5d),
            s -> s.put("huge", new BigInteger("123456789012345678901234567890")),
            s -> s.put("small", (short) 3),
            s -> s.put("bytes", new byte[] {1, 2, 3}),
            s -> s.put("at", Instant.parse("2026-01-02T03:04:05.678Z")),
            s -> s.put("uuid", UUID.fromString("00000000-0000-0000-0000-000000000001")),
            s -> s.put("roles", List.of("reader", "writer")),
            s -> s.put("nested", Map.of("a", List.of(1, 2, Map.of("b", "c")), "n", 3)),
            s -> s.put("withNull", new LinkedHashMap<>(Map.of("k", "v")) {{ put("none", null); }}),
            s -> s.put("point", new Point(1, 2)),
            s -> s.remove("views"),
            s -> s.principal("alice"),
            s -> s.cookie().maxAge(Duration.ofDays(2)),
            s -> s.cookie().sameSite(SameSite.STRICT).priority(Priority.HIGH).partitioned(true).secure(false),
            s -> s.cookie().path("/app").domain("example.com"),
            s -> s.cookie().expires(Instant.parse("2027-03-04T05:06:07.123456789Z")),
            s -> s.cookie().maxAge(null));

    @Test
    void everyKeptRecordIsExactlyWhatParsingItsTextGives() {
        for (boolean created : new boolean[] {false, true}) {
            SessionManager engine = engine(b -> b.storeCreationTime(created).allowTypes("io.sessions4j.internal.samples."));
            int kept = 0;
            for (int i = 0; i < changes.size(); i++) {
                // Each change on a session of its own, then all of them in turn on one session.
                FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 0));
                String id = CommitDecisionsTest.sessionId(first);
                kept += keptAndExact(engine, first, id, changes.get(i), "change " + i) ? 1 : 0;
                clock.advance(Duration.ofSeconds(1));
            }
            FakeExchange all = request(engine, FakeExchange.get("/"), s -> s.put("views", 0));
            for (int i = 0; i < changes.size(); i++) {
                keptAndExact(engine, all, CommitDecisionsTest.sessionId(all), changes.get(i), "cumulative " + i);
                clock.advance(Duration.ofSeconds(1));
            }
            // The ordinary cases are kept: most of the changes above leave a record of plain trees.
            assertThat(kept).as("kept with created=%s", created).isGreaterThan(changes.size() / 2);
        }
    }

    /** Runs {@code change} as a request of the session, then compares what is kept of its record with a parse. */
    private boolean keptAndExact(SessionManager engine, FakeExchange first, String id, Consumer<Session> change,
            String where) {
        Engine e = (Engine) engine;
        request(engine, FakeExchange.following(first), change::accept);
        String text = store.delegate().get(id).orElseThrow().json();
        SessionJson.Parsed fromCache = e.parsedRecords().get(id, text);
        if (fromCache == null) {
            return false;
        }
        assertSameParse(fromCache, e.json().parse(text, clock), where + " (" + text + ")");
        return true;
    }

    @Test
    void aDecimalOrASmallLongIsParsedAtTheNextLoadInsteadOfKept() {
        SessionManager engine = engine();
        Engine e = (Engine) engine;
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        String id = CommitDecisionsTest.sessionId(first);
        assertThat(e.parsedRecords().get(id, store.delegate().get(id).orElseThrow().json())).isNotNull();
        request(engine, FakeExchange.following(first), s -> s.put("ratio", 0.5d));
        assertThat(e.parsedRecords().get(id, store.delegate().get(id).orElseThrow().json())).isNull();
        request(engine, FakeExchange.following(first), s -> s.put("ratio", 7L));
        assertThat(e.parsedRecords().get(id, store.delegate().get(id).orElseThrow().json())).isNull();
        // And the next load reads the value as any load does.
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("ratio", Long.class)).contains(7L));
    }

    @Test
    void aConfiguredMapperKeepsNothing() {
        SessionManager engine = engine(b -> b.objectMapper(JsonMapper.builder().build()));
        Engine e = (Engine) engine;
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        String id = CommitDecisionsTest.sessionId(first);
        assertThat(e.parsedRecords().get(id, store.delegate().get(id).orElseThrow().json())).isNull();
    }

    private static void assertSameParse(SessionJson.Parsed kept, SessionJson.Parsed fresh, String where) {
        assertThat(kept.created()).as(where).isEqualTo(fresh.created());
        assertThat(kept.principal()).as(where).isEqualTo(fresh.principal());
        assertThat(kept.types()).as(where).containsExactlyEntriesOf(fresh.types());
        assertThat(new ArrayList<>(kept.data().keySet())).as(where).isEqualTo(new ArrayList<>(fresh.data().keySet()));
        for (Map.Entry<String, JsonNode> entry : fresh.data().entrySet()) {
            assertSameTree(kept.data().get(entry.getKey()), entry.getValue(), where + " key " + entry.getKey());
        }
        assertThat(cookieJson(kept.cookie())).as(where).isEqualTo(cookieJson(fresh.cookie()));
        assertThat(kept.cookie().expiresOrNull()).as(where).isEqualTo(fresh.cookie().expiresOrNull());
        assertThat(kept.cookie().changed()).as(where).isFalse();
    }

    /** Same node classes in the same order, and equal: JsonNode.equals alone lets field order differ. */
    private static void assertSameTree(JsonNode kept, JsonNode fresh, String where) {
        assertThat(kept.getClass()).as(where).isEqualTo(fresh.getClass());
        assertThat(kept).as(where).isEqualTo(fresh);
        if (fresh.isObject()) {
            assertThat(iterate(kept.fieldNames())).as(where).isEqualTo(iterate(fresh.fieldNames()));
        }
        for (int i = 0; i < fresh.size(); i++) {
            if (fresh.isArray()) {
                assertSameTree(kept.get(i), fresh.get(i), where + "[" + i + "]");
            }
        }
        if (fresh.isObject()) {
            fresh.fieldNames().forEachRemaining(n -> assertSameTree(kept.get(n), fresh.get(n), where + "." + n));
        }
    }

    private static List<String> iterate(Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static String cookieJson(CookieState cookie) {
        StringWriter out = new StringWriter();
        try (var gen = JsonMapper.builder().build().getFactory().createGenerator(out)) {
            cookie.writeJson(gen);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString();
    }
}
