package io.sessions4j.servlet.conformance;

import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * express-session's {@code createServer(setup, options, respond)} on embedded Jetty 12 (ee10): optional
 * "setup" filters before the real {@link SessionFilter}, the filter itself, and a servlet that runs the
 * test's handler (by default an empty 200, express's {@code res.end()}). Optionally mounted under a
 * context path, optionally with a real HTTPS connector next to the HTTP one.
 */
final class ConformanceServer implements AutoCloseable {

    /** The test's route: express's {@code respond(req, res)}. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private final Server server;
    private final ServerConnector http;
    private final ServerConnector https;
    private final String contextPath;

    private ConformanceServer(Server server, ServerConnector http, ServerConnector https, String contextPath) {
        this.server = server;
        this.http = http;
        this.https = https;
        this.contextPath = contextPath;
    }

    static Builder with(SessionConfig config) {
        return new Builder(config);
    }

    /** A server with the session filter and {@code handler}. */
    static ConformanceServer start(SessionConfig config, Handler handler) {
        return with(config).handler(handler).start();
    }

    /** A server with the session filter and an empty 200 response. */
    static ConformanceServer start(SessionConfig config) {
        return with(config).start();
    }

    RawHttp.Request get(String target) {
        return request("GET", target);
    }

    RawHttp.Request put(String target) {
        return request("PUT", target);
    }

    RawHttp.Request request(String method, String target) {
        return new RawHttp.Request("127.0.0.1", http.getLocalPort(), null, method, target);
    }

    /** A request over the HTTPS connector (the server must have been built with {@link Builder#https()}). */
    RawHttp.Request httpsGet(String target) {
        if (https == null) {
            throw new IllegalStateException("this server has no HTTPS connector");
        }
        return new RawHttp.Request("localhost", https.getLocalPort(), SelfSignedTls.get().clientContext, "GET",
                target);
    }

    /** The port of the plain HTTP connector. */
    int port() {
        return http.getLocalPort();
    }

    String contextPath() {
        return contextPath;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop Jetty", e);
        }
    }

    /** Builder of {@link ConformanceServer}. */
    static final class Builder {
        private final SessionConfig config;
        private final List<Filter> before = new ArrayList<>();
        private final List<Filter> after = new ArrayList<>();
        private Handler handler = (req, res) -> { };
        private String contextPath = "/";
        private boolean https;
        private boolean sessionFilter = true;
        private int maxThreads = 64;

        private Builder(SessionConfig config) {
            this.config = config;
        }

        Builder handler(Handler handler) {
            this.handler = handler;
            return this;
        }

        /** A filter that runs before the session filter (express's {@code setup(req, res)}). */
        Builder before(Filter filter) {
            before.add(filter);
            return this;
        }

        /** A filter between the session filter and the handler. */
        Builder after(Filter filter) {
            after.add(filter);
            return this;
        }

        /** Mounts the application under a context path (express's {@code mountAt}). */
        Builder contextPath(String contextPath) {
            this.contextPath = contextPath;
            return this;
        }

        Builder https() {
            this.https = true;
            return this;
        }

        /** The same server without the session filter, to compare with plain servlet behaviour. */
        Builder withoutSessionFilter() {
            this.sessionFilter = false;
            return this;
        }

        Builder maxThreads(int maxThreads) {
            this.maxThreads = maxThreads;
            return this;
        }

        ConformanceServer start() {
            QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
            pool.setName("conformance-jetty");
            Server server = new Server(pool);
            ServerConnector http = new ServerConnector(server);
            http.setHost("127.0.0.1");
            http.setPort(0);
            http.setAcceptQueueSize(1024);
            server.addConnector(http);
            ServerConnector tls = null;
            if (https) {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStorePath(SelfSignedTls.get().keystore.toString());
                ssl.setKeyStorePassword(SelfSignedTls.PASSWORD);
                ssl.setKeyStoreType("PKCS12");
                HttpConfiguration httpsConfig = new HttpConfiguration();
                SecureRequestCustomizer src = new SecureRequestCustomizer();
                src.setSniHostCheck(false);
                httpsConfig.addCustomizer(src);
                tls = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(httpsConfig));
                tls.setHost("127.0.0.1");
                tls.setPort(0);
                server.addConnector(tls);
            }
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath(contextPath);
            EnumSet<DispatcherType> dispatch = EnumSet.of(DispatcherType.REQUEST);
            for (Filter f : before) {
                context.addFilter(new FilterHolder(f), "/*", dispatch);
            }
            if (sessionFilter) {
                context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", dispatch);
            }
            for (Filter f : after) {
                context.addFilter(new FilterHolder(f), "/*", dispatch);
            }
            Handler h = handler;
            context.addServlet(new ServletHolder(new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void service(HttpServletRequest req, HttpServletResponse res) {
                    try {
                        h.handle(req, res);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }), "/*");
            server.setHandler(context);
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start Jetty", e);
            }
            return new ConformanceServer(server, http, tls, contextPath);
        }
    }
}
