package io.sessions4j.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.SessionException;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The user keys of a session as JSON values, with per-key change detection. Each key keeps its JSON tree
 * and the last Java object handed out for it; {@link #snapshot()} re-reads that object, so a map or POJO
 * obtained with {@code get} and mutated in place counts as changed.
 */
final class SessionData {
    /** Numbers compare by value: {@code 1} read as an int equals {@code 1L} written from a long. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        }
        return 1;
    };

    private final ObjectMapper mapper;
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    SessionData(ObjectMapper mapper, Map<String, JsonNode> nodes) {
        this.mapper = mapper;
        nodes.forEach((k, v) -> slots.put(k, new Slot(v)));
    }

    Optional<Object> get(String key) {
        return read(key, mapper.constructType(Object.class));
    }

    <T> Optional<T> get(String key, Class<T> type) {
        return read(key, mapper.constructType(type));
    }

    <T> Optional<T> get(String key, TypeReference<T> type) {
        return read(key, mapper.constructType(type));
    }

    void put(String key, Object value) {
        checkKey(key);
        if (value == null) {
            slots.remove(key);
            return;
        }
        JsonNode node = toTree(key, value);
        Slot slot = new Slot(node);
        if (!isImmutable(value)) {
            slot.hold(value, node);
        }
        slots.put(key, slot);
    }

    void remove(String key) {
        slots.remove(key);
    }

    /** Whether {@code put(key, value)} would leave the key's JSON as it is: a change that changes nothing. */
    boolean holdsEqual(String key, Object value) {
        Slot slot = slots.get(key);
        if (slot == null) {
            return false;
        }
        refresh(key, slot);
        return same(slot.node, toTree(key, value));
    }

    Set<String> keys() {
        return Collections.unmodifiableSet(slots.keySet());
    }

    /** The current values as JSON, refreshed from any object handed out (in-place changes included). */
    Map<String, JsonNode> snapshot() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            Slot slot = e.getValue();
            refresh(e.getKey(), slot);
            out.put(e.getKey(), slot.node);
        }
        return out;
    }

    /**
     * Takes in the keys another request changed, leaving alone the keys this request changed (and the
     * objects it holds for them).
     */
    void absorb(Map<String, JsonNode> merged, Set<String> ownKeys) {
        slots.keySet().removeIf(k -> !ownKeys.contains(k) && !merged.containsKey(k));
        merged.forEach((k, v) -> {
            if (!ownKeys.contains(k)) {
                Slot current = slots.get(k);
                if (current == null || !same(current.node, v)) {
                    slots.put(k, new Slot(v));
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

    private <T> Optional<T> read(String key, JavaType type) {
        Slot slot = slots.get(key);
        if (slot == null) {
            return Optional.empty();
        }
        refresh(key, slot);
        if (slot.node.isNull() || slot.node.isMissingNode()) {
            return Optional.empty();
        }
        T value;
        try {
            value = mapper.treeToValue(slot.node, type);
        } catch (Exception e) {
            throw new SessionException("session key '" + key + "' does not hold a " + type.toCanonical()
                    + ": " + e.getMessage(), e);
        }
        slot.release();
        if (!isImmutable(value)) {
            try {
                slot.hold(value, mapper.valueToTree(value));
            } catch (IllegalArgumentException | StackOverflowError e) {
                // A value that cannot be written back cannot be saved either: keep the stored JSON as it is.
            }
        }
        return Optional.ofNullable(value);
    }

    /**
     * Takes in what the application changed in place in the object it holds for {@code key}. Only a real
     * change replaces the stored JSON: a typed read may drop fields its class does not know (Node may have
     * written them) or write dates differently, and merely reading must not rewrite the value.
     */
    private void refresh(String key, Slot slot) {
        if (slot.view == null) {
            return;
        }
        JsonNode now = toTree(key, slot.view);
        if (!now.equals(slot.viewTree)) {
            slot.node = now;
            slot.viewTree = now;
        }
    }

    private JsonNode toTree(String key, Object value) {
        try {
            return mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw cannotWrite(key, value, e.getMessage(), e);
        } catch (StackOverflowError e) {
            // Jackson follows a self-referencing map or list until the stack runs out.
            throw cannotWrite(key, value, "nested too deeply (does it contain itself?)", e);
        }
    }

    private static IllegalArgumentException cannotWrite(String key, Object value, String why, Throwable cause) {
        return new IllegalArgumentException("session key '" + key + "': value of type "
                + value.getClass().getName() + " cannot be written as JSON: " + why, cause);
    }

    private static boolean isImmutable(Object value) {
        return value == null || value instanceof String || value instanceof Boolean || value instanceof Character
                || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Float || value instanceof Short || value instanceof Byte
                || value instanceof BigDecimal || value instanceof java.math.BigInteger || value instanceof Enum
                || value instanceof UUID || value instanceof TemporalAccessor && value.getClass().getName()
                        .startsWith("java.time.");
    }

    private static final class Slot {
        JsonNode node;
        /** The last mutable object handed out or put for this key, and its JSON at that moment. */
        Object view;
        JsonNode viewTree;

        Slot(JsonNode node) {
            this.node = node;
        }

        void hold(Object value, JsonNode tree) {
            view = value;
            viewTree = tree;
        }

        void release() {
            view = null;
            viewTree = null;
        }
    }
}
