package io.sessions4j.interop;

import java.net.URI;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;

/**
 * The reverse proxy in front of a service half-way through its move from express to Java: one origin on
 * loopback, {@code /legacy} and everything under it to the Node app, the rest to the Java app (Jetty's
 * {@link ProxyHandler.Reverse}). Paths, query strings, cookies and {@code Location} headers pass through as
 * they are, so both apps see the same {@code connect.sid} cookie.
 */
final class LoopbackProxy implements AutoCloseable {
    private final LoopbackServer server;

    private LoopbackProxy(LoopbackServer server) {
        this.server = server;
    }

    static LoopbackProxy start(String legacyBaseUrl, String newBaseUrl) {
        URI legacy = URI.create(legacyBaseUrl);
        URI modern = URI.create(newBaseUrl);
        return new LoopbackProxy(LoopbackServer.start(new ProxyHandler.Reverse(request -> {
            URI to = isLegacy(Request.getPathInContext(request)) ? legacy : modern;
            return HttpURI.build(request.getHttpURI()).scheme(to.getScheme()).host(to.getHost()).port(to.getPort());
        })));
    }

    static boolean isLegacy(String path) {
        return path.equals("/legacy") || path.startsWith("/legacy/");
    }

    String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
