package io.sessions4j.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.SessionLimits;
import io.sessions4j.SessionTooLargeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The {@link SessionLimits} on the write side, matching what Jackson's {@link StreamReadConstraints} (set
 * from the same limits) refuses on the read side, so that nothing is stored that could not be loaded.
 */
final class ValueLimits {
    private final SessionLimits limits;

    ValueLimits(SessionLimits limits) {
        this.limits = limits;
    }

    SessionLimits limits() {
        return limits;
    }

    StreamReadConstraints readConstraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxNameLength(limits.maxNameLength())
                .maxDocumentLength(limits.maxSessionBytes())
                .build();
    }

    StreamWriteConstraints writeConstraints() {
        return StreamWriteConstraints.builder().maxNestingDepth(limits.maxNestingDepth()).build();
    }

    /**
     * What is wrong with one session value (its JSON tree, stored under {@code key} in the session object),
     * or null when it is within the limits. One walk, no recursion: the depth is what is being checked.
     */
    String violation(String key, JsonNode value) {
        if (key.length() > limits.maxNameLength()) {
            return "the key is " + key.length() + " characters long, over maxNameLength " + limits.maxNameLength();
        }
        long bytes = key.length() + 4L;
        if (!value.isContainerNode()) {
            return scalarViolation(value, bytes);
        }
        Deque<JsonNode> pending = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        pending.push(value);
        depths.push(1);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            int depth = depths.pop();
            if (node.isContainerNode()) {
                // The session object around every value is level 1.
                if (depth + 1 > limits.maxNestingDepth()) {
                    return "the value is nested more than " + (limits.maxNestingDepth() - 1)
                            + " levels deep, over maxNestingDepth " + limits.maxNestingDepth()
                            + " (the session object counts as one)";
                }
                bytes += 2;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    String name = field.getKey();
                    if (name.length() > limits.maxNameLength()) {
                        return "a property name of " + name.length() + " characters is over maxNameLength "
                                + limits.maxNameLength();
                    }
                    bytes += name.length() + 4L;
                }
                for (JsonNode child : node) {
                    pending.push(child);
                    depths.push(depth + 1);
                    bytes++;
                }
                if (bytes > limits.maxSessionBytes()) {
                    return overSessionBytes();
                }
            } else {
                String wrong = scalarViolation(node, bytes);
                if (wrong != null) {
                    return wrong;
                }
                bytes += scalarBytes(node);
            }
        }
        return null;
    }

    /** What is wrong with a string, number or literal, given the bytes counted before it; null if nothing. */
    private String scalarViolation(JsonNode node, long bytesBefore) {
        if (node.isTextual() && node.textValue().length() > limits.maxStringLength()) {
            return "a string of " + node.textValue().length() + " characters is over maxStringLength "
                    + limits.maxStringLength();
        }
        if ((node.isBigDecimal() || node.isBigInteger()) && node.asText().length() > limits.maxNumberLength()) {
            return "a number of " + node.asText().length() + " digits is over maxNumberLength "
                    + limits.maxNumberLength();
        }
        return bytesBefore + scalarBytes(node) > limits.maxSessionBytes() ? overSessionBytes() : null;
    }

    private static long scalarBytes(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().length() + 2L;
        }
        return node.isBigDecimal() || node.isBigInteger() ? node.asText().length() : 8;
    }

    private String overSessionBytes() {
        return "the value is over " + limits.maxSessionBytes() + " bytes of JSON, over maxSessionBytes "
                + limits.maxSessionBytes();
    }

    /**
     * Refuses a stored form over {@code maxSessionBytes}, naming the largest keys.
     *
     * @throws SessionTooLargeException when {@code json} is too large
     */
    void checkSize(String json, Map<String, JsonNode> data) {
        long max = limits.maxSessionBytes();
        // Each UTF-16 char is at most 3 bytes of UTF-8: most sessions need no count at all.
        if (json.length() * 3L <= max) {
            return;
        }
        long bytes = utf8Length(json);
        if (bytes <= max) {
            return;
        }
        List<Map.Entry<String, Long>> sizes = new ArrayList<>();
        data.forEach((k, v) -> sizes.add(Map.entry(k, utf8Length(v.toString()))));
        sizes.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder largest = new StringBuilder();
        for (int i = 0; i < Math.min(3, sizes.size()); i++) {
            largest.append(i == 0 ? "" : ", ").append('\'').append(WarnOnce.printable(sizes.get(i).getKey()))
                    .append("' (").append(sizes.get(i).getValue()).append(" bytes)");
        }
        throw new SessionTooLargeException("the session is " + bytes + " bytes of JSON, over maxSessionBytes " + max
                + "; largest keys: " + largest + "; the stored session was left unchanged");
    }

    static long utf8Length(String s) {
        long bytes = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800, 3 above; a surrogate pair is 4 bytes, 2 per char.
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }
}
