package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.internal.samples.Animal;
import io.sessions4j.internal.samples.Level;
import io.sessions4j.internal.samples.Note;
import io.sessions4j.internal.samples.Point;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The descriptor of a value: short for JDK types, element types from the contents, none for plain JSON values. */
class TypeDescriptorsTest {
    private static final ObjectMapper MAPPER = SessionJson.defaultMapper();
    private final TypeDescriptors descriptors = new TypeDescriptors(MAPPER,
            TypeAllowlist.of(List.of("io.sessions4j.internal.samples.")));

    private String of(Object value) {
        return descriptors.render(descriptors.describe(value));
    }

    @Test
    void valuesWhosePlainJsonReadsBackAsThemselvesNeedNone() {
        assertThat(of("s")).isNull();
        assertThat(of(true)).isNull();
        assertThat(of(7)).isNull();
        assertThat(of(new ArrayList<>(List.of("a", 1)))).isNull();
        assertThat(of(List.of("a"))).isNull();
        assertThat(of(new LinkedHashMap<>(Map.of("k", List.of(1))))).isNull();
        assertThat(of(Map.of("k", "v"))).isNull();
        assertThat(of(Arrays.asList("a", null))).isNull();
        assertThat(of(new Object() { })).isNull();
    }

    @Test
    void jdkTypesAreNamedShortAndEverythingElseByClassName() {
        assertThat(of(5L)).isEqualTo("Long");
        assertThat(of(1.5)).isEqualTo("Double");
        assertThat(of(BigDecimal.ONE)).isEqualTo("BigDecimal");
        assertThat(of(UUID.randomUUID())).isEqualTo("UUID");
        assertThat(of(Instant.EPOCH)).isEqualTo("Instant");
        assertThat(of(ZoneId.of("Europe/Paris"))).isEqualTo("ZoneId");
        assertThat(of(new Point(1, 2))).isEqualTo("io.sessions4j.internal.samples.Point");
        assertThat(of(Level.HIGH)).isEqualTo("io.sessions4j.internal.samples.Level");
        assertThat(of(new Animal.Dog("rex", 1))).isEqualTo("io.sessions4j.internal.samples.Animal$Dog");
    }

    @Test
    void collectionsAreNamedWithTheTypesOfTheirContents() {
        assertThat(of(new ArrayList<>(List.of(new Note("a", Instant.EPOCH))))).isEqualTo("ArrayList<io.sessions4j.internal.samples.Note>");
        assertThat(of(new HashSet<>(List.of(1L)))).isEqualTo("HashSet<Long>");
        assertThat(of(new HashSet<>(List.of(1)))).isEqualTo("HashSet<Integer>");
        assertThat(of(new HashSet<>())).isEqualTo("HashSet");
        assertThat(of(new TreeSet<>(List.of("a")))).isEqualTo("TreeSet<String>");
        assertThat(of(new ArrayDeque<>(List.of(Instant.EPOCH)))).isEqualTo("ArrayDeque<Instant>");
        assertThat(of(new HashMap<>(Map.of("a", 1L)))).isEqualTo("HashMap<String,Long>");
        assertThat(of(new LinkedHashMap<>(Map.of(UUID.randomUUID(), 1)))).isEqualTo("LinkedHashMap<UUID,Integer>");
        assertThat(of(new LinkedHashMap<>(Map.of(new Point(1, 2), 1)))).isNull();
        assertThat(of(new ConcurrentHashMap<>(Map.of("a", new Point(1, 2)))))
                .isEqualTo("ConcurrentHashMap<String,io.sessions4j.internal.samples.Point>");
        assertThat(of(new EnumMap<>(Map.of(Level.LOW, 1)))).isEqualTo("Map<io.sessions4j.internal.samples.Level,Integer>");
        assertThat(of(List.of(new Point(1, 2)))).isEqualTo("List<io.sessions4j.internal.samples.Point>");
        assertThat(of(Set.of(1L))).isEqualTo("Set<Long>");
        assertThat(of(Collections.unmodifiableSortedSet(new TreeSet<>(List.of("a"))))).isEqualTo("SortedSet<String>");
        assertThat(of(List.of(List.of(new Point(1, 2)), List.of())))
                .isEqualTo("List<List<io.sessions4j.internal.samples.Point>>");
        assertThat(of(List.of(new Animal.Dog("a", 1), new Animal.Cat("b", true))))
                .isEqualTo("List<io.sessions4j.internal.samples.Animal>");
        assertThat(of(List.of(new Point(1, 2), new Note("a", Instant.EPOCH)))).isNull();
    }

    @Test
    void arraysAreNamedByTheirComponentType() {
        assertThat(of(new int[0])).isEqualTo("int[]");
        assertThat(of(new long[0][0])).isEqualTo("long[][]");
        assertThat(of(new Point[0])).isEqualTo("io.sessions4j.internal.samples.Point[]");
        assertThat(of(new String[0])).isEqualTo("String[]");
    }

    @Test
    void everyDescriptorReadsBackAsTheTypeItWasMadeFrom() throws Exception {
        for (Object value : List.of(5L, new Point(1, 2), new ArrayList<>(List.of(new Note("a", Instant.EPOCH))),
                new HashMap<>(Map.of("a", 1L)), new int[0], new Point[0], new TreeSet<>(List.of("a")), Level.LOW)) {
            JavaType type = descriptors.describe(value);
            assertThat(descriptors.parse(descriptors.render(type))).isEqualTo(type);
        }
        assertThat(descriptors.parse("Set<Long>").getRawClass()).isEqualTo(java.util.LinkedHashSet.class);
        assertThat(descriptors.parse("Map<String,Long>").getRawClass()).isEqualTo(LinkedHashMap.class);
    }

    @Test
    void aDescriptorIsRefusedBeforeAnyClassIsLoaded() {
        assertThatThrownBy(() -> descriptors.parse("ArrayList<com.example.Missing>"))
                .isInstanceOfSatisfying(TypeDescriptors.UnusableException.class, e -> {
                    assertThat(e.keep()).isTrue();
                    assertThat(e.subject()).isEqualTo("com.example.Missing");
                });
        assertThatThrownBy(() -> descriptors.parse("io.sessions4j.internal.samples.Missing"))
                .isInstanceOfSatisfying(TypeDescriptors.UnusableException.class, e -> assertThat(e.getMessage())
                        .contains("cannot be loaded"));
        assertThatThrownBy(() -> descriptors.parse("x".repeat(1001)))
                .isInstanceOfSatisfying(TypeDescriptors.UnusableException.class, e -> assertThat(e.keep()).isFalse());
        assertThatThrownBy(() -> descriptors.parse("HashMap<String>"))
                .isInstanceOfSatisfying(TypeDescriptors.UnusableException.class, e -> assertThat(e.keep()).isFalse());
    }
}
