package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names are admitted as strings, before anything is loaded: JDK value types always, the rest as configured. */
class TypeAllowlistTest {
    private final TypeAllowlist list = TypeAllowlist.of(List.of("com.example.", "org.other.Exact", "org.other.Outer$Inner"));

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.Long", "java.time.Instant", "java.util.HashSet", "java.util.UUID", "java.math.BigDecimal",
        "java.util.Collections$UnmodifiableRandomAccessList", "java.util.ImmutableCollections$ListN", "java.util.Arrays$ArrayList",
        "com.example.Point", "com.example.sub.Deep$Nested", "org.other.Exact", "org.other.Outer$Inner",
        "[Lcom.example.Point;", "[[I", "int", "com.example.Point[]", "[Ljava.lang.String;"})
    void admits(String name) {
        assertThat(list.admits(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.sun.rowset.JdbcRowSetImpl", "java.util.logging.FileHandler", "java.lang.Runtime",
        "java.lang.ProcessBuilder", "java.net.URL", "javax.naming.InitialContext", "com.examples.Point", "com.exampl",
        "org.other.ExactNot", "org.other.Outer$Inner2", "org.other.Outer", "[Lcom.sun.rowset.JdbcRowSetImpl;", "[X", "[L;", "", "[]"})
    void refuses(String name) {
        assertThat(list.admits(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.", "java.", "java.util.", "javax.naming.", "sun.misc.", "com.sun.", "jdk.internal.", "",
        ".com.example.", "com..example.", "com.example.*", "com.example.Point; rm", "com example."})
    void refusesEntriesThatAreTooBroadOrNotNames(String entry) {
        assertThat(TypeAllowlist.checkEntry(entry)).isNotNull();
        assertThatThrownBy(() -> TypeAllowlist.of(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("allowTypes: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.example.", "io.sessions4j.samples.", "java.net.URI", "java.util.concurrent.atomic.AtomicLong",
        "com.example.Outer$Inner", "Point"})
    void acceptsPackagesOfTwoLevelsOrMoreAndExactClasses(String entry) {
        assertThat(TypeAllowlist.checkEntry(entry)).isNull();
    }
}
