package io.sessions4j.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.type.TypeModifier;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionLimits;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How session values become JSON and back, with their Java types: the engine's own Jackson mapper (guarded
 * by the {@link TypeAllowlist}, bounded by the {@link ValueLimits}), the {@link TypeDescriptors} a value is
 * stored with, and the warnings about stored types that cannot be used. One per engine.
 */
final class ValueCodec {
    private static final Logger LOG = LoggerFactory.getLogger(ValueCodec.class);

    private final ObjectMapper mapper;
    /** Reads values with no type as Jackson's natural forms, even when a module turned on default typing. */
    private final ObjectReader natural;
    private final TypeAllowlist allowlist;
    private final TypeDescriptors descriptors;
    private final ValueLimits limits;
    /** Descriptors seen in stored data, resolved once. */
    private final Cache<String, Resolved> resolved = Caffeine.newBuilder().maximumSize(512).build();
    /** Writers of the container types values are written as (a writer looks its serializers up once). */
    private final Cache<JavaType, ObjectWriter> writers = Caffeine.newBuilder().maximumSize(256).build();
    private final WarnOnce warned = new WarnOnce();
    private final JavaType objectType;
    private final JavaType naturalMap;
    private final JavaType naturalList;
    /** The default mapper with no modules: its natural form of a string, int, long or boolean tree is known. */
    private final boolean plainMapper;

    private ValueCodec(ObjectMapper mapper, TypeAllowlist allowlist, ValueLimits limits, boolean plainMapper) {
        this.mapper = mapper;
        this.plainMapper = plainMapper;
        this.allowlist = allowlist;
        this.limits = limits;
        this.descriptors = new TypeDescriptors(mapper, allowlist);
        boolean defaultTyping = mapper.getDeserializationConfig().getDefaultTyper(null) != null;
        this.natural = (defaultTyping ? mapper.copy().deactivateDefaultTyping() : mapper).readerFor(Object.class);
        TypeFactory types = mapper.getTypeFactory();
        this.objectType = types.constructType(Object.class);
        this.naturalMap = types.constructMapType(LinkedHashMap.class, String.class, Object.class);
        this.naturalList = types.constructCollectionType(ArrayList.class, Object.class);
    }

    /**
     * The codec of a configuration: a copy of its mapper (or the default one) with its modules, the
     * allowlist as type factory guard and polymorphic type validator, and the limits as stream constraints.
     *
     * @throws IllegalArgumentException when the configured mapper cannot be copied
     */
    static ValueCodec create(SessionConfig config) {
        return create(config.objectMapper().orElse(null), config.jacksonModules(), config.allowedTypes(),
                config.limits());
    }

    /** As {@link #create(SessionConfig)}; {@code configured} null for the default mapper. */
    static ValueCodec create(ObjectMapper configured, List<Module> modules, List<String> allowedTypes,
            SessionLimits sessionLimits) {
        TypeAllowlist allowlist = TypeAllowlist.of(allowedTypes);
        ValueLimits limits = new ValueLimits(sessionLimits);
        ObjectMapper mapper = configured != null ? copyOf(configured) : SessionJson.defaultMapper();
        TypeFactory base = mapper.getTypeFactory();
        // Guard first: modules registered next add their type modifiers to the guarded factory.
        mapper.setTypeFactory(GuardedTypeFactory.of(base, modifiersOf(base), allowlist));
        for (Module module : modules) {
            mapper.registerModule(module);
        }
        mapper.setPolymorphicTypeValidator(new AllowlistTypeValidator(allowlist));
        // Decimals keep their scale in trees (12.50 stays 12.50); stored records are read as exact decimals.
        mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        mapper.getFactory().setStreamReadConstraints(limits.readConstraints());
        mapper.getFactory().setStreamWriteConstraints(limits.writeConstraints());
        return new ValueCodec(mapper, allowlist, limits, configured == null && modules.isEmpty());
    }

    private static ObjectMapper copyOf(ObjectMapper configured) {
        try {
            return configured.copy();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("objectMapper: sessions4j configures its own copy of the mapper, and "
                    + configured.getClass().getName() + " cannot be copied: " + e.getMessage(), e);
        }
    }

