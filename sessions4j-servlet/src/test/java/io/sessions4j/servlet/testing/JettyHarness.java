package io.sessions4j.servlet.testing;

import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 (ee10) server on a random loopback port with a {@link SessionFilter} in front of test
 * servlets, and an HTTP client that never follows redirects.
 *
 * <pre>{@code
 * try (JettyHarness jetty = JettyHarness.start(config, (req, res) -> {
 *     Session s = SessionFilter.session(req);
 *     s.put("n", s.get("n", Integer.class).orElse(0) + 1);
 *     res.getWriter().print(s.get("n").orElseThrow());
 * })) {
 *     JettyHarness.Response first = jetty.get("/");
 *     JettyHarness.Response second = jetty.get("/", jetty.sessionCookie(first));
 *     assertThat(second.body()).isEqualTo("2");
 * }
 * }</pre>
 *
 * <p>For more than one servlet, a context path, other dispatcher types or extra container setup use
 * {@link #builder()}.
 */
public final class JettyHarness implements AutoCloseable {

    /** A servlet as a lambda. Checked exceptions are passed to the container. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private final Server server;
    private final ServletContextHandler context;
    private final String cookieName;
    private final HttpClient client;
    private final URI base;

    private JettyHarness(Server server, ServletContextHandler context, String cookieName, int port) {
        this.server = server;
        this.context = context;
        this.cookieName = cookieName;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A server with a filter for {@code config} (all dispatcher types) and {@code handler} on {@code /*}. */
    public static JettyHarness start(SessionConfig config, Handler handler) {
        return builder().config(config).servlet("/*", handler).start();
    }

    /** A server with this filter (all dispatcher types) and {@code handler} on {@code /*}. */
    public static JettyHarness start(SessionFilter filter, Handler handler) {
        return builder().filter(filter).servlet("/*", handler).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of a {@link JettyHarness}. */
    public static final class Builder {
        private Filter filter;
        private String cookieName = "connect.sid";
        private String contextPath = "/";
        private String filterPath = "/*";
        private EnumSet<DispatcherType> dispatcherTypes = EnumSet.allOf(DispatcherType.class);
        private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        private final List<Consumer<ServletContextHandler>> customizers = new ArrayList<>();

        private Builder() {
        }

        /** A {@link SessionFilter} for this configuration; its cookie name becomes {@link #cookieName()}. */
        public Builder config(SessionConfig config) {
            this.cookieName = config.name();
            return filter(new SessionFilter(config));
        }

        /** The filter in front of the servlets (a {@link SessionFilter}, or any filter for comparison tests). */
        public Builder filter(Filter filter) {
            this.filter = filter;
            return this;
        }

        /** The session cookie name {@link #sessionCookie} looks for; set by {@link #config}. */
        public Builder cookieName(String cookieName) {
            this.cookieName = cookieName;
            return this;
        }

        /** Default {@code /}. */
        public Builder contextPath(String contextPath) {
            this.contextPath = contextPath;
            return this;
        }

        /** Where the filter is mapped; default {@code /*}. */
        public Builder filterPath(String filterPath) {
            this.filterPath = filterPath;
            return this;
        }

        /** The dispatcher types the filter runs for; default all of them. */
        public Builder dispatcherTypes(DispatcherType first, DispatcherType... rest) {
            this.dispatcherTypes = EnumSet.of(first, rest);
            return this;
        }

        /** A servlet (async supported) on a servlet path spec such as {@code /*}, {@code /a/*} or {@code /b}. */
        public Builder servlet(String pathSpec, Handler handler) {
            return servlet(pathSpec, new HandlerServlet(handler));
        }

        public Builder servlet(String pathSpec, HttpServlet servlet) {
            servlets.put(pathSpec, servlet);
            return this;
        }

        /** Any further setup of the context (error pages, init parameters...), run before start. */
        public Builder customize(Consumer<ServletContextHandler> customizer) {
            customizers.add(customizer);
            return this;
        }

        public JettyHarness start() {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);

            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath(contextPath);
            if (filter != null) {
                FilterHolder holder = new FilterHolder(filter);
                holder.setAsyncSupported(true);
                context.addFilter(holder, filterPath, dispatcherTypes);
            }
            servlets.forEach((path, servlet) -> {
                ServletHolder holder = new ServletHolder(servlet);
                holder.setAsyncSupported(true);
                context.addServlet(holder, path);
            });
            customizers.forEach(c -> c.accept(context));
            server.setHandler(context);
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("Jetty did not start", e);
            }
            return new JettyHarness(server, context, cookieName, connector.getLocalPort());
        }
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

    public ServletContextHandler context() {
        return context;
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

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }

    /** Adapts a {@link Handler} lambda. */
    private static final class HandlerServlet extends HttpServlet {
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
