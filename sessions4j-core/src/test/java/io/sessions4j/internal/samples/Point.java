package io.sessions4j.internal.samples;

public record Point(int x, int y) {
}
