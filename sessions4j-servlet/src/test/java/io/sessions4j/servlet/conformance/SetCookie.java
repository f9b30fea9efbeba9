package io.sessions4j.servlet.conformance;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code Set-Cookie} header, parsed like express-session's test utility {@code parseSetCookie}:
 * the name and raw value, and the attributes by lower-case name ({@code ""} for flags).
 */
record SetCookie(String header, String name, String value, Map<String, String> attributes) {

    static SetCookie parse(String header) {
        String[] parts = header.split(";");
        String pair = parts[0].trim();
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int e = p.indexOf('=');
            String key = (e < 0 ? p : p.substring(0, e)).toLowerCase(Locale.ROOT);
            attributes.put(key, e < 0 ? "" : p.substring(e + 1));
        }
        return new SetCookie(header, name, value, attributes);
    }

    boolean has(String attribute) {
        return attributes.containsKey(attribute.toLowerCase(Locale.ROOT));
    }

    Optional<String> attribute(String attribute) {
        return Optional.ofNullable(attributes.get(attribute.toLowerCase(Locale.ROOT)));
    }

    /** {@code name=value}, what a browser sends back. */
    String pair() {
        return name + "=" + value;
    }

    /** The session id inside a signed value, as express's test helper {@code sid(res)} extracts it. */
    String sid() {
        String decoded = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        int dot = decoded.lastIndexOf('.');
        return decoded.startsWith("s:") && dot > 2 ? decoded.substring(2, dot) : decoded;
    }

    /** The {@code Expires} attribute as an instant. */
    java.time.Instant expires() {
        String v = attribute("Expires").orElseThrow(() -> new AssertionError("no Expires in " + header));
        return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(v, java.time.Instant::from);
    }
}
