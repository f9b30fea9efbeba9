package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import io.sessions4j.SessionException;
import io.sessions4j.SessionLimits;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Session values are JSON values, and a change is whatever changes their JSON, including in-place changes
 * to an object the application got or put earlier (express-session hashes the whole session for this).
 */
class SessionDataTest {
    private static final ObjectMapper MAPPER = SessionJson.defaultMapper();
    private static final ValueCodec CODEC = ValueCodec.create(null, List.of(), List.of(), SessionLimits.defaults());

    private static Map<String, JsonNode> nodes(String json) {
        try {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            MAPPER.readTree(json).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SessionData data(String json) {
        return new SessionData(CODEC, nodes(json), Map.of());
    }

    /** A mutable bean, as applications put them. */
    public static final class Cart {
        public List<String> items = new ArrayList<>();
        public int total;
    }

    public record Basket(List<String> items) {
    }

    public record User(int id, String name) {
    }

    /** Cannot be written: its only property throws. */
    public static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("kaboom");
        }
    }

    /** Writable until told otherwise. */
    public static final class Fragile {
        private boolean broken;

        public String getValue() {
            if (broken) {
                throw new IllegalStateException("broken now");
            }
            return "ok";
        }
    }

    @Test
    void detectsANestedChangeToAMapObtainedByGet() {
        SessionData data = data("{\"user\":{\"name\":\"ann\",\"roles\":[\"a\"]}}");
        Map<String, JsonNode> before = data.snapshot();

        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) data.get("user").orElseThrow();
        @SuppressWarnings("unchecked")
        List<Object> roles = (List<Object>) user.get("roles");
        roles.add("b");

