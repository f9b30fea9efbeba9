package io.sessions4j.spring.example;

import java.time.Instant;

/** A note the user keeps in the session (a {@code List<Note>}, which comes back as a list of notes). */
public record Note(String text, Instant at) {
}
