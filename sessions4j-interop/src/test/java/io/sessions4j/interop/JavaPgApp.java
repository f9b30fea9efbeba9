package io.sessions4j.interop;

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
import java.net.InetSocketAddress;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The Java twin of pg-app.js: the same endpoints and JSON, on SessionFilter + Jetty. */
final class JavaPgApp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Server server;

    JavaPgApp(SessionConfig config) throws Exception {
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new SessionFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                ObjectNode out = JSON.createObjectNode().put("served_by", "java");
                switch (req.getRequestURI()) {
                    case "/views": {
                        Session s = SessionFilter.session(req);
                        int views = s.get("views", Integer.class).orElse(0) + 1;
                        s.put("views", views);
                        out.put("views", views);
                        break;
                    }
                    case "/peek": {
                        Session s = SessionFilter.session(req);
                        out.put("views", s.get("views", Integer.class).orElse(0));
                        break;
                    }
                    case "/login": {
                        Session s = SessionFilter.session(req);
                        s.regenerate();
                        s.put("user", req.getParameter("user"));
                        out.put("user", req.getParameter("user"));
                        break;
                    }
                    case "/whoami":
                        out.put("user", SessionFilter.session(req).get("user", String.class).orElse(null));
                        break;
                    case "/logout":
                        SessionFilter.session(req).destroy();
                        out.put("loggedOut", true);
                        break;
                    case "/set": {
                        JsonNode value = JSON.readTree(req.getParameter("value"));
                        SessionFilter.session(req).put(req.getParameter("key"), value);
                        out.set("value", value);
                        break;
                    }
                    case "/get": {
                        Session s = SessionFilter.session(req);
                        out.put("id", s.id());
                        out.set("value", s.get(req.getParameter("key"), JsonNode.class).orElse(null));
                        break;
                    }
                    default:
                        res.sendError(404);
                        return;
                }
                res.setContentType("application/json");
                res.getWriter().print(JSON.writeValueAsString(out));
            }
        }), "/*");
        server.setHandler(context);
        server.start();
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
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
