package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sessions4j.CookieOptions;
import io.sessions4j.Priority;
import io.sessions4j.SameSite;
import io.sessions4j.SessionLimits;
import io.sessions4j.Secure;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stored session must be what express-session's {@code JSON.stringify(req.session)} writes (reference §7.4). */
class SessionJsonTest {
    private static final ObjectMapper MAPPER = SessionJson.defaultMapper();
    private static final String RECORD_1 = "{\"cookie\":{\"originalMaxAge\":60000,\"expires\":\"2026-11-25T19:38:40.551Z\","
            + "\"httpOnly\":true,\"path\":\"/\"},\"views\":1}";
    private static final String RECORD_2 = "{\"cookie\":{\"originalMaxAge\":60000,\"partitioned\":false,\"priority\":\"high\","
            + "\"expires\":\"2026-11-25T19:36:34.893Z\",\"secure\":false,\"httpOnly\":true,\"domain\":\"example.com\","
            + "\"path\":\"/\",\"sameSite\":\"lax\"},\"user\":{\"id\":1,\"when\":\"1970-01-01T00:00:00.000Z\"}}";
    private static final String RECORD_3 = "{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,"
            + "\"path\":\"/\"}}";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T19:35:34.893Z"));
    private final SessionJson codec = new SessionJson(MAPPER, new ValueLimits(SessionLimits.defaults()));

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The cookie of {@link #RECORD_2}. */
    private CookieState secondRecordCookie() {
        return CookieState.create(CookieOptions.create(c -> c.maxAge(Duration.ofMillis(60000))
                .sameSite(SameSite.LAX).secure(Secure.NEVER).domain("example.com").priority(Priority.HIGH)
                .partitioned(false)), false, clock);
    }

    private static Map<String, JsonNode> secondRecordData() {
        return Map.of("user", tree("{\"id\":1,\"when\":\"1970-01-01T00:00:00.000Z\"}"));
    }

    @Test
    void writesTheSecondRealRecordByteForByte() {
        assertThat(codec.write(secondRecordCookie(), null, secondRecordData(), Map.of())).isEqualTo(RECORD_2);
    }

    @Test
    void writesTheRecordCompactAndUnwrappedWhateverTheConfiguredMapperSays() {
        ObjectMapper pretty = SessionJson.defaultMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.WRAP_ROOT_VALUE);
        SessionJson prettyCodec = new SessionJson(pretty, new ValueLimits(SessionLimits.defaults()));

        assertThat(prettyCodec.write(secondRecordCookie(), null, secondRecordData(), Map.of())).isEqualTo(RECORD_2);
    }

    @Test
    void writesTheFirstRealRecordByteForByte() {
        clock.set(Instant.parse("2026-11-25T19:37:40.551Z"));
        CookieState cookie = CookieState.create(CookieOptions.create(c -> c.maxAge(Duration.ofMinutes(1))), false, clock);

        assertThat(codec.write(cookie, null, Map.of("views", JsonNodeFactory.instance.numberNode(1)), Map.of()))
                .isEqualTo(RECORD_1);
    }

    @Test
    void writesTheRecordOfASessionWithoutMaxAgeByteForByte() {
        CookieState cookie = CookieState.create(CookieOptions.defaults(), false, clock);

        assertThat(codec.write(cookie, null, Map.of(), Map.of())).isEqualTo(RECORD_3);
    }

    @ParameterizedTest
    @ValueSource(strings = {RECORD_1, RECORD_2, RECORD_3})
    void readsAndRewritesEachRealRecordUnchanged(String record) {
        SessionJson.Parsed parsed = codec.parse(record, clock);

        assertThat(parsed.created()).isNull();
        assertThat(codec.write(parsed.cookie(), parsed.created(), parsed.data(), parsed.types())).isEqualTo(record);
    }

