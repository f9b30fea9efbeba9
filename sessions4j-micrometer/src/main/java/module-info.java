/**
 * Micrometer meters for sessions4j: {@link io.sessions4j.micrometer.SessionMetrics} is a
 * {@link io.sessions4j.spi.SessionObserver} that records into a {@code MeterRegistry}.
 */
module io.sessions4j.micrometer {
    requires transitive io.sessions4j.core;
    requires transitive micrometer.core;

    exports io.sessions4j.micrometer;
}
