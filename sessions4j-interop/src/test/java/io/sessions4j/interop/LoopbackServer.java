package io.sessions4j.interop;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A Jetty 12 server on a free loopback port, serving one handler, for the migration test's two parts. */
final class LoopbackServer implements AutoCloseable {
    private final Server server;
    private final int port;

    private LoopbackServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static LoopbackServer start(Handler handler) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty", e);
        }
        return new LoopbackServer(server, connector.getLocalPort());
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
