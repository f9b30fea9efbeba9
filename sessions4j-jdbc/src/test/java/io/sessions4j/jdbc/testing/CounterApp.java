package io.sessions4j.jdbc.testing;

import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * express-session's view counter behind the real {@link SessionFilter} on embedded Jetty: {@code GET /}
 * counts views in the session and answers the count; {@code GET /peek} only reads it.
 */
public final class CounterApp implements AutoCloseable {
    private final Server server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CounterApp(SessionConfig config) throws Exception {
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                Session session = SessionFilter.session(req);
                int views = session.get("views", Integer.class).orElse(0);
                if (!req.getRequestURI().equals("/peek")) {
                    views++;
                    session.put("views", views);
                }
                res.setContentType("text/plain");
                res.getWriter().print(views);
            }
        }), "/*");
        server.setHandler(context);
        server.start();
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** One request; the cookie (name=value) to send, or null. */
    public HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code name=value} part of the response's Set-Cookie, if any. */
    public static Optional<String> cookie(HttpResponse<?> response) {
        return response.headers().firstValue("Set-Cookie").map(v -> v.substring(0, v.indexOf(';')));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty", e);
        }
    }
}
