package io.sessions4j.internal.samples;

/** A value with a {@code Class} property: Jackson reads it by class name. */
public record Kind(Class<?> type) {
}
