package io.sessions4j.servlet.testing;

import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

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
public final class JettyHarness extends TestHttpServer {
    private final Server server;
    private final ServletContextHandler context;

    private JettyHarness(Server server, ServletContextHandler context, String cookieName, int port) {
        super(cookieName, port);
        this.server = server;
        this.context = context;
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
        private final Map<String, String> filterParameters = new LinkedHashMap<>();
        private boolean virtualThreads;

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

        /** Requests are handled on virtual threads (JDK 21+). */
        public Builder virtualThreads() {
            this.virtualThreads = true;
            return this;
        }

        /** An init parameter of the filter. */
        public Builder filterInitParameter(String name, String value) {
            filterParameters.put(name, value);
            return this;
        }

        /** Any further setup of the context (error pages, init parameters...), run before start. */
        public Builder customize(Consumer<ServletContextHandler> customizer) {
            customizers.add(customizer);
            return this;
        }

        public JettyHarness start() {
            QueuedThreadPool pool = new QueuedThreadPool();
            if (virtualThreads) {
                pool.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
            }
            Server server = new Server(pool);
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);

            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath(contextPath);
            if (filter != null) {
                FilterHolder holder = new FilterHolder(filter);
                holder.setAsyncSupported(true);
                holder.setInitParameters(filterParameters);
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

    public ServletContextHandler context() {
        return context;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
