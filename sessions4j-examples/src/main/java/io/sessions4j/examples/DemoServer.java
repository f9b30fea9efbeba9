package io.sessions4j.examples;

import io.sessions4j.CookieOptions;
import io.sessions4j.SameSite;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionStores;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spi.SessionStore;
import jakarta.servlet.DispatcherType;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions4j demo: express-session's view counter and a login / logout / "remember me" flow on
 * embedded Jetty. Run it with
 *
 * <pre>
 * ./mvnw -q -pl sessions4j-examples -am -DskipTests install exec:java
 * </pre>
 *
 * and open http://127.0.0.1:3000/. {@link DemoOptions#USAGE} lists the flags. Tests start it in-process with
 * {@link #start(DemoOptions)}.
 */
public final class DemoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);
    private static final String RANDOM_SECRET_WARNING = "no --secret or SESSION_SECRET given: using a random "
            + "secret, so sessions will not survive a restart";

    private final Server server;

    private DemoServer(Server server) {
        this.server = server;
    }

    /** Command-line entry point; exits with 2 on a bad flag, 1 when the server cannot start. */
    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Parses, starts and serves until the JVM stops; returns the exit code instead of exiting. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, env);
        } catch (UsageException e) {
            err.println("DemoServer: " + e.getMessage());
            err.println();
            err.print(DemoOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(DemoOptions.USAGE);
            return 0;
        }
        if (options.secret().isEmpty()) {
            // Printed, not logged: under `mvn -q exec:java` Maven's own logger swallows warnings.
            err.println("DemoServer: WARNING: " + RANDOM_SECRET_WARNING);
            options = options.withSecret(randomSecret());
        }
        DemoServer demo;
        try {
            demo = start(options);
        } catch (IllegalArgumentException e) {
            // A store spec no module understands, or a configuration the library refuses: the user's input.
            err.println("DemoServer: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("DemoServer: could not start: " + e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));
        out.println("sessions4j demo listening on " + demo.uri()
                + (options.sessions() ? "" : " (without sessions: --no-session)"));
        try {
            demo.server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Starts a server for these options and returns once it accepts connections.
     *
     * @throws IllegalArgumentException for a store spec or option the library refuses
     * @throws Exception when Jetty cannot start (port in use, ...)
     */
    public static DemoServer start(DemoOptions options) throws Exception {
        DemoSessions sessions = DemoSessions.none();
        SessionFilter filter = null;
        if (options.sessions()) {
            SessionStore store = SessionStores.open(options.store());
            SessionConfig config;
            try {
                config = SessionConfig.builder()
                        .secrets(options.secret().orElseGet(() -> {
                            LOG.warn(RANDOM_SECRET_WARNING);
                            return randomSecret();
                        }))
                        .store(store)
                        .idTransport(options.idTransport())
                        .cookie(CookieOptions.builder().maxAge(options.cookieMaxAge()).sameSite(SameSite.LAX).build())
                        .build();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            // The filter owns the store from here: Jetty destroys the filter when it stops, which closes it.
            filter = new SessionFilter(config);
            sessions = DemoSessions.filter(store.name());
        }

        QueuedThreadPool threads = options.threads() > 0
                ? new QueuedThreadPool(options.threads(), options.threads())
                : new QueuedThreadPool();
        threads.setName("demo");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Jetty reuses header fields it has seen on a connection, matching them ignoring case by default: a
        // Cookie header differing from an earlier one only in case would be read as the earlier one.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        // "" is the servlet spec's exact match for the context root: "/" only, everything else is a 404.
        context.addServlet(new ServletHolder(new CounterServlet(sessions, options.cookieMaxAge())), "");
        context.addServlet(new ServletHolder(new LoginServlet(sessions)), "/login");
        context.addServlet(new ServletHolder(new LogoutServlet(sessions)), "/logout");
        context.addServlet(new ServletHolder(new WhoAmIServlet(sessions)), "/whoami");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            if (filter != null) {
                filter.destroy();
            }
            throw e;
        }
        return new DemoServer(server);
    }

    /** The port the server listens on (the real one when started with port 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The server's base address, e.g. {@code http://127.0.0.1:3000/}. */
    public URI uri() {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Stops the server; stopping destroys the session filter, which closes the store. Idempotent. */
    @Override
    public void close() {
        try {
            if (!server.isStopped()) {
                server.stop();
            }
        } catch (Exception e) {
            LOG.warn("stopping the demo server failed", e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
