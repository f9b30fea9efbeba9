package io.sessions4j.redis.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer in miniature: forwards each GET to the next backend in turn (no stickiness), passing the
 * {@code Cookie} header through and the {@code Set-Cookie} headers back.
 */
public final class RoundRobinProxy implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<String> backends;
    private final AtomicInteger next = new AtomicInteger();

    private RoundRobinProxy(List<String> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    public static RoundRobinProxy start(List<String> backendBaseUrls) {
        try {
            return new RoundRobinProxy(backendBaseUrls);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the proxy", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        String backend = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(backend + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(15)).GET();
        for (String cookie : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            b.header("Cookie", cookie);
        }
        try {
            HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            for (String sc : r.headers().allValues("Set-Cookie")) {
                exchange.getResponseHeaders().add("Set-Cookie", sc);
            }
            r.headers().firstValue("Content-Type").ifPresent(ct -> exchange.getResponseHeaders().add("Content-Type", ct));
            exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
