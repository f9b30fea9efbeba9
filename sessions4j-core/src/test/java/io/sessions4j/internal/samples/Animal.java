package io.sessions4j.internal.samples;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Polymorphic by name, as an application marks its own hierarchy. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = Animal.Dog.class, name = "dog"), @JsonSubTypes.Type(value = Animal.Cat.class, name = "cat")})
public interface Animal {
    record Dog(String name, int barks) implements Animal {
    }

    record Cat(String name, boolean indoor) implements Animal {
    }
}
