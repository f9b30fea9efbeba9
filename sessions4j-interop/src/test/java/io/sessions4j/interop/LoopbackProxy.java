package io.sessions4j.interop;

import java.net.URI;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The reverse proxy in front of a service half-way through its move from express to Java: one origin on
 * loopback, {@code /legacy} and everything under it to the Node app, the rest to the Java app (Jetty's
 * {@link ProxyHandler.Reverse}). Paths, query strings, cookies and {@code Location} headers pass through as
 * they are, so both apps see the same {@code connect.sid} cookie.
 */
final class LoopbackProxy implements AutoCloseable {
    private final Server server;
    private final int port;

    private LoopbackProxy(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static LoopbackProxy start(String legacyBaseUrl, String newBaseUrl) {
        URI legacy = URI.create(legacyBaseUrl);
        URI modern = URI.create(newBaseUrl);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new ProxyHandler.Reverse(request -> {
            HttpURI uri = request.getHttpURI();
            URI to = isLegacy(Request.getPathInContext(request)) ? legacy : modern;
            return HttpURI.build(uri).scheme(to.getScheme()).host(to.getHost()).port(to.getPort());
        }));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the proxy", e);
        }
        return new LoopbackProxy(server, connector.getLocalPort());
    }

    static boolean isLegacy(String path) {
        return path.equals("/legacy") || path.startsWith("/legacy/");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
