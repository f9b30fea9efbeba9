package io.sessions4j.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.ClassUtil;
import io.sessions4j.SessionException;
import io.sessions4j.SessionTooLargeException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The user keys of a session: per key its JSON, its type descriptor, and the one live Java object the
 * application sees for it (what was put, or what the JSON was decoded to at the first read, as its recorded
 * type). Change detection is per key: {@link #snapshot()} writes the live object again and takes the result
 * when it differs, so a map or POJO mutated in place counts as changed.
 */
final class SessionData {
    /**
     * Numbers compare by value: {@code 1} read as an int equals {@code 1L} written from a long, {@code 12.5}
     * equals {@code 12.50}. Against a double, by the double's value (a stored decimal is exact, a double is not).
     */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
                // The common case (a counter), without the two BigDecimals of the general comparison.
                return a.longValue() == b.longValue() ? 0 : 1;
            }
            boolean binary = a.isDouble() || a.isFloat() || b.isDouble() || b.isFloat();
            boolean same = binary ? a.doubleValue() == b.doubleValue() : a.decimalValue().compareTo(b.decimalValue()) == 0;
            return same ? 0 : 1;
        }
        return 1;
    };

    private final ValueCodec codec;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    /**
     * The trees this data was built from, which {@link #snapshot()} returns itself while every key still holds
     * its tree, so that committing an unchanged session copies nothing; null once a key was put, removed or merged.
     */
    private Map<String, JsonNode> source;

    /**
     * @param types the stored type descriptor of each key that has one; entries for absent keys are ignored
     */
    SessionData(ValueCodec codec, Map<String, JsonNode> nodes, Map<String, String> types) {
        this.codec = codec;
        for (Map.Entry<String, JsonNode> e : nodes.entrySet()) {
            slots.put(e.getKey(), new Slot(e.getValue(), types.get(e.getKey())));
        }
        this.source = nodes;
    }

    static SessionData empty(ValueCodec codec) {
        return new SessionData(codec, Map.of(), Map.of());
    }

    Optional<Object> get(String key) {
        return read(key, null);
    }

    @SuppressWarnings("unchecked")
    <T> Optional<T> get(String key, Class<T> type) {
        return (Optional<T>) read(key, type == Object.class ? null : codec.type(type));
    }

    @SuppressWarnings("unchecked")
    <T> Optional<T> get(String key, TypeReference<T> type) {
        JavaType t = codec.type(type);
        return (Optional<T>) read(key, t.getRawClass() == Object.class ? null : t);
    }

    /**
     * @throws IllegalArgumentException if the value cannot be written as JSON or is over a limit, naming the key
     */
    void put(String key, Object value) {
        checkKey(key);
        source = null;
        if (value == null) {
            slots.remove(key);
            return;
        }
        JavaType type = codec.typeOf(value);
        JsonNode node = codec.toTree(key, value, type);
        String problem = codec.limits().violation(key, node);
        if (problem != null) {
            throw new IllegalArgumentException("session key '" + key + "': " + problem);
        }
        Slot slot = new Slot(node, codec.descriptor(type));
        slot.hold(value, type, isImmutable(value) ? null : node);
        slot.derived = true;
        slots.put(key, slot);
    }

    void remove(String key) {
        source = null;
        slots.remove(key);
    }

    /** Whether {@code put(key, value)} would leave the key's JSON as it is: a change that changes nothing. */
    boolean holdsEqual(String key, Object value) {
        Slot slot = slots.get(key);
        if (slot == null) {
            return false;
        }
        refresh(key, slot);
        return same(slot.node, codec.toTree(key, value, codec.typeOf(value)));
    }

    Set<String> keys() {
        return Collections.unmodifiableSet(slots.keySet());
    }

    /**
     * The current values as JSON, refreshed from the objects handed out (in-place changes included).
     *
     * @throws SessionTooLargeException when an in-place change took a value over a limit
     */
    Map<String, JsonNode> snapshot() {
        boolean unchanged = source != null;
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            Slot slot = e.getValue();
            refresh(e.getKey(), slot);
            unchanged &= slot.node == slot.origin;
        }
        if (unchanged) {
            return source;
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        slots.forEach((k, slot) -> out.put(k, slot.node));
        return out;
    }

    /**
     * The type descriptor of each key that has one, as of the last {@link #snapshot()}. A change of type alone
     * (putting {@code 5L} where {@code 5} was) does not make the session changed; it is stored with the next save.
     */
    Map<String, String> types() {
        Map<String, String> out = null;
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            if (e.getValue().descriptor != null) {
                if (out == null) {
                    out = new LinkedHashMap<>();
                }
                out.put(e.getKey(), e.getValue().descriptor);
            }
        }
        return out == null ? Map.of() : out;
    }

    /**
     * Takes in the keys another request changed (with their descriptors), leaving alone the keys this request
     * changed (and the objects it holds for them).
     */
    void absorb(Map<String, JsonNode> merged, Map<String, String> mergedTypes, Set<String> ownKeys) {
        source = null;
        slots.keySet().removeIf(k -> !ownKeys.contains(k) && !merged.containsKey(k));
        merged.forEach((k, v) -> {
            if (!ownKeys.contains(k)) {
                Slot current = slots.get(k);
                if (current == null || !same(current.node, v)) {
                    slots.put(k, new Slot(v, mergedTypes.get(k)));
                }
            }
        });
    }

    static boolean same(JsonNode a, JsonNode b) {
        return a == b || a != null && b != null && a.equals(SAME_VALUE, b);
    }

    static boolean sameData(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : a.entrySet()) {
            if (!same(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static void checkKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("session key must not be null");
        }
        if (SessionJson.COOKIE_KEY.equals(key) || SessionJson.META_KEY.equals(key)) {
            throw new IllegalArgumentException("session key '" + key + "' is reserved");
        }
    }

    /** @param requested the type asked for; null for {@code get(key)} (any type) */
    private Optional<Object> read(String key, JavaType requested) {
        Slot slot = slots.get(key);
        if (slot == null) {
            return Optional.empty();
        }
        if (!slot.decoded) {
            if (slot.node.isNull() || slot.node.isMissingNode()) {
                return Optional.empty();
            }
            decode(key, slot, requested);
        }
        if (slot.value == null || fits(slot.value, slot.type, requested)) {
            return Optional.ofNullable(slot.value);
        }
        return Optional.ofNullable(convert(key, slot, requested));
    }

    /**
     * The first read of a stored value: as its recorded type when it has a usable one (and the caller asked
     * for nothing more specific), else as the type asked for, else as Jackson's natural form.
     */
    private void decode(String key, Slot slot, JavaType requested) {
        JavaType recorded = recordedType(key, slot);
        if (recorded != null && (requested == null || wrap(requested.getRawClass()).isAssignableFrom(recorded.getRawClass()))) {
            try {
                Object value = codec.decode(slot.node, recorded);
                slot.derived = true;
                hold(key, slot, value, recorded, null);
                return;
            } catch (IOException | RuntimeException e) {
                codec.warnMismatch(key, slot.descriptor, e);
                slot.descriptor = null;
            }
        }
        if (requested == null) {
            Object value;
            try {
                value = codec.decodeNatural(slot.node);
            } catch (IOException e) {
                throw new SessionException("session key '" + key + "' cannot be read: " + e.getMessage(), e);
            }
            // The natural form writes back to the very same JSON: the stored tree is its baseline.
            hold(key, slot, value, codec.naturalType(value), slot.node);
        } else {
            hold(key, slot, decodeAs(key, slot.node, requested), requested, null);
        }
    }

    private JavaType recordedType(String key, Slot slot) {
        if (slot.descriptor == null) {
            return null;
        }
        ValueCodec.Resolved resolved = codec.resolve(key, slot.descriptor);
        if (resolved.type() == null && !resolved.keep()) {
            slot.descriptor = null;
        }
        return resolved.type();
    }

    /** Makes {@code value} the key's live object, tracked for in-place changes unless it is immutable. */
    private void hold(String key, Slot slot, Object value, JavaType type, JsonNode knownTree) {
        JsonNode baseline = null;
        if (!isImmutable(value)) {
            try {
                baseline = knownTree != null ? knownTree : codec.toTree(key, value, type);
            } catch (IllegalArgumentException | StackOverflowError e) {
                // A value that cannot be written back cannot be saved either: keep the stored JSON as it is.
            }
        }
        slot.hold(value, type, baseline);
    }

    /**
     * A read as a type the live object is not: converted from the JSON (with the live object's pending
     * changes taken in first). The converted object is tracked too, so changes to either are saved.
     */
    private Object convert(String key, Slot slot, JavaType requested) {
        refresh(key, slot);
        Object value = decodeAs(key, slot.node, requested);
        slot.alt = null;
        slot.altBaseline = null;
        if (!isImmutable(value)) {
            try {
                slot.altBaseline = codec.toTree(key, value, requested);
                slot.alt = value;
                slot.altType = requested;
            } catch (IllegalArgumentException | StackOverflowError e) {
                // Not writable: changes to it cannot be saved, as for a live object.
            }
        }
        return value;
    }

    private Object decodeAs(String key, JsonNode node, JavaType type) {
        try {
            return codec.decode(node, type);
        } catch (IOException | RuntimeException e) {
            throw new SessionException("session key '" + key + "' does not hold a " + type.toCanonical()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the live object answers a read as {@code requested}: an instance of its class and, for generic
     * types, known to have fitting type arguments (a {@code List<Note>} is not answered by a list of maps).
     */
    private static boolean fits(Object value, JavaType valueType, JavaType requested) {
        if (requested == null) {
            return true;
        }
        if (!wrap(requested.getRawClass()).isInstance(value)) {
            return false;
        }
        return requested.containedTypeCount() == 0 || covers(requested, valueType);
    }

    private static boolean covers(JavaType requested, JavaType actual) {
        Class<?> raw = requested.getRawClass();
        if (raw == Object.class) {
            return true;
        }
        if (actual == null || !wrap(raw).isAssignableFrom(wrap(actual.getRawClass()))) {
            return false;
        }
        if (requested.containedTypeCount() == 0) {
            return true;
        }
        JavaType as = actual.findSuperType(raw);
        if (as == null || as.containedTypeCount() != requested.containedTypeCount()) {
            return false;
        }
        for (int i = 0; i < requested.containedTypeCount(); i++) {
            if (!covers(requested.containedType(i), as.containedType(i))) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> wrap(Class<?> c) {
        return c.isPrimitive() ? ClassUtil.wrapperType(c) : c;
    }

    /**
     * Takes in what the application changed in place in the objects it holds for {@code key}. Only a real
     * change replaces the stored JSON: a typed read may drop fields its class does not know (Node may have
     * written them) or write dates differently, and merely reading must not rewrite the value.
     */
    private void refresh(String key, Slot slot) {
        if (slot.baseline != null) {
            // A collection's element types are its contents': they may have changed with them.
            JavaType type = slot.derived && (slot.value instanceof Collection || slot.value instanceof Map)
                    ? codec.typeOf(slot.value) : slot.type;
            JsonNode now = codec.toTree(key, slot.value, type);
            if (!same(now, slot.baseline)) {
                checkGrown(key, now);
                slot.node = now;
                slot.baseline = now;
                if (slot.derived) {
                    slot.type = type;
                    slot.descriptor = codec.descriptor(type);
                }
            }
        }
        if (slot.altBaseline != null) {
            JsonNode now = codec.toTree(key, slot.alt, slot.altType);
            if (!same(now, slot.altBaseline)) {
                checkGrown(key, now);
                slot.node = now;
                slot.altBaseline = now;
            }
        }
    }

    private void checkGrown(String key, JsonNode now) {
        String problem = codec.limits().violation(key, now);
        if (problem != null) {
            throw new SessionTooLargeException("session key '" + key + "' was changed in place and " + problem
                    + "; the stored session was left unchanged");
        }
    }

    private static boolean isImmutable(Object value) {
        return value == null || value instanceof String || value instanceof Boolean || value instanceof Character
                || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Float || value instanceof Short || value instanceof Byte
                || value instanceof BigDecimal || value instanceof BigInteger || value instanceof Enum
                || value instanceof UUID || value instanceof TemporalAccessor && value.getClass().getName()
                        .startsWith("java.time.");
    }

    private static final class Slot {
        /** The key's JSON: as stored, put, or last changed in place. */
        JsonNode node;
        /** The tree the slot was made with: {@link #node} is still it when nothing changed the key. */
        final JsonNode origin;
        /** The type descriptor stored with the JSON; null when it has none (natural JSON). */
        String descriptor;
        /** Whether {@link #value} is set: a stored value is decoded at its first read. */
        boolean decoded;
        /** The live object, and the type it was put or decoded as. */
        Object value;
        JavaType type;
        /** The JSON of {@link #value} when last compared; null when it is immutable (or cannot be written). */
        JsonNode baseline;
        /** Whether the descriptor follows the live object's contents (it was put, or decoded as its recorded type). */
        boolean derived;
        /** An object converted for a read as another type, tracked like {@link #value}. */
        Object alt;
        JavaType altType;
        JsonNode altBaseline;

        Slot(JsonNode node, String descriptor) {
            this.node = node;
            this.origin = node;
            this.descriptor = descriptor;
        }

        void hold(Object value, JavaType type, JsonNode baseline) {
            this.decoded = true;
            this.value = value;
            this.type = type;
            this.baseline = baseline;
        }
    }
}
