package io.sessions4j.peers;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The {@link CounterServlet} on embedded Jetty 12 (ee10) behind one {@link Variant}'s session library, for
 * {@code bench/peers.sh}:
 *
 * <pre>
 * java -cp "sessions4j-peers/target/classes:sessions4j-peers/target/lib/*" io.sessions4j.peers.PeerServer \
 *      --variant s4j-redis --port 3301 --redis redis://127.0.0.1:6391
 * </pre>
 *
 * Every variant gets the same connector, HTTP configuration and fixed thread pool; only the session layer
 * differs.
 */
public final class PeerServer implements AutoCloseable {
    private final Server server;
    private final SessionLayer layer;
    private boolean closed;

    private PeerServer(Server server, SessionLayer layer) {
        this.server = server;
        this.layer = layer;
    }

    /**
     * Starts the server and serves until the JVM stops; exits with 2 on a bad flag, 1 when it cannot start.
     *
     * @param args see {@link PeerOptions#USAGE}
     */
    public static void main(String[] args) {
        PeerOptions options;
        try {
            options = PeerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("PeerServer: " + e.getMessage());
            System.err.print(PeerOptions.USAGE);
            System.exit(2);
            return;
        }
        PeerServer peer;
        try {
            peer = start(options);
        } catch (Exception e) {
            System.err.println("PeerServer: could not start " + options.variant().flag() + ": " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(peer::close, "peer-shutdown"));
        System.out.println("peer server " + options.variant().flag() + " listening on http://" + options.host() + ":"
                + peer.port() + "/");
        try {
            peer.server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static PeerServer start(PeerOptions options) throws Exception {
        SessionLayer layer = layer(options);
        Server server = new Server(new QueuedThreadPool(options.threads(), options.threads()));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // As the demo server: a Cookie header differing from a cached one only in case is not taken for it.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/",
                options.variant() == Variant.JETTY_NATIVE ? ServletContextHandler.SESSIONS : ServletContextHandler.NO_SESSIONS);
        layer.filter().ifPresent(filter ->
                context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST)));
        context.addServlet(new ServletHolder(new CounterServlet(options.variant() != Variant.JETTY_NONE)), "/");
        server.setHandler(context);
        PeerServer peer = new PeerServer(server, layer);
        try {
            server.start();
        } catch (Exception e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    private static SessionLayer layer(PeerOptions options) {
        return switch (options.variant()) {
            case JETTY_NONE, JETTY_NATIVE -> SessionLayer.none();
            case SPRING_REDIS -> SpringLayer.redis(options.redis().orElseThrow());
            case SPRING_JDBC -> SpringLayer.jdbc(options.jdbc().orElseThrow());
            case S4J_MEMORY -> Sessions4jLayer.memory();
            case S4J_REDIS -> Sessions4jLayer.redis(options.redis().orElseThrow());
            case S4J_REDIS_NEAR -> Sessions4jLayer.redisNear(options.redis().orElseThrow());
            case S4J_PG -> Sessions4jLayer.postgres(options.jdbc().orElseThrow(), false);
            case S4J_PG_ASYNC -> Sessions4jLayer.postgres(options.jdbc().orElseThrow(), true);
        };
    }

    /** {@return the port the server listens on (the real one when started with port 0)} */
    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Stops Jetty (which destroys the filter), then closes what the session layer opened. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!server.isStopped()) {
                server.stop();
            }
            layer.closer().close();
        } catch (Exception e) {
            System.err.println("PeerServer: stopping failed: " + e);
        }
    }
}
