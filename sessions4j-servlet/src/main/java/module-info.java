/**
 * {@link io.sessions4j.servlet.SessionFilter}: sessions4j for Jakarta Servlet 6 containers.
 */
module io.sessions4j.servlet {
    requires transitive io.sessions4j.core;
    requires transitive jakarta.servlet;
    requires org.slf4j;

    exports io.sessions4j.servlet;
}
