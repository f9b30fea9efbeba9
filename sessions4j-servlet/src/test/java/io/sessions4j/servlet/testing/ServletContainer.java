package io.sessions4j.servlet.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The servlet containers the filter is tested on, each started as users embed it: Jetty 12 with ee10
 * (Servlet 6.0), Jetty 12 with ee11 and Tomcat 11 (both Servlet 6.1). The filter runs for every dispatcher
 * type, servlets support async.
 */
public enum ServletContainer {
    JETTY_EE10 {
        @Override
        public TestHttpServer start(Filter filter, String cookieName, Map<String, TestHttpServer.Handler> servlets) {
            JettyHarness.Builder builder = JettyHarness.builder().filter(filter).cookieName(cookieName);
            servlets.forEach(builder::servlet);
            return builder.start();
        }
    },
    JETTY_EE11 {
        @Override
        public TestHttpServer start(Filter filter, String cookieName, Map<String, TestHttpServer.Handler> servlets) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            var context = new org.eclipse.jetty.ee11.servlet.ServletContextHandler();
            context.setContextPath("/");
            var holder = new org.eclipse.jetty.ee11.servlet.FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
            servlets.forEach((path, handler) -> {
                var servlet = new org.eclipse.jetty.ee11.servlet.ServletHolder(
                        new TestHttpServer.HandlerServlet(handler));
                servlet.setAsyncSupported(true);
                context.addServlet(servlet, path);
            });
            server.setHandler(context);
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("Jetty ee11 did not start", e);
            }
            return new Running(cookieName, connector.getLocalPort(), server::stop);
        }
    },
    TOMCAT {
        @Override
        public TestHttpServer start(Filter filter, String cookieName, Map<String, TestHttpServer.Handler> servlets) {
            Path baseDir;
            try {
                baseDir = Files.createTempDirectory("sessions4j-tomcat");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", baseDir.toString());
            FilterDef def = new FilterDef();
            def.setFilterName("sessions");
            def.setFilter(filter);
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("sessions");
            map.addURLPattern("/*");
            for (DispatcherType type : DispatcherType.values()) {
                map.setDispatcher(type.name());
            }
            context.addFilterMap(map);
            int n = 0;
            for (Map.Entry<String, TestHttpServer.Handler> e : servlets.entrySet()) {
                String name = "servlet" + n++;
                Wrapper wrapper = Tomcat.addServlet(context, name, new TestHttpServer.HandlerServlet(e.getValue()));
                wrapper.setAsyncSupported(true);
                context.addServletMappingDecoded(e.getKey(), name);
            }
            try {
                tomcat.start();
            } catch (LifecycleException e) {
                throw new IllegalStateException("Tomcat did not start", e);
            }
            return new Running(cookieName, connector.getLocalPort(), () -> {
                tomcat.stop();
                tomcat.destroy();
                try (var files = Files.walk(baseDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            });
        }
    };

    /** Starts the container with {@code filter} on {@code /*} and the servlets on their path specs. */
    public abstract TestHttpServer start(Filter filter, String cookieName, Map<String, TestHttpServer.Handler> servlets);

    /** The two Servlet 6.1 containers. */
    public static ServletContainer[] servlet61() {
        return new ServletContainer[] {JETTY_EE11, TOMCAT};
    }

    /** A started container that is not {@link JettyHarness}. */
    private static final class Running extends TestHttpServer {
        private final Stop stop;

        Running(String cookieName, int port, Stop stop) {
            super(cookieName, port);
            this.stop = stop;
        }

        @Override
        public void close() {
            try {
                stop.stop();
            } catch (Exception e) {
                throw new IllegalStateException("the container did not stop", e);
            }
        }
    }

    @FunctionalInterface
    private interface Stop {
        void stop() throws Exception;
    }
}
