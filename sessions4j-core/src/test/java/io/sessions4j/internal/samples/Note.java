package io.sessions4j.internal.samples;

import java.time.Instant;

public record Note(String title, Instant at) {
}
