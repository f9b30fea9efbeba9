package io.sessions4j.peers;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Heap bytes per live session of an in-memory session library, measured the same way for each: the library in
 * front of one servlet on embedded Jetty, {@code --sessions} requests without a cookie (each creates a session
 * holding {@code views}, and {@code --payload} characters more under {@code data}), then the heap in use after
 * full collections, compared with the heap before the first request. The client runs in the same JVM; what it
 * keeps between requests is a constant that the per-session figure divides away.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp "sessions4j-peers/target/classes:sessions4j-peers/target/lib/*" \
 *      io.sessions4j.peers.SessionFootprint jetty-native 100000 1024
 * </pre>
 *
 * Arguments: the variant ({@code jetty-native} or {@code s4j-memory}), the number of sessions, the payload.
 */
public final class SessionFootprint {
    private SessionFootprint() {
    }

    /**
     * Runs one measurement and prints its result line.
     *
     * @param args variant, sessions, payload characters
     * @throws Exception when the server cannot start or a request fails
     */
    public static void main(String[] args) throws Exception {
        Variant variant = Variant.of(args[0]);
        int sessions = Integer.parseInt(args[1]);
        int payload = Integer.parseInt(args[2]);
        if (variant != Variant.JETTY_NATIVE && variant != Variant.S4J_MEMORY) {
            throw new IllegalArgumentException("in-memory variants only: jetty-native or s4j-memory");
        }
        SessionLayer layer = variant == Variant.S4J_MEMORY ? Sessions4jLayer.memory() : SessionLayer.none();
        Server server = new Server(new QueuedThreadPool(8, 8));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/",
                variant == Variant.JETTY_NATIVE ? ServletContextHandler.SESSIONS : ServletContextHandler.NO_SESSIONS);
        layer.filter().ifPresent(f -> context.addFilter(new FilterHolder(f), "/*", EnumSet.of(DispatcherType.REQUEST)));
        context.addServlet(new ServletHolder(new FillServlet("x".repeat(payload))), "/");
        server.setHandler(context);
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Warm-up on a few sessions, so that classes and pools exist before the baseline.
            send(client, uri, 1000, 4);
            long before = heapAfterGc();
            send(client, uri, sessions, 4);
            long after = heapAfterGc();
            System.out.printf("%s sessions=%d payload=%d heapBefore=%d heapAfter=%d bytesPerSession=%d%n",
                    variant.flag(), sessions, payload, before, after, (after - before) / sessions);
        } finally {
            server.stop();
            layer.closer().close();
        }
    }

    private static void send(HttpClient client, URI uri, int count, int threads) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] workers = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
                    while (left.getAndDecrement() > 0) {
                        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200 || r.headers().firstValue("set-cookie").isEmpty()) {
                            throw new IllegalStateException("no new session: status " + r.statusCode());
                        }
                    }
                    return null;
                });
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Several collections: the last one's figure stops moving once nothing more is freed.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Creates the visitor's session and fills it. */
    private static final class FillServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String data;

        FillServlet(String data) {
            this.data = data;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            var session = request.getSession();
            session.setAttribute("views", 1);
            if (!data.isEmpty()) {
                // A string of its own per session, as a real value would be, not one instance shared by all.
                session.setAttribute("data", new String(data.toCharArray()));
            }
            response.setContentLength(0);
        }
    }
}