    @Test
    void writesTheCreationTimeRightAfterTheCookie() {
        CookieState cookie = CookieState.create(CookieOptions.defaults(), false, clock);
        Map<String, JsonNode> data = new LinkedHashMap<>();
        data.put("views", JsonNodeFactory.instance.numberNode(1));

        String json = codec.write(cookie, Instant.ofEpochMilli(1795635334893L), data, Map.of());

        assertThat(json).isEqualTo("{\"cookie\":{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"},"
                + "\"__sessions4j\":{\"created\":1795635334893},\"views\":1}");
    }

    @Test
    void readsTheCreationTimeAndKeepsItOutOfTheData() {
        SessionJson.Parsed parsed = codec.parse("{\"cookie\":{},\"__sessions4j\":{\"created\":1795635334893},\"a\":1}", clock);

        assertThat(parsed.created()).isEqualTo(Instant.ofEpochMilli(1795635334893L));
        assertThat(parsed.data()).containsOnlyKeys("a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e1000000000", "1.5", "99999999999999999999999"})
    void ignoresACreationTimeThatIsNotAWholeNumberOfMillis(String created) {
        SessionJson.Parsed parsed = codec.parse("{\"cookie\":{},\"__sessions4j\":{\"created\":" + created + "},\"a\":1}", clock);

        assertThat(parsed.created()).isNull();
        assertThat(parsed.data()).containsOnlyKeys("a");
    }

    @Test
    void keepsTheDigitsOfDecimalsWhenReadAndWrittenBack() {
        String record = "{\"cookie\":{},\"price\":12.50,\"tiny\":0.1000000000000000055511151231257827,\"big\":1E+400}";
        SessionJson.Parsed parsed = codec.parse(record, clock);

        assertThat(codec.write(parsed.cookie(), null, parsed.data(), parsed.types()))
                .endsWith("\"price\":12.50,\"tiny\":0.1000000000000000055511151231257827,\"big\":1E+400}");
    }

    @Test
    void readsTheTypesOfPresentKeysOnly() {
        SessionJson.Parsed parsed = codec.parse("{\"cookie\":{},\"__sessions4j\":{\"created\":1,\"types\":{\"a\":\"Long\","
                + "\"gone\":\"Long\",\"odd\":7}},\"a\":1,\"odd\":2}", clock);

        assertThat(parsed.types()).containsExactly(Map.entry("a", "Long"));
    }

    @Test
    void writesTheTypesOfPresentKeysInsideTheMetadataAndNoneWithoutIt() {
        CookieState cookie = CookieState.create(CookieOptions.defaults(), false, clock);
        Map<String, JsonNode> data = new LinkedHashMap<>();
        data.put("n", JsonNodeFactory.instance.numberNode(5L));
        Map<String, String> types = Map.of("n", "Long", "gone", "Long");

        assertThat(codec.write(cookie, Instant.ofEpochMilli(1795635334893L), data, types))
                .contains("\"__sessions4j\":{\"created\":1795635334893,\"types\":{\"n\":\"Long\"}},\"n\":5}");
        assertThat(codec.write(cookie, null, data, types)).doesNotContain("__sessions4j").endsWith("\"path\":\"/\"},\"n\":5}");
    }

    @Test
    void ignoresACreationTimeThatIsNotANumber() {
        SessionJson.Parsed parsed = codec.parse("{\"cookie\":{},\"__sessions4j\":{\"created\":\"yesterday\"}}", clock);

        assertThat(parsed.created()).isNull();
        assertThat(parsed.data()).isEmpty();
    }

    @Test
    void writesUserKeysInTheirOrder() {
        CookieState cookie = CookieState.create(CookieOptions.defaults(), false, clock);
        Map<String, JsonNode> data = new LinkedHashMap<>();
        data.put("zeta", JsonNodeFactory.instance.numberNode(1));
        data.put("alpha", JsonNodeFactory.instance.textNode("x"));
        data.put("mid", JsonNodeFactory.instance.booleanNode(true));

        assertThat(codec.write(cookie, null, data, Map.of())).endsWith("\"zeta\":1,\"alpha\":\"x\",\"mid\":true}");
    }

    @Test
    void readsUserKeysInTheirOrder() {
        SessionJson.Parsed parsed = codec.parse("{\"zeta\":1,\"cookie\":{},\"alpha\":2,\"mid\":3}", clock);

        assertThat(parsed.data().keySet()).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void readsARecordNodeWroteWithDateStringsAndNestedCookieKeys() {
        String record = "{\"cookie\":{\"originalMaxAge\":86400000,\"expires\":\"2026-11-26T19:35:34.893Z\","
                + "\"secure\":true,\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"strict\"},"
                + "\"user\":{\"id\":7,\"name\":\"Zoë\",\"when\":\"1970-01-01T00:00:00.000Z\",\"cookie\":\"nested\"},"
                + "\"prefs\":{\"cookie\":{\"consent\":true}},\"flash\":[],\"n\":null}";

        SessionJson.Parsed parsed = codec.parse(record, clock);

        assertThat(parsed.cookie().expires()).contains(Instant.parse("2026-11-26T19:35:34.893Z"));
        assertThat(parsed.cookie().sameSite()).contains(SameSite.STRICT);
        assertThat(parsed.data().keySet()).containsExactly("user", "prefs", "flash", "n");
        assertThat(parsed.data().get("user").get("when").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(parsed.data().get("user").get("cookie").asText()).isEqualTo("nested");
        assertThat(parsed.data().get("prefs").get("cookie").get("consent").asBoolean()).isTrue();
        assertThat(codec.write(parsed.cookie(), parsed.created(), parsed.data(), parsed.types())).isEqualTo(record);
    }

    @Test
    void keepsUnicodeAndEscapesAsJsonStrings() {
        SessionJson.Parsed parsed = codec.parse("{\"cookie\":{},\"s\":\"a\\\"b\\\\c\\u0000😀\"}", clock);

        assertThat(parsed.data().get("s").asText()).isEqualTo("a\"b\\c\u0000😀");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "{\"cookie\":{\"originalMaxAge\":null",
        "{\"cookie\":{}",
        "{\"cookie\":{},\"a\":",
        "",
        "   "})
    void refusesTextThatIsNotJson(String text) {
        assertThatThrownBy(() -> codec.parse(text, clock)).isInstanceOf(SessionJson.CorruptSessionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"cookie\":{}}]", "\"a string\"", "42", "null", "true"})
    void refusesJsonThatIsNotAnObject(String text) {
        assertThatThrownBy(() -> codec.parse(text, clock))
                .isInstanceOf(SessionJson.CorruptSessionException.class)
                .hasMessageContaining("object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"views\":1}", "{\"cookie\":null}", "{\"cookie\":1}", "{\"cookie\":\"x\"}",
        "{\"cookie\":[]}", "{\"Cookie\":{}}"})
    void refusesARecordWithoutACookieObject(String text) {
        assertThatThrownBy(() -> codec.parse(text, clock))
                .isInstanceOf(SessionJson.CorruptSessionException.class)
                .hasMessageContaining("cookie");
    }
}
