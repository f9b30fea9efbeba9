package io.sessions4j.spring.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser: keeps cookies itself (name → value, dropped when a Set-Cookie expires them), never
 * follows redirects, and can send each request to a different instance of the application.
 */
final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final Map<String, String> cookies = new LinkedHashMap<>();
    /** The Set-Cookie headers of the last response. */
    List<String> lastSetCookies = List.of();

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The CSRF token a page carries in its forms. */
    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token in " + page.uri() + ": " + page.body());
        }
        return m.group(1);
    }

    /** Logs in through the login form; returns the login POST's response. */
    HttpResponse<String> login(String base, String user, String password, boolean rememberMe) {
        String token = csrf(get(base + "/login"));
        Map<String, String> form = new LinkedHashMap<>(Map.of("username", user, "password", password, "_csrf", token));
        if (rememberMe) {
            form.put("remember-me", "on");
        }
        return post(base + "/login", form);
    }

    String sessionCookie() {
        return cookies.get("connect.sid");
    }

    /** The session id the cookie names: {@code s:<id>.<signature>}, percent-encoded. */
    String sessionId() {
        String cookie = sessionCookie();
        if (cookie == null) {
            return null;
        }
        String signed = java.net.URLDecoder.decode(cookie, StandardCharsets.UTF_8);
        return signed.substring(2, signed.lastIndexOf('.'));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            lastSetCookies = response.headers().allValues("Set-Cookie");
            lastSetCookies.forEach(this::remember);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void remember(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String attributes = setCookie.toLowerCase(Locale.ROOT);
        if (value.isEmpty() || attributes.contains("max-age=0") || attributes.contains("expires=thu, 01 jan 1970")) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