        Map<String, JsonNode> after = data.snapshot();
        assertThat(SessionData.sameData(before, after)).isFalse();
        assertThat(after.get("user")).isEqualTo(tree("{\"name\":\"ann\",\"roles\":[\"a\",\"b\"]}"));
    }

    @Test
    void detectsAChangeToAMapObtainedByATypedGet() {
        SessionData data = data("{\"prefs\":{\"theme\":\"dark\"}}");
        Map<String, JsonNode> before = data.snapshot();

        data.get("prefs", new TypeReference<Map<String, String>>() { }).orElseThrow().put("lang", "fr");

        assertThat(SessionData.sameData(before, data.snapshot())).isFalse();
        assertThat(data.snapshot().get("prefs")).isEqualTo(tree("{\"theme\":\"dark\",\"lang\":\"fr\"}"));
    }

    @Test
    void seesAChangedMapOnTheNextGetBeforeAnySnapshot() {
        SessionData data = data("{\"m\":{\"a\":1}}");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) data.get("m").orElseThrow();
        m.put("a", 2);

        assertThat(data.get("m", new TypeReference<Map<String, Integer>>() { })).contains(Map.of("a", 2));
    }

    @Test
    void detectsAChangeToABeanPutEarlier() {
        SessionData data = data("{}");
        Cart cart = new Cart();
        data.put("cart", cart);
        Map<String, JsonNode> before = data.snapshot();

        cart.items.add("apple");
        cart.total = 3;

        Map<String, JsonNode> after = data.snapshot();
        assertThat(SessionData.sameData(before, after)).isFalse();
        assertThat(after.get("cart")).isEqualTo(tree("{\"items\":[\"apple\"],\"total\":3}"));
    }

    @Test
    void detectsAChangeInsideARecordPutEarlier() {
        SessionData data = data("{}");
        List<String> items = new ArrayList<>();
        data.put("basket", new Basket(items));
        Map<String, JsonNode> before = data.snapshot();

        items.add("pear");

        assertThat(SessionData.sameData(before, data.snapshot())).isFalse();
        assertThat(data.snapshot().get("basket")).isEqualTo(tree("{\"items\":[\"pear\"]}"));
    }

    @Test
    void seesNoChangeWhenObjectsAreOnlyRead() {
        SessionData data = data("{\"user\":{\"name\":\"ann\",\"n\":1.5},\"list\":[1,2],\"s\":\"x\"}");
        Map<String, JsonNode> before = data.snapshot();

        data.get("user");
        data.get("list", List.class);
        data.get("s", String.class);

        assertThat(SessionData.sameData(before, data.snapshot())).isTrue();
    }

    @Test
    void keepsFieldsATypedReadDoesNotKnowAbout() {
        // A record Node wrote can carry fields this Java class lacks; reading it must not rewrite the record.
        String stored = "{\"id\":1,\"name\":\"ann\",\"nodeOnly\":{\"since\":\"1970-01-01T00:00:00.000Z\"}}";
        SessionData data = data("{\"user\":" + stored + "}");

        assertThat(data.get("user", User.class)).contains(new User(1, "ann"));
        assertThat(data.snapshot().get("user")).isEqualTo(tree(stored));
    }

    @Test
    void keepsADateStringAsNodeWroteItWhenReadAsAMutableType() {
        SessionData data = data("{\"when\":\"1970-01-01T00:00:00.000Z\"}");

        assertThat(data.get("when", Date.class)).contains(new Date(0));
        assertThat(data.snapshot().get("when").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void takesAChangeToATypedReadObjectEvenThoughUnknownFieldsAreThenLost() {
        SessionData data = data("{\"cart\":{\"items\":[],\"total\":0}}");

        Cart cart = data.get("cart", Cart.class).orElseThrow();
        cart.items.add("fig");

        assertThat(data.snapshot().get("cart")).isEqualTo(tree("{\"items\":[\"fig\"],\"total\":0}"));
    }

    @Test
    void treatsAnIntAndALongOfTheSameValueAsEqual() {
        SessionData data = data("{\"n\":1,\"big\":{\"v\":7}}");
        Map<String, JsonNode> before = data.snapshot();

        data.put("n", 1L);
        data.put("big", Map.of("v", 7L));

        assertThat(SessionData.sameData(before, data.snapshot())).isTrue();
    }

    @Test
    void comparesIntegersOfEveryWidthByValue() {
        assertThat(SessionData.same(tree("41"), tree("42"))).isFalse();
        assertThat(SessionData.same(tree("9223372036854775807"), tree("9223372036854775806"))).isFalse();
        // Beyond a long, and against a long of the same value, still by value.
        assertThat(SessionData.same(tree("92233720368547758070"), tree("92233720368547758071"))).isFalse();
        assertThat(SessionData.same(tree("92233720368547758070"), tree("92233720368547758070"))).isTrue();
        assertThat(SessionData.same(new BigIntegerNode(BigInteger.valueOf(7)), tree("7"))).isTrue();
    }

    @Test
    void treatsOneAndOnePointZeroAsEqual() {
        assertThat(SessionData.sameData(nodes("{\"n\":1,\"o\":{\"x\":[2]}}"), nodes("{\"n\":1.0,\"o\":{\"x\":[2.00]}}")))
                .isTrue();
        assertThat(SessionData.same(tree("1"), tree("1.0"))).isTrue();
    }

    @Test
    void treatsDifferentValuesAndTypesAsDifferent() {
        assertThat(SessionData.same(tree("1"), tree("2"))).isFalse();
        assertThat(SessionData.same(tree("1"), tree("\"1\""))).isFalse();
        assertThat(SessionData.same(tree("[1,2]"), tree("[2,1]"))).isFalse();
        assertThat(SessionData.same(tree("null"), tree("{}"))).isFalse();
        assertThat(SessionData.same(tree("{}"), null)).isFalse();
        assertThat(SessionData.sameData(nodes("{\"a\":1}"), nodes("{\"a\":1,\"b\":2}"))).isFalse();
        assertThat(SessionData.sameData(nodes("{\"a\":1}"), nodes("{\"b\":1}"))).isFalse();
    }

    @Test
    void ignoresKeyOrder() {
        assertThat(SessionData.sameData(nodes("{\"a\":1,\"b\":{\"x\":1,\"y\":2}}"), nodes("{\"b\":{\"y\":2,\"x\":1},\"a\":1}")))
                .isTrue();
    }

    @Test
    void putNullRemovesTheKey() {
        SessionData data = data("{\"a\":1,\"b\":2}");

        data.put("a", null);

        assertThat(data.keys()).containsExactly("b");
        assertThat(data.get("a")).isEmpty();
        assertThat(data.snapshot()).containsOnlyKeys("b");
    }

    @Test
    void removeRemovesTheKey() {
        SessionData data = data("{\"a\":1,\"b\":2}");

        data.remove("b");
        data.remove("missing");

        assertThat(data.keys()).containsExactly("a");
    }

    @Test
    void keepsKeysInInsertionOrderAndDoesNotLetThemBeChangedFromOutside() {
        SessionData data = data("{\"z\":1}");
        data.put("a", 2);
        data.put("m", 3);

        Set<String> keys = data.keys();

        assertThat(keys).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> keys.remove("z")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(data.snapshot().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void refusesTheReservedKeys() {
        SessionData data = data("{}");

        assertThatThrownBy(() -> data.put("cookie", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cookie'").hasMessageContaining("reserved");
        assertThatThrownBy(() -> data.put("__sessions4j", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'__sessions4j'");
        assertThatThrownBy(() -> data.put(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(data.keys()).isEmpty();
    }

    @Test
    void acceptsKeysThatOnlyLookLikeReservedOnes() {
        SessionData data = data("{}");

        data.put("Cookie", 1);
        data.put("cookies", 2);
        data.put("constructor", 3);

        assertThat(data.keys()).containsExactly("Cookie", "cookies", "constructor");
    }

    @Test
    void refusesAValueWhoseGetterThrowsNamingTheKey() {
        SessionData data = data("{\"boom\":1}");

        assertThatThrownBy(() -> data.put("boom", new Exploding()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'boom'")
                .hasMessageContaining(Exploding.class.getName());
        assertThat(data.get("boom", Integer.class)).contains(1);
    }

    @Test
    void refusesASelfReferencingMapNamingTheKey() {
        SessionData data = data("{}");
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);

        assertThatThrownBy(() -> data.put("loop", loop))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'loop'");
        assertThat(data.keys()).isEmpty();
    }

    @Test
    void refusesAnObjectWithNothingToWrite() {
        assertThatThrownBy(() -> data("{}").put("o", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'o'");
    }

    @Test
    void namesTheKeyWhenAValueHeldSinceAPutCanNoLongerBeWritten() {
        SessionData data = data("{}");
        Fragile fragile = new Fragile();
        data.put("f", fragile);

        fragile.broken = true;

        assertThatThrownBy(data::snapshot)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'f'");
    }

    @Test
    void reportsATypeMismatchOnGetNamingTheKey() {
        SessionData data = data("{\"user\":{\"id\":1},\"views\":\"many\"}");

        assertThatThrownBy(() -> data.get("user", Integer.class))
                .isInstanceOf(SessionException.class)
                .hasMessageContaining("'user'");
        assertThatThrownBy(() -> data.get("views", Integer.class))
                .isInstanceOf(SessionException.class)
                .hasMessageContaining("'views'");
    }

    @Test
    void readsJsonValuesAsTheTypeAsked() {
        SessionData data = data("{\"n\":1,\"when\":\"1970-01-01T00:00:00.000Z\",\"user\":{\"id\":7,\"name\":\"bo\"},"
                + "\"list\":[1,\"a\"]}");

        assertThat(data.get("n", Integer.class)).contains(1);
        assertThat(data.get("n", Long.class)).contains(1L);
        assertThat(data.get("n", Double.class)).contains(1.0);
        assertThat(data.get("when", Instant.class)).contains(Instant.EPOCH);
        assertThat(data.get("user", User.class)).contains(new User(7, "bo"));
        assertThat(data.get("list")).contains(List.of(1, "a"));
        assertThat(data("{\"user\":{\"id\":7,\"name\":\"bo\"}}").get("user")).contains(Map.of("id", 7, "name", "bo"));
    }

    @Test
    void readsMissingKeysAndJsonNullAsEmpty() {
        SessionData data = data("{\"n\":null}");

        assertThat(data.get("absent")).isEmpty();
        assertThat(data.get("n", String.class)).isEmpty();
        assertThat(data.keys()).containsExactly("n");
    }

    @Test
    void returnsWhatWasPut() {
        SessionData data = data("{}");

        data.put("views", 3);
        data.put("user", new User(1, "ann"));
        data.put("when", Instant.parse("2026-11-25T19:36:34.893Z"));

        assertThat(data.get("views", Integer.class)).contains(3);
        assertThat(data.get("user", User.class)).contains(new User(1, "ann"));
        assertThat(data.get("when", Instant.class)).contains(Instant.parse("2026-11-25T19:36:34.893Z"));
        assertThat(data.snapshot().get("user")).isEqualTo(tree("{\"id\":1,\"name\":\"ann\"}"));
    }

    @Test
    void absorbTakesOtherRequestsChangesButKeepsOwnKeys() {
        SessionData data = data("{\"a\":1,\"b\":2,\"c\":3,\"own\":0}");
        data.put("a", 10);
        data.put("mine", "new");
        data.remove("own");

        data.absorb(nodes("{\"a\":99,\"b\":20,\"d\":4,\"own\":5}"), Map.of(), Set.of("a", "mine", "own"));

        Map<String, JsonNode> now = data.snapshot();
        assertThat(now.get("a").asInt()).isEqualTo(10);
        assertThat(now.get("b").asInt()).isEqualTo(20);
        assertThat(now.get("d").asInt()).isEqualTo(4);
        assertThat(now.get("mine").asText()).isEqualTo("new");
        assertThat(now).doesNotContainKeys("c", "own");
    }

    @Test
    void absorbKeepsTheObjectHeldForAnOwnKeySoLaterChangesStillCount() {
        SessionData data = data("{\"cart\":{\"items\":[]}}");
        Cart cart = new Cart();
        data.put("cart", cart);

        data.absorb(nodes("{\"cart\":{\"items\":[\"theirs\"]}}"), Map.of(), Set.of("cart"));
        cart.items.add("mine");

        assertThat(data.snapshot().get("cart")).isEqualTo(tree("{\"items\":[\"mine\"],\"total\":0}"));
    }
}
