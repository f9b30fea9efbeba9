package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sessions4j.SessionLimits;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A stored scalar's natural form, answered without a parser, is exactly what Jackson's untyped reading gives. */
class ValueCodecNaturalTest {
    private static final ValueCodec PLAIN = ValueCodec.create(null, List.of(), List.of(), SessionLimits.defaults());

    @ParameterizedTest
    @ValueSource(strings = {"\"text\"", "\"\"", "\"\\u00e9\\ud83d\\ude00\"", "0", "-7", "2147483647", "2147483648",
        "-9223372036854775808", "true", "false", "12345678901234567890", "1.5", "12.50", "1e3", "null"})
    void scalarsComeBackAsTheUntypedDeserializerReadsThem(String json) throws Exception {
        JsonNode node = PLAIN.mapper().reader().with(com.fasterxml.jackson.databind.DeserializationFeature
                .USE_BIG_DECIMAL_FOR_FLOATS).readTree(json);
        Object expected = JsonMapper.builder().build().readerFor(Object.class).readValue(json);
        Object actual = PLAIN.decodeNatural(node);
        assertThat(actual).isEqualTo(expected);
        if (expected != null) {
            assertThat(actual.getClass()).isEqualTo(expected.getClass());
        }
    }

    @Test
    void aConfiguredMapperStillReadsThroughItsOwnDeserializers() throws Exception {
        JsonMapper longs = JsonMapper.builder()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_LONG_FOR_INTS).build();
        ValueCodec configured = ValueCodec.create(longs, List.of(), List.of(), SessionLimits.defaults());
        assertThat(configured.decodeNatural(configured.mapper().readTree("5"))).isEqualTo(5L);
    }
}
