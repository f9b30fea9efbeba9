package io.sessions4j.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers what was already warned about, so that data seen on every request (a type not admitted, a value
 * that no longer fits its type) is logged once, not per request. Bounded, so hostile data cannot grow it.
 */
final class WarnOnce {
    private static final int MAX_PRINTED = 120;

    private final Cache<String, Boolean> seen = Caffeine.newBuilder().maximumSize(1024).build();

    /** True the first time a subject is seen (and again only after it was forgotten to make room). */
    boolean first(String subject) {
        return seen.asMap().putIfAbsent(subject, Boolean.TRUE) == null;
    }

    /** Text from stored data, made safe for a log line: printable characters only, and short. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_PRINTED) + 3);
        for (int i = 0; i < text.length() && sb.length() < MAX_PRINTED; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return text.length() > MAX_PRINTED ? sb.append("...").toString() : sb.toString();
    }
}
