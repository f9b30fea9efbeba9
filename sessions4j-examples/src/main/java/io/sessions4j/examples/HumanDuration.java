package io.sessions4j.examples;

import java.time.Duration;

/** Durations as a person reads them: "59 seconds", "10 minutes", "8 hours", "30 days". */
final class HumanDuration {
    private HumanDuration() {
    }

    /**
     * The duration in its largest fitting unit, rounded to a whole number; a unit is used from 1.5 of it on,
     * so 90 seconds read "2 minutes" and 36 hours "2 days". Negative durations read as "0 seconds".
     */
    static String of(Duration duration) {
        long seconds = Math.max(0, Math.round(duration.toMillis() / 1000.0));
        if (seconds < 90) {
            return plural(seconds, "second");
        }
        if (seconds < 90 * 60) {
            return plural(Math.round(seconds / 60.0), "minute");
        }
        if (seconds < 36 * 3600) {
            return plural(Math.round(seconds / 3600.0), "hour");
        }
        return plural(Math.round(seconds / 86_400.0), "day");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
