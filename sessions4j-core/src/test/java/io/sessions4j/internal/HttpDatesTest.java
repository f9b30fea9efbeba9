package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written date forms agree with java.time's formatters everywhere they are used. */
class HttpDatesTest {
    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void fastFormsMatchTheFormattersOverManyInstants() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 50_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(-62135596800000L, 253402300799999L));
            assertThat(HttpDates.expiresAttribute(t)).isEqualTo(EXPIRES.format(t));
            assertThat(HttpDates.iso(t)).isEqualTo(ISO.format(t));
            assertThat(HttpDates.parseIso(ISO.format(t))).isEqualTo(t);
        }
    }

    @Test
    void instantsOutsideFourDigitYearsStillFormat() {
        Instant far = Instant.parse("+12026-01-01T00:00:00Z");
        assertThat(HttpDates.iso(far)).isEqualTo(ISO.format(far));
        assertThat(HttpDates.expiresAttribute(far)).isEqualTo(EXPIRES.format(far));
    }

    @Test
    void parsesOtherOffsetFormsAndRefusesNonsense() {
        assertThat(HttpDates.parseIso("2026-11-25T20:36:34.893+01:00")).isEqualTo(Instant.parse("2026-11-25T19:36:34.893Z"));
        assertThat(HttpDates.parseIso("2026-11-25T19:36:34Z")).isEqualTo(Instant.parse("2026-11-25T19:36:34Z"));
        assertThat(HttpDates.parseIso("2026-11-25T19:36:34.123456Z"))
                .isEqualTo(Instant.parse("2026-11-25T19:36:34.123456Z").truncatedTo(ChronoUnit.MILLIS));
        assertThat(HttpDates.parseIso("2026-02-30T19:36:34.893Z")).isNull();
        assertThat(HttpDates.parseIso("2026-1a-25T19:36:34.893Z")).isNull();
        assertThat(HttpDates.parseIso("yesterday")).isNull();
        assertThat(HttpDates.parseIso("")).isNull();
    }
}
