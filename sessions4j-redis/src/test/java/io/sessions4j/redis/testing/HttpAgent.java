package io.sessions4j.redis.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A browser in miniature: keeps one cookie (by name) from {@code Set-Cookie} and sends it back; honours an
 * expired {@code Set-Cookie} by forgetting it. Enough for session tests across servers.
 */
public final class HttpAgent {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String cookieName;
    private String cookie;

    public HttpAgent(String cookieName) {
        this.cookieName = cookieName;
    }

    /** The response of one request. */
    public record Reply(int status, String body, List<String> setCookies) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    public Reply get(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET();
        if (cookie != null) {
            b.header("Cookie", cookieName + "=" + cookie);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            List<String> setCookies = r.headers().allValues("Set-Cookie");
            for (String sc : setCookies) {
                if (sc.startsWith(cookieName + "=")) {
                    String value = sc.substring(cookieName.length() + 1, sc.indexOf(';') < 0 ? sc.length()
                            : sc.indexOf(';'));
                    boolean expired = sc.contains("Expires=Thu, 01 Jan 1970");
                    cookie = expired || value.isEmpty() ? null : value;
                }
            }
            return new Reply(r.statusCode(), r.body(), setCookies);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The raw cookie value (percent-encoded, as sent), if any. */
    public Optional<String> cookie() {
        return Optional.ofNullable(cookie);
    }

    public void cookie(String value) {
        this.cookie = value;
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
