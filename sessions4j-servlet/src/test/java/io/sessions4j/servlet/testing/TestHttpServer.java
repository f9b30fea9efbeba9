package io.sessions4j.servlet.testing;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A servlet container started for a test on a random loopback port, and an HTTP client for it that never
 * follows redirects. {@link JettyHarness} is the Jetty 12 ee10 one; {@link ServletContainer} starts any of
 * the containers the filter is tested on.
 */
public abstract class TestHttpServer implements AutoCloseable {

    /** A servlet as a lambda. Checked exceptions are passed to the container. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private final String cookieName;
    private final HttpClient client;
    private final URI base;

    protected TestHttpServer(String cookieName, int port) {
        this.cookieName = cookieName;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** What the client received. Header names are case-insensitive. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public Response {
            Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            headers = copy;
        }

        /** The first value of a header. */
        public Optional<String> header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public List<String> headers(String name) {
            return headers.getOrDefault(name, List.of());
        }

        /** Every {@code Set-Cookie} header, whole. */
        public List<String> setCookies() {
            return headers("Set-Cookie");
        }

        /** The whole {@code Set-Cookie} header for a cookie name, if one was sent. */
        public Optional<String> setCookie(String name) {
            return setCookies().stream().filter(h -> h.startsWith(name + "=")).findFirst();
        }

        /** {@code name=value} of a cookie this response set, ready for a {@code Cookie} request header. */
        public Optional<String> cookie(String name) {
            return setCookie(name).map(h -> {
                int semi = h.indexOf(';');
                return semi < 0 ? h : h.substring(0, semi);
            });
        }
    }

    public int port() {
        return base.getPort();
    }

    /** The absolute URI of a path on this server (include the context path yourself). */
    public URI uri(String path) {
        return base.resolve(path);
    }

    public String cookieName() {
        return cookieName;
    }

    public HttpClient client() {
        return client;
    }

    /** {@code name=value} of the session cookie a response set; fails the test when there is none. */
    public String sessionCookie(Response response) {
        return response.cookie(cookieName).orElseThrow(() ->
                new AssertionError("no " + cookieName + " cookie in " + response.setCookies()));
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    /** A GET with a {@code Cookie} header ({@code null}: none). */
    public Response get(String path, String cookie) {
        return send("GET", path, null, cookieHeader(cookie));
    }

    public Response post(String path, String body, String cookie) {
        return send("POST", path, body, cookieHeader(cookie));
    }

    /** Any request. Each header value is sent as its own header line (so several {@code Cookie} lines work). */
    public Response send(String method, String path, String body, Map<String, List<String>> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static Map<String, List<String>> cookieHeader(String cookie) {
        return cookie == null ? Map.of() : Map.of("Cookie", List.of(cookie));
    }

    /** Stops the server. */
    @Override
    public abstract void close();

    /** Adapts a {@link Handler} lambda. */
    static final class HandlerServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Handler handler;

        HandlerServlet(Handler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            try {
                handler.handle(request, response);
            } catch (IOException | ServletException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ServletException(e);
            }
        }
    }
}
