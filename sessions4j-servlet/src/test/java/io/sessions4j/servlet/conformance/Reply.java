package io.sessions4j.servlet.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A response as the client received it: status, every header in order, and the body as text. */
record Reply(int status, Map<String, List<String>> headers, String body) {

    /** All values of a header (names case-insensitive). */
    List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    boolean hasHeader(String name) {
        return !headers(name).isEmpty();
    }

    List<SetCookie> setCookies() {
        List<SetCookie> list = new ArrayList<>();
        for (String h : headers("Set-Cookie")) {
            list.add(SetCookie.parse(h));
        }
        return list;
    }

    /** The Set-Cookie of this name; fails the test if there is none. */
    SetCookie setCookie(String name) {
        return findSetCookie(name).orElseThrow(
                () -> new AssertionError("no Set-Cookie for " + name + "; headers: " + headers));
    }

    SetCookie setCookie() {
        return setCookie("connect.sid");
    }

    Optional<SetCookie> findSetCookie(String name) {
        return setCookies().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** {@code name=value} of the session cookie, to send back as {@code Cookie} (express's {@code cookie(res)}). */
    String cookie() {
        return setCookie().pair();
    }

    /** The session id in the session cookie (express's {@code sid(res)}). */
    String sid() {
        return setCookie().sid();
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + headers + " body=" + body;
    }
}
