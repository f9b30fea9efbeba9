package io.sessions4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the values of one cookie in the request's {@code Cookie} headers, the way the {@code cookie} npm
 * package parses them (pairs split on {@code ;}, names and values trimmed, surrounding quotes removed,
 * percent-decoded when valid, kept raw otherwise). Unlike express-session it returns <em>every</em> value
 * of the name, in order, so a stale duplicate cannot shadow a valid cookie. Never throws on any input.
 */
final class CookieHeaderParser {

    private CookieHeaderParser() {
    }

    /**
     * @param headers every {@code Cookie} header value, in order
     * @param name the cookie name to look for
     * @param limit at most this many values are returned (a guard against headers stuffed with candidates)
     */
    static List<String> values(List<String> headers, String name, int limit) {
        List<String> found = new ArrayList<>(2);
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            collect(header, name, limit, found);
            if (found.size() >= limit) {
                break;
            }
        }
        return found;
    }

    private static void collect(String str, String name, int limit, List<String> found) {
        int len = str.length();
        int index = 0;
        while (index < len && found.size() < limit) {
            int eq = str.indexOf('=', index);
            if (eq == -1) {
                return;
            }
            int end = str.indexOf(';', index);
            if (end == -1) {
                end = len;
            } else if (eq > end) {
                // Pairs without '=': jump to the last ';' before the next '=' in one step, as the cookie
                // package does; skipping one pair at a time rescans for that '=' and is quadratic.
                index = str.lastIndexOf(';', eq - 1) + 1;
                continue;
            }
            if (nameEquals(str, index, eq, name)) {
                found.add(decodeValue(str, eq + 1, end));
            }
            index = end + 1;
        }
    }

    private static boolean nameEquals(String str, int from, int to, String name) {
        int start = skipWhitespace(str, from, to);
        int stop = trimEnd(str, start, to);
        return stop - start == name.length() && str.regionMatches(start, name, 0, name.length());
    }

    private static String decodeValue(String str, int from, int to) {
        int start = skipWhitespace(str, from, to);
        int stop = trimEnd(str, start, to);
        if (stop > start && str.charAt(start) == '"' && str.charAt(stop - 1) == '"') {
            // a lone '"' reads as empty, as in the cookie package
            start++;
            stop = Math.max(start, stop - 1);
        }
        String decoded = UriComponent.decode(str, start, stop);
        return decoded == null ? str.substring(start, stop) : decoded;
    }

    private static int skipWhitespace(String s, int from, int to) {
        while (from < to && isWhitespace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }
}
