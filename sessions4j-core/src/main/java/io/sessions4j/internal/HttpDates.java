package io.sessions4j.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The two date formats of the wire: cookie {@code Expires} and the stored {@code cookie.expires}. */
final class HttpDates {
    /** JavaScript's {@code Date#toUTCString()}: the day of month always has two digits, unlike RFC_1123. */
    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** JavaScript's {@code Date#toISOString()}: always three fraction digits and {@code Z}. */
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    static String expiresAttribute(Instant instant) {
        return EXPIRES.format(instant);
    }

    static String iso(Instant instant) {
        return ISO.format(instant);
    }

    /** Parses an ISO-8601 instant as JavaScript writes it (or any offset form); {@code null} when unreadable. */
    static Instant parseIso(String text) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
