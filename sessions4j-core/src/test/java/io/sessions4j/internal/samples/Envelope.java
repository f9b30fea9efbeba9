package io.sessions4j.internal.samples;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A value whose payload names its own class in the JSON: the classic gadget entry point. */
public record Envelope(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class") Object payload) {
}