    /** The type modifiers a module installed in a mapper's factory (Jackson has no getter for them). */
    private static TypeModifier[] modifiersOf(TypeFactory factory) {
        if (factory == TypeFactory.defaultInstance()) {
            return null;
        }
        try {
            Field field = TypeFactory.class.getDeclaredField("_modifiers");
            field.setAccessible(true);
            return (TypeModifier[]) field.get(factory);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("objectMapper: its TypeFactory was customized and cannot be taken "
                    + "over; register its modules with jacksonModules(...) instead", e);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    ValueLimits limits() {
        return limits;
    }

    JavaType objectType() {
        return objectType;
    }

    JavaType type(Class<?> type) {
        return mapper.constructType(type);
    }

    JavaType type(TypeReference<?> type) {
        return mapper.constructType(type);
    }

    // ---- writing ----

    /** The type a value is stored with; warns once when its class is outside the allowlist. */
    JavaType typeOf(Object value) {
        JavaType type = descriptors.describe(value);
        String refused = GuardedTypeFactory.firstRefused(allowlist, type);
        if (refused != null && warned.first("type " + refused)) {
            LOG.warn("session values of type {} are stored with their type, but allowTypes does not admit {}: in "
                    + "later requests they are read as plain JSON (maps and lists). Admit it with "
                    + "SessionConfig.builder().allowTypes(...)", type.toCanonical(), refused);
        }
        return type;
    }

    /** The descriptor recorded for a type, or null when its plain JSON reads back as that type anyway. */
    String descriptor(JavaType type) {
        return descriptors.render(type);
    }

    /**
     * The JSON of a value, written as its type so that elements of a polymorphic base get their type ids.
     *
     * @throws IllegalArgumentException when Jackson cannot write it, naming the key
     */
    JsonNode toTree(String key, Object value, JavaType type) {
        JsonNode scalar = plainMapper ? scalarTree(value) : null;
        if (scalar != null) {
            return scalar;
        }
        try {
            if (type == null || !type.isContainerType() || type.getContentType().getRawClass() == Object.class) {
                return mapper.valueToTree(value);
            }
            TokenBuffer buffer = new TokenBuffer(mapper, false);
            writers.get(type, mapper::writerFor).writeValue(buffer, value);
            return mapper.readTree(buffer.asParser());
        } catch (IOException | IllegalArgumentException e) {
            throw cannotWrite(key, value, e.getMessage(), e);
        } catch (StackOverflowError e) {
            // Jackson follows a self-referencing map or list until the stack runs out.
            throw cannotWrite(key, value, "nested too deeply (does it contain itself?)", e);
        }
    }

    /** The plain mapper's tree of a string, int, long or boolean, without a serializer and its buffers. */
    private static JsonNode scalarTree(Object value) {
        if (value instanceof String text) {
            return TextNode.valueOf(text);
        }
        if (value instanceof Integer n) {
            return IntNode.valueOf(n);
        }
        if (value instanceof Long n) {
            return LongNode.valueOf(n);
        }
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        return null;
    }

    private static IllegalArgumentException cannotWrite(String key, Object value, String why, Throwable cause) {
        return new IllegalArgumentException("session key '" + key + "': value of type "
                + value.getClass().getName() + " cannot be written as JSON: " + why, cause);
    }

    // ---- reading ----

    /** A stored descriptor, resolved: its type, or null with whether to keep it for another application. */
    record Resolved(JavaType type, boolean keep, String problem, String subject) {
    }

    /**
     * The type a stored descriptor names, or a null type when it cannot be used here (malformed, outside the
     * allowlist, a missing class): that is warned about once per descriptor, and the value is read as plain JSON.
     */
    Resolved resolve(String key, String descriptor) {
        Resolved r = resolved.get(descriptor, d -> {
            try {
                return new Resolved(descriptors.parse(d), true, null, null);
            } catch (TypeDescriptors.UnusableException e) {
                return new Resolved(null, e.keep(), e.getMessage(), e.subject());
            }
        });
        if (r.type() == null && warned.first("type " + r.subject())) {
            LOG.warn("session key '{}' was stored with type {}, which cannot be used here ({}); it is read as plain "
                    + "JSON", WarnOnce.printable(key), WarnOnce.printable(descriptor), r.problem());
        }
        return r;
    }

    /** The value of a tree as {@code type}; a {@link JsonNode} type gets a copy, never the stored tree itself. */
    Object decode(JsonNode node, JavaType type) throws IOException {
        try (DecimalTreeParser parser = new DecimalTreeParser(node, mapper)) {
            Object value = mapper.readValue(parser, type);
            return value == node ? node.deepCopy() : value;
        }
    }

    /** The value as Jackson's natural form ({@code Map}, {@code List}, {@code String}, {@code Integer}...). */
    Object decodeNatural(JsonNode node) throws IOException {
        // What the untyped deserializer makes of these, without a parser and a deserialization context.
        if (plainMapper && node.isValueNode()) {
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isInt()) {
                return node.intValue();
            }
            if (node.isLong()) {
                return node.longValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
        }
        try (DecimalTreeParser parser = new DecimalTreeParser(node, mapper)) {
            return natural.readValue(parser);
        }
    }

    /** The type a natural form stands for, so that typed reads of it can be answered with the same instance. */
    JavaType naturalType(Object value) {
        return value instanceof java.util.Map ? naturalMap : value instanceof java.util.List ? naturalList : objectType;
    }

    /** Another writer changed a value so that it no longer fits its recorded type: warned once per key and type. */
    void warnMismatch(String key, String descriptor, Exception e) {
        if (warned.first("mismatch " + key + "\u0000" + descriptor)) {
            LOG.warn("session key '{}' no longer fits its recorded type {} (changed by another writer?); it is read "
                    + "as plain JSON ({})", WarnOnce.printable(key), WarnOnce.printable(descriptor),
                    e.getClass().getSimpleName());
        }
    }
}
