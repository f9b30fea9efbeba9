package io.sessions4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sessions4j.Priority;
import io.sessions4j.SameSite;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides whether what the engine just wrote can stand for the parse of the text it wrote, so that the next load
 * of that text (the very next request of a session that changes on every request) is not parsed: the form kept
 * must be exactly what {@link SessionJson#parse} would give, node class for node class. That holds for trees of
 * strings, booleans, nulls, integers as Jackson reads them back (an int as an {@code IntNode}, a larger one as a
 * {@code LongNode}), objects and arrays, with the default mapper (a configured one may read numbers or nulls
 * otherwise), and for a cookie whose fields its JSON carries exactly. Anything else (a decimal, which is read
 * back as a {@code DecimalNode}, a small {@code long}, binary data) is simply parsed at the next load.
 */
final class WrittenRecords {
    private WrittenRecords() {
    }

    /** {@return the parsed form of a record written from these parts, or null when it would not be exact} */
    static SessionJson.Parsed asParsed(CookieState cookie, Instant created, Map<String, JsonNode> data,
            Map<String, String> types, String principal) {
        if (!exactCookie(cookie)) {
            return null;
        }
        for (JsonNode value : data.values()) {
            if (!readsBackAsItself(value)) {
                return null;
            }
        }
        CookieState kept = cookie.copy();
        kept.clearChanged();
        Map<String, String> keptTypes = Map.of();
        // Types are written only with the creation time (see SessionJson.write), and only for present keys.
        if (created != null && !types.isEmpty()) {
            keptTypes = new LinkedHashMap<>();
            for (Map.Entry<String, String> t : types.entrySet()) {
                if (data.containsKey(t.getKey())) {
                    keptTypes.put(t.getKey(), t.getValue());
                }
            }
        }
        return new SessionJson.Parsed(kept, created, Collections.unmodifiableMap(data),
                Collections.unmodifiableMap(keptTypes), principal);
    }

    /** Whether {@link CookieState#fromJson} of this cookie's JSON gives back this very cookie. */
    private static boolean exactCookie(CookieState c) {
        Instant expires = c.expiresOrNull();
        // The JSON holds milliseconds; years beyond 1970 to 9999 take another path through the date format.
        if (expires != null && (expires.getNano() % 1_000_000 != 0 || expires.getEpochSecond() < 0
                || expires.getEpochSecond() >= 253_402_300_800L)) {
            return false;
        }
        Long oma = c.originalMaxAgeMillis();
        if (oma != null && Math.abs(oma) > CookieRules.MAX_AGE.toMillis()) {
            return false;
        }
        SameSite sameSite = c.sameSiteOrNull();
        if (sameSite == SameSite.AUTO) {
            return false;
        }
        Priority priority = c.priorityOrNull();
        return priority == null || priority == Priority.LOW || priority == Priority.MEDIUM || priority == Priority.HIGH;
    }

    /** Whether parsing the JSON of {@code root} gives a tree of the same node classes; one walk, no recursion. */
    private static boolean readsBackAsItself(JsonNode root) {
        if (!isContainer(root)) {
            return scalarReadsBackAsItself(root);
        }
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (isContainer(node)) {
                for (JsonNode child : node) {
                    pending.push(child);
                }
            } else if (!scalarReadsBackAsItself(node)) {
                return false;
            }
        }
        return true;
    }

    /** Exactly the classes parsing makes: a subclass of either is not read back as itself. */
    private static boolean isContainer(JsonNode node) {
        return node.getClass() == ObjectNode.class || node.getClass() == ArrayNode.class;
    }

    private static boolean scalarReadsBackAsItself(JsonNode node) {
        Class<?> type = node.getClass();
        if (type == LongNode.class) {
            return !node.canConvertToInt();
        }
        return type == TextNode.class || type == IntNode.class || type == BooleanNode.class || type == NullNode.class;
    }
}
