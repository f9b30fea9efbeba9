package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.Session;
import io.sessions4j.internal.samples.Animal;
import io.sessions4j.internal.samples.Cart;
import io.sessions4j.internal.samples.Level;
import io.sessions4j.internal.samples.Note;
import io.sessions4j.internal.samples.Point;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A value comes back as the object that was put within a request, and as its type in later requests; the
 * stored user keys stay the plain JSON express-session reads.
 */
class SessionValuesTest extends EngineTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-25T19:35:34.893Z");

    private final SessionManager engine = engine(b -> b.allowTypes("io.sessions4j.internal.samples."));

    /** Stores {@code value} under "v" in one request and returns what {@code get("v")} gives in the next. */
    private Object roundTrip(Object value) {
        return roundTrip(engine, value);
    }

    private Object roundTrip(SessionManager manager, Object value) {
        FakeExchange first = request(manager, FakeExchange.get("/"), s -> s.put("v", value));
        AtomicReference<Object> back = new AtomicReference<>();
        request(manager, FakeExchange.following(first), s -> back.set(s.get("v").orElseThrow()));
        return back.get();
    }

    private FakeExchange storeWith(Consumer<Session> handler) {
        return request(engine, FakeExchange.get("/"), handler);
    }

    private JsonNode stored(FakeExchange response) {
        try {
            return JSON.readTree(storedJson(response));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String storedJson(FakeExchange response) {
        return store.delegate().get(CommitDecisionsTest.sessionId(response)).orElseThrow().json();
    }

    @Test
    void getReturnsTheVeryObjectThatWasPutWhateverOverloadIsUsed() {
        Point p = new Point(1, 2);
        List<Note> notes = new ArrayList<>(List.of(new Note("a", AT)));
        request(engine, FakeExchange.get("/"), s -> {
            s.put("p", p);
            s.put("notes", notes);
            assertThat(s.get("p").orElseThrow()).isSameAs(p);
            assertThat(s.get("p", Point.class).orElseThrow()).isSameAs(p);
            assertThat(s.get("p", Object.class).orElseThrow()).isSameAs(p);
            assertThat(s.get("notes", new TypeReference<List<Note>>() { }).orElseThrow()).isSameAs(notes);
            assertThat((Object) s.get("notes", List.class).orElseThrow()).isSameAs(notes);
        });
    }

    @Test
    void aLoadedValueIsDecodedOnceAndThenAlwaysTheSameObject() {
        FakeExchange first = storeWith(s -> {
            s.put("p", new Point(1, 2));
            s.put("notes", new ArrayList<>(List.of(new Note("a", AT))));
            s.put("plain", Map.of("k", "v"));
        });
        request(engine, FakeExchange.following(first), s -> {
            Object p = s.get("p").orElseThrow();
            assertThat(p).isEqualTo(new Point(1, 2));
            assertThat(s.get("p", Point.class).orElseThrow()).isSameAs(p);
            assertThat(s.get("p").orElseThrow()).isSameAs(p);

            Object notes = s.get("notes", new TypeReference<List<Note>>() { }).orElseThrow();
            assertThat(s.get("notes").orElseThrow()).isSameAs(notes);
            assertThat((Object) s.get("notes", Collection.class).orElseThrow()).isSameAs(notes);

            Object plain = s.get("plain").orElseThrow();
            assertThat((Object) s.get("plain", Map.class).orElseThrow()).isSameAs(plain);
            assertThat(s.get("plain", new TypeReference<Map<String, Object>>() { }).orElseThrow()).isSameAs(plain);
        });
    }

    @Test
    void aReadAsAnotherTypeConvertsAndChangesToEitherObjectAreSaved() {
        FakeExchange first = storeWith(s -> s.put("cart", new Cart()));
        FakeExchange second = request(engine, FakeExchange.following(first), s -> {
            Cart cart = s.get("cart", Cart.class).orElseThrow();
            cart.items.add("apple");
            @SuppressWarnings("unchecked")
            Map<String, Object> asMap = s.get("cart", Map.class).orElseThrow();
            assertThat(asMap).containsEntry("items", List.of("apple"));
            asMap.put("total", 3);
        });
        request(engine, FakeExchange.following(second), s -> {
            Cart cart = s.get("cart", Cart.class).orElseThrow();
            assertThat(cart.items).containsExactly("apple");
            assertThat(cart.total).isEqualTo(3);
        });
    }

    @Test
    void aReadAsAnotherTypeAloneChangesNothing() {
        FakeExchange first = storeWith(s -> s.put("p", new Point(1, 2)));
        store.reset();
        request(engine, FakeExchange.following(first), s -> {
            assertThat((Object) s.get("p", Map.class).orElseThrow()).isEqualTo(Map.of("x", 1, "y", 2));
            assertThat(s.get("p", JsonNode.class).orElseThrow().get("x").asInt()).isEqualTo(1);
        });
        assertThat(store.calls()).doesNotContain("set", "replace");
    }

    @Test
    void jdkValueTypesComeBackAsThemselves() {
        UUID id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(roundTrip(5L)).isEqualTo(5L);
        assertThat(roundTrip(5)).isEqualTo(5);
        assertThat(roundTrip(1.0)).isEqualTo(1.0);
        assertThat(roundTrip(2.5f)).isEqualTo(2.5f);
        assertThat(roundTrip((short) 3)).isEqualTo((short) 3);
        assertThat(roundTrip(new BigDecimal("12.50"))).isEqualTo(new BigDecimal("12.50"));
        assertThat(roundTrip(new BigInteger("123456789012345678901234567890"))).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(roundTrip(id)).isEqualTo(id);
        assertThat(roundTrip(AT)).isEqualTo(AT);
        assertThat(roundTrip(LocalDate.of(2026, 11, 25))).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(roundTrip(Duration.ofMinutes(90))).isEqualTo(Duration.ofMinutes(90));
        assertThat(roundTrip(ZoneId.of("Europe/Paris"))).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(roundTrip(true)).isEqualTo(true);
        assertThat(roundTrip("text")).isEqualTo("text");
        assertThat(roundTrip(Level.HIGH)).isSameAs(Level.HIGH);
    }

    @Test
    void collectionsComeBackAsTheirKindWithTheirElementTypes() {
        assertThat(roundTrip(new HashSet<>(List.of(1L, 2L)))).isInstanceOf(HashSet.class).isEqualTo(Set.of(1L, 2L));
        assertThat(roundTrip(new TreeSet<>(List.of("b", "a")))).isInstanceOf(TreeSet.class).isEqualTo(new TreeSet<>(List.of("a", "b")));
        assertThat(roundTrip(new LinkedList<>(List.of(AT)))).isInstanceOf(LinkedList.class).isEqualTo(List.of(AT));
        Map<String, Long> longs = new HashMap<>(Map.of("a", 1L));
        assertThat(roundTrip(longs)).isInstanceOf(HashMap.class).isEqualTo(longs);
        Map<Level, Point> byLevel = new TreeMap<>(Map.of(Level.LOW, new Point(0, 0)));
        assertThat(roundTrip(byLevel)).isInstanceOf(TreeMap.class).isEqualTo(byLevel);
        Map<UUID, Note> byId = new LinkedHashMap<>();
        byId.put(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), new Note("n", AT));
        assertThat(roundTrip(byId)).isEqualTo(byId);

        Object notes = roundTrip(new ArrayList<>(List.of(new Note("a", AT), new Note("b", AT))));
        assertThat(notes).isInstanceOf(ArrayList.class).isEqualTo(List.of(new Note("a", AT), new Note("b", AT)));
        Object nested = roundTrip(List.of(List.of(new Point(1, 2)), List.of()));
        assertThat(nested).isEqualTo(List.of(List.of(new Point(1, 2)), List.of()));
    }

    @Test
    void unmodifiableJdkCollectionsComeBackAsModifiableOnesOfTheSameKind() {
        Object list = roundTrip(List.of(new Point(1, 2)));
        assertThat(list).isInstanceOf(ArrayList.class).isEqualTo(List.of(new Point(1, 2)));
        Object set = roundTrip(Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(3L, 1L, 2L))));
        assertThat(set).isInstanceOf(Set.class).isEqualTo(Set.of(1L, 2L, 3L));
        assertThat(new ArrayList<Object>((Set<?>) set)).containsExactly(3L, 1L, 2L);
        Object map = roundTrip(Map.of("p", new Point(1, 2)));
        assertThat(map).isEqualTo(Map.of("p", new Point(1, 2)));
        assertThat(roundTrip(java.util.EnumSet.of(Level.HIGH))).isInstanceOf(Set.class).isEqualTo(Set.of(Level.HIGH));
    }

    @Test
    void aJsonNodeComesBackAsAJsonNode() throws Exception {
        JsonNode node = JSON.readTree("{\"a\":[1,2.5,\"x\"]}");
        assertThat(roundTrip(node)).isEqualTo(node);
    }

    @Test
    void arraysComeBackAsArraysOfTheirComponentType() {
        assertThat((int[]) roundTrip(new int[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat((byte[]) roundTrip(new byte[] {1, -2})).containsExactly(1, -2);
        assertThat((long[][]) roundTrip(new long[][] {{1L}, {2L, 3L}})).isDeepEqualTo(new long[][] {{1L}, {2L, 3L}});
        assertThat((String[]) roundTrip(new String[] {"a", null})).containsExactly("a", null);
        assertThat((Point[]) roundTrip(new Point[] {new Point(1, 2)})).containsExactly(new Point(1, 2));
        // An Object[] keeps its component type: its elements come back in their natural forms.
        assertThat((Object[]) roundTrip(new Object[] {new Point(1, 2), 3L}))
                .containsExactly(Map.of("x", 1, "y", 2), 3);
    }

    @Test
    void recordsPojosAndEnumsWithBodiesComeBackAsThemselves() {
        assertThat(roundTrip(new Point(1, 2))).isEqualTo(new Point(1, 2));
        Cart cart = new Cart();
        cart.items.add("pear");
        cart.total = 4;
        Cart back = (Cart) roundTrip(cart);
        assertThat(back.items).containsExactly("pear");
        assertThat(back.total).isEqualTo(4);
        assertThat(roundTrip(Level.LOW)).isSameAs(Level.LOW);
        assertThat(roundTrip(new ArrayList<>(List.of(Level.LOW, Level.HIGH)))).isEqualTo(List.of(Level.LOW, Level.HIGH));
    }

    @Test
    void elementsOfAPolymorphicBaseComeBackAsTheirOwnTypes() {
        List<Animal> animals = new ArrayList<>(List.of(new Animal.Dog("rex", 3), new Animal.Cat("tom", true)));
        assertThat(roundTrip(animals)).isEqualTo(animals);
        FakeExchange response = storeWith(s -> s.put("animals", animals));
        assertThat(stored(response).get("animals").get(0).get("kind").asText()).isEqualTo("dog");
        assertThat(stored(response).path("__sessions4j").path("types").path("animals").asText())
                .isEqualTo("ArrayList<io.sessions4j.internal.samples.Animal>");
    }

    @Test
    void heterogeneousCollectionsAndNullsComeBackWithNaturalElements() {
        List<Object> mixed = new ArrayList<>(Arrays.asList(new Point(1, 2), "x", 7L, null));
        assertThat(roundTrip(mixed)).isEqualTo(Arrays.asList(Map.of("x", 1, "y", 2), "x", 7, null));
        assertThat(roundTrip(new ArrayList<>(Arrays.asList(null, new Point(3, 4)))))
                .isEqualTo(Arrays.asList(null, new Point(3, 4)));
    }

    @Test
    void aCollectionFilledAfterItWasPutIsStoredWithItsElementType() {
        FakeExchange first = storeWith(s -> {
            List<Note> notes = new ArrayList<>();
            s.put("notes", notes);
            notes.add(new Note("later", AT));
        });
        request(engine, FakeExchange.following(first),
                s -> assertThat(s.get("notes").orElseThrow()).isEqualTo(List.of(new Note("later", AT))));
    }

    @Test
    void aLoadedTypedCollectionChangedInPlaceKeepsItsType() {
        FakeExchange first = storeWith(s -> s.put("notes", new ArrayList<>(List.of(new Note("a", AT)))));
        FakeExchange second = request(engine, FakeExchange.following(first), s -> {
            @SuppressWarnings("unchecked")
            List<Note> notes = (List<Note>) s.get("notes").orElseThrow();
            notes.add(new Note("b", AT));
        });
        request(engine, FakeExchange.following(second), s -> assertThat(s.get("notes").orElseThrow())
                .isEqualTo(List.of(new Note("a", AT), new Note("b", AT))));
    }

    @Test
    void userKeysStayPlainJsonAndTypesGoIntoTheMetadata() {
        FakeExchange response = storeWith(s -> {
            s.put("p", new Point(1, 2));
            s.put("n", 5L);
            s.put("when", AT);
            s.put("tags", new HashSet<>(List.of("a")));
            s.put("name", "ann");
            s.put("count", 3);
            s.put("roles", List.of("reader"));
            s.put("prefs", Map.of("theme", "dark"));
        });
        String json = storedJson(response);
        assertThat(json).contains("\"p\":{\"x\":1,\"y\":2}", "\"n\":5", "\"when\":\"2026-11-25T19:35:34.893Z\"",
                "\"tags\":[\"a\"]", "\"name\":\"ann\"", "\"count\":3", "\"roles\":[\"reader\"]",
                "\"prefs\":{\"theme\":\"dark\"}");
        // Strings, ints, booleans and plain lists/maps of them need no descriptor.
        assertThat(json).contains("\"__sessions4j\":{\"created\":1795635334893,\"types\":{\"p\":"
                + "\"io.sessions4j.internal.samples.Point\",\"n\":\"Long\",\"when\":\"Instant\","
                + "\"tags\":\"HashSet<String>\"}}");
    }

    @Test
    void withoutTypeDescriptorsAStoredValueComesBackInItsNaturalForm() {
        FakeExchange first = storeWith(s -> s.put("n", 5L));
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession record = store.delegate().get(id).orElseThrow();
        // What express-session (or an older sessions4j) writes: no "types".
        String untyped = record.json().replaceAll(",\"types\":\\{[^}]*}", "");
        store.delegate().set(id, new StoredSession(untyped, record.expires()));
        request(engine, FakeExchange.following(first), s -> {
            assertThat(s.get("n").orElseThrow()).isEqualTo(5);
            assertThat(s.get("n", Long.class)).contains(5L);
        });
    }

    @Test
    void storeCreationTimeOffStoresNoTypesButKeepsTheInstanceWithinARequest() {
        SessionManager exact = engine(b -> b.storeCreationTime(false).allowTypes("io.sessions4j.internal.samples."));
        Point p = new Point(1, 2);
        FakeExchange first = request(exact, FakeExchange.get("/"), s -> {
            s.put("p", p);
            s.put("n", 5L);
            assertThat(s.get("p").orElseThrow()).isSameAs(p);
        });
        assertThat(storedJson(first)).doesNotContain("__sessions4j").endsWith(",\"p\":{\"x\":1,\"y\":2},\"n\":5}");
        request(exact, FakeExchange.following(first), s -> {
            assertThat(s.get("p").orElseThrow()).isEqualTo(Map.of("x", 1, "y", 2));
            assertThat(s.get("n").orElseThrow()).isEqualTo(5);
            assertThat(s.get("p", Point.class)).contains(p);
        });
    }

    @Test
    void puttingAKeyAgainReplacesItsTypeAndRemovingItDropsIt() {
        FakeExchange first = storeWith(s -> {
            s.put("a", 5L);
            s.put("b", new Point(1, 2));
        });
        FakeExchange second = request(engine, FakeExchange.following(first), s -> {
            s.put("a", new Point(3, 4));
            s.remove("b");
        });
        assertThat(stored(second).get("__sessions4j").get("types").toString())
                .isEqualTo("{\"a\":\"io.sessions4j.internal.samples.Point\"}");
        FakeExchange third = request(engine, FakeExchange.following(second), s -> {
            assertThat(s.get("a").orElseThrow()).isEqualTo(new Point(3, 4));
            s.put("a", "plain now");
        });
        assertThat(stored(third).get("__sessions4j").has("types")).isFalse();
    }

    @Test
    void aTypeLeftBehindForAKeyAnotherWriterRemovedIsIgnoredAndDropped() {
        FakeExchange first = storeWith(s -> {
            s.put("gone", 5L);
            s.put("views", 1);
        });
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession record = store.delegate().get(id).orElseThrow();
        // Node deleted req.session.gone; express keeps __sessions4j as it was.
        store.delegate().set(id, new StoredSession(record.json().replace(",\"gone\":5", ""), record.expires()));
        FakeExchange second = request(engine, FakeExchange.following(first), s -> {
            assertThat(s.keys()).containsExactly("views");
            s.put("views", 2);
        });
        assertThat(stored(second).get("__sessions4j").has("types")).isFalse();
        request(engine, FakeExchange.following(second), s -> s.put("gone", "back as a string"));
    }

    @Test
    void aValueAnotherWriterChangedSoItNoLongerFitsComesBackAsPlainJsonWithOneWarning() {
        FakeExchange first = storeWith(s -> {
            s.put("n", 5L);
            s.put("p", new Point(1, 2));
        });
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession record = store.delegate().get(id).orElseThrow();
        String changed = record.json().replace("\"n\":5", "\"n\":\"many\"").replace("{\"x\":1,\"y\":2}", "[1,2]");
        store.delegate().set(id, new StoredSession(changed, record.expires()));
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                request(engine, FakeExchange.following(first), s -> {
                    assertThat(s.get("n").orElseThrow()).isEqualTo("many");
                    assertThat(s.get("p").orElseThrow()).isEqualTo(List.of(1, 2));
                });
            }
            assertThat(log.lines("session key 'n' no longer fits its recorded type Long")).hasSize(1);
            assertThat(log.lines("session key 'p' no longer fits its recorded type")).hasSize(1);
        }
    }

    @Test
    void aValueThatStillFitsAfterAnotherWriterAddedFieldsKeepsThem() {
        FakeExchange first = storeWith(s -> s.put("p", new Point(1, 2)));
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession record = store.delegate().get(id).orElseThrow();
        store.delegate().set(id, new StoredSession(record.json().replace("\"y\":2}", "\"y\":2,\"label\":\"node\"}"),
                record.expires()));
        FakeExchange second = request(engine, FakeExchange.following(first), s -> {
            assertThat(s.get("p").orElseThrow()).isEqualTo(new Point(1, 2));
            s.put("other", 1);
        });
        assertThat(stored(second).get("p").get("label").asText()).isEqualTo("node");
    }

    @Test
    void aTypeOutsideTheAllowlistComesBackAsPlainJsonAndIsNamedInOneWarning() {
        SessionManager strict = engine(b -> b);
        try (LogCapture log = new LogCapture()) {
            FakeExchange first = request(strict, FakeExchange.get("/"), s -> s.put("p", new Point(1, 2)));
            for (int i = 0; i < 3; i++) {
                request(strict, FakeExchange.following(first), s -> {
                    assertThat(s.get("p").orElseThrow()).isEqualTo(Map.of("x", 1, "y", 2));
                    assertThat(s.get("p", Point.class)).contains(new Point(1, 2));
                });
            }
            assertThat(log.lines("io.sessions4j.internal.samples.Point")).hasSize(1);
            // The descriptor is kept for an application that admits the type.
            assertThat(storedJson(first)).contains("\"types\":{\"p\":\"io.sessions4j.internal.samples.Point\"}");
            request(engine, FakeExchange.following(first),
                    s -> assertThat(s.get("p").orElseThrow()).isEqualTo(new Point(1, 2)));
        }
    }

    @Test
    void aTypeOnlyChangeIsStoredWithTheNextSave() {
        FakeExchange first = storeWith(s -> s.put("n", 5));
        store.reset();
        request(engine, FakeExchange.following(first), s -> s.put("n", 5L));
        assertThat(store.calls()).doesNotContain("set", "replace");
        request(engine, FakeExchange.following(first), s -> {
            s.put("n", 5L);
            s.put("other", "x");
        });
        assertThat(stored(first).get("__sessions4j").get("types").get("n").asText()).isEqualTo("Long");
    }
}
