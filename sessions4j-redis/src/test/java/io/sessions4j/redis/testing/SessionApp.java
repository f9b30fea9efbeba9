package io.sessions4j.redis.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small sessions4j application on embedded Jetty 12, the twin of the Node app in
 * {@code sessions4j-interop/node/app.js} (with either store): the same endpoints, each answering JSON.
 *
 * <ul>
 *   <li>{@code GET /views} increments {@code views}; {@code GET /peek} reads the session without changing it</li>
 *   <li>{@code GET /login?user=ada} regenerates the session and stores {@code user}; {@code GET /whoami}</li>
 *   <li>{@code GET /logout} destroys the session</li>
 *   <li>{@code GET /set?key=k&value=<json>} stores a JSON value; {@code GET /get?key=k} reads it back with the
 *       cookie's remaining {@code maxAge} and {@code expires}</li>
 * </ul>
 */
public final class SessionApp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final int port;
    private final String name;

    private SessionApp(Server server, int port, String name) {
        this.server = server;
        this.port = port;
        this.name = name;
    }

    /** Starts the app on a random loopback port; {@code name} is echoed as {@code served_by}. */
    public static SessionApp start(SessionConfig config, String name) {
        return start(config, name, new Endpoints(name));
    }

    /** The same server and filter with other endpoints: {@code servlet} on {@code /*}. */
    public static SessionApp start(SessionConfig config, String name, HttpServlet servlet) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(servlet), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty", e);
        }
        return new SessionApp(server, connector.getLocalPort(), name);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Endpoints extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String name;

        Endpoints(String name) {
            this.name = name;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            ObjectNode out = JSON.createObjectNode();
            out.put("served_by", name);
            String path = req.getRequestURI();
            switch (path) {
                case "/views" -> {
                    Session s = SessionFilter.session(req);
                    int views = s.get("views", Integer.class).orElse(0) + 1;
                    s.put("views", views);
                    out.put("views", views);
                }
                case "/peek" -> {
                    Session s = SessionFilter.session(req);
                    out.put("views", s.get("views", Integer.class).orElse(0));
                    out.put("isNew", s.isNew());
                }
                case "/login" -> {
                    Session s = SessionFilter.session(req);
                    s.regenerate();
                    s.put("user", req.getParameter("user"));
                    out.put("user", req.getParameter("user"));
                }
                case "/whoami" -> {
                    var s = SessionFilter.existingSession(req);
                    out.put("user", s.flatMap(x -> x.get("user", String.class)).orElse(null));
                }
                case "/logout" -> {
                    SessionFilter.existingSession(req).ifPresent(Session::destroy);
                    out.put("loggedOut", true);
                }
                case "/set" -> {
                    Session s = SessionFilter.session(req);
                    JsonNode value = JSON.readTree(req.getParameter("value"));
                    s.put(req.getParameter("key"), value);
                    out.set("value", value);
                }
                case "/get" -> {
                    Session s = SessionFilter.session(req);
                    out.put("id", s.id());
                    out.set("value", s.get(req.getParameter("key"), JsonNode.class).orElse(null));
                    out.put("maxAge", s.cookie().maxAge().map(d -> d.toMillis()).orElse(null));
                    out.put("originalMaxAge", s.cookie().originalMaxAge().map(d -> d.toMillis()).orElse(null));
                    out.put("expires", s.cookie().expires().map(Object::toString).orElse(null));
                }
                default -> {
                    res.sendError(404);
                    return;
                }
            }
            res.setContentType("application/json");
            res.getWriter().print(JSON.writeValueAsString(out));
        }
    }
}
