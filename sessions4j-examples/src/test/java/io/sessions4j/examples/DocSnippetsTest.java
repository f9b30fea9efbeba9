package io.sessions4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code examples users copy are code the compiler has checked: every {@code <pre>{@code ...}</pre>} in the
 * Javadoc of the library modules and every {@code ```java} block of the top-level README must appear, line for
 * line (indentation aside), in {@link DocSnippets}, which is compiled with the tests. Change an example and
 * {@link DocSnippets} together.
 */
class DocSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> LIBRARY_SOURCES = List.of("sessions4j-core", "sessions4j-servlet",
            "sessions4j-redis", "sessions4j-jdbc", "sessions4j-store-tck", "sessions4j-spring-boot-autoconfigure");
    private static final Pattern JAVADOC_EXAMPLE = Pattern.compile("<pre>\\{@code\\R(.*?)\\R\\s*\\*\\s*}</pre>",
            Pattern.DOTALL);
    private static final Pattern README_EXAMPLE = Pattern.compile("```java\\R(.*?)\\R```", Pattern.DOTALL);

    @Test
    void everyJavadocExampleIsCompiledCode() throws IOException {
        List<String> compiled = lines(read(Path.of("src/test/java/io/sessions4j/examples/DocSnippets.java")));
        List<String> checked = new ArrayList<>();
        for (String module : LIBRARY_SOURCES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = JAVADOC_EXAMPLE.matcher(read(file));
                    while (m.find()) {
                        List<String> example = lines(m.group(1).replaceAll("(?m)^\\s*\\* ?", ""));
                        assertThat(Collections.indexOfSubList(compiled, example))
                                .as("the example in %s is not (or no longer) in DocSnippets:%n%s",
                                        ROOT.relativize(file), String.join("\n", example))
                                .isNotNegative();
                        checked.add(file.getFileName().toString());
                    }
                }
            }
        }
        // The examples this test was written against; more are welcome, fewer would mean the pattern broke.
        assertThat(checked).contains("SessionConfig.java", "SessionFilter.java", "SessionStoreTck.java",
                "JdbcStore.java", "RedisStore.java").hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void theReadmesJavaExamplesAreCompiledCode() {
        List<String> compiled = lines(read(Path.of("src/test/java/io/sessions4j/examples/DocSnippets.java")));
        Matcher m = README_EXAMPLE.matcher(read(ROOT.resolve("README.md")));
        int found = 0;
        while (m.find()) {
            List<String> example = lines(m.group(1));
            assertThat(Collections.indexOfSubList(compiled, example))
                    .as("README.md's example is not (or no longer) in DocSnippets:%n%s", String.join("\n", example))
                    .isNotNegative();
            found++;
        }
        assertThat(found).isPositive();
    }

    /** The non-blank lines, trimmed: indentation differs between a comment and a method body. */
    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
