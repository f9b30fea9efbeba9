package io.sessions4j.internal.samples;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * A "third-party" hierarchy with no Jackson annotations, made polymorphic by a module's mixin with class-name
 * type ids, the way Spring Security's Jackson modules do it.
 */
public final class Shapes {
    private Shapes() {
    }

    public interface Shape {
    }

    public record Circle(double radius) implements Shape {
    }

    public record Square(double side) implements Shape {
    }

    public record Drawing(String title, Shape shape) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class")
    interface ShapeMixin {
    }

    /** Registers the mixin. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("shapes");
        module.setMixInAnnotation(Shape.class, ShapeMixin.class);
        return module;
    }
}
